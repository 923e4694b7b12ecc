package io.surgewatch.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A Strimzi {@code KafkaUser} of the manifests: its name, how it authenticates, and its ACLs
 * (simple authorization) as the AclBindings the User Operator creates for them, for the principal
 * {@code User:<name>}.
 */
record KafkaUser(String name, String authentication, String cluster, List<AclBinding> acls) {

  /** The name Strimzi gives the cluster resource in an ACL. */
  private static final String CLUSTER_RESOURCE = "kafka-cluster";

  static List<KafkaUser> in(final Rendering rendering) {
    return rendering.ofKind("KafkaUser").stream().map(KafkaUser::of).toList();
  }

  static KafkaUser of(final Map<String, Object> resource) {
    final String name = Yamls.str(Yamls.at(resource, "metadata", "name"));
    final String principal = "User:" + name;
    final List<AclBinding> acls = new ArrayList<>();
    for (final Object acl : Yamls.list(Yamls.at(resource, "spec", "authorization", "acls"))) {
      final ResourcePattern pattern = pattern(Yamls.map(Yamls.map(acl).get("resource")));
      final String host = Yamls.map(acl).getOrDefault("host", "*").toString();
      final AclPermissionType permission =
          "deny".equals(Yamls.map(acl).get("type"))
              ? AclPermissionType.DENY
              : AclPermissionType.ALLOW;
      final List<Object> operations = new ArrayList<>(Yamls.list(Yamls.map(acl).get("operations")));
      if (Yamls.map(acl).get("operation") != null) { // the single form older manifests use
        operations.add(Yamls.map(acl).get("operation"));
      }
      for (final Object operation : operations) {
        acls.add(
            new AclBinding(
                pattern,
                new AccessControlEntry(
                    principal, host, operation(operation.toString()), permission)));
      }
    }
    return new KafkaUser(
        name,
        Yamls.str(Yamls.at(resource, "spec", "authentication", "type")),
        Yamls.str(Yamls.at(resource, "metadata", "labels", "strimzi.io/cluster")),
        List.copyOf(acls));
  }

  String principal() {
    return "User:" + name;
  }

  /** The ACLs on topics, groups or transactional ids with a pattern of {@code name}. */
  List<AclBinding> on(final ResourceType type) {
    return acls.stream().filter(a -> a.pattern().resourceType() == type).toList();
  }

  private static ResourcePattern pattern(final Map<String, Object> resource) {
    final String type = String.valueOf(resource.get("type"));
    final PatternType patternType =
        "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL;
    return switch (type) {
      case "topic" -> new ResourcePattern(ResourceType.TOPIC, name(resource), patternType);
      case "group" -> new ResourcePattern(ResourceType.GROUP, name(resource), patternType);
      case "transactionalId" ->
          new ResourcePattern(ResourceType.TRANSACTIONAL_ID, name(resource), patternType);
      case "cluster" ->
          new ResourcePattern(ResourceType.CLUSTER, CLUSTER_RESOURCE, PatternType.LITERAL);
      default -> throw new IllegalArgumentException("unknown ACL resource type " + type);
    };
  }

  private static String name(final Map<String, Object> resource) {
    final Object name = resource.get("name");
    if (name == null) {
      throw new IllegalArgumentException("an ACL resource without a name: " + resource);
    }
    return name.toString();
  }

  /** Strimzi's operation names are Kafka's in camel case: DescribeConfigs is DESCRIBE_CONFIGS. */
  private static AclOperation operation(final String name) {
    return AclOperation.valueOf(
        name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
  }
}
