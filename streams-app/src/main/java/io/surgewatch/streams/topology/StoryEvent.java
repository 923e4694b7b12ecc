package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An input of the story stage: an alert transition or a statement, on one internal topic. Its value
 * is a tag byte, 'A' or 'S', then the record's own versioned encoding; a new layout of the whole
 * value would take a new tag.
 */
record StoryEvent(SurgeAlert alert, StatementEvent statement) {
  static final String KEY = "stories";

  static Serde<StoryEvent> serde() {
    final Serde<SurgeAlert> alerts = InternalSerdes.avroBinary(SurgeAlert.class);
    final Serde<StatementEvent> statements = InternalSerdes.avroBinary(StatementEvent.class);
    return Serdes.serdeFrom(
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          final byte[] body =
              e.alert() != null
                  ? alerts.serializer().serialize(topic, e.alert())
                  : statements.serializer().serialize(topic, e.statement());
          final byte[] out = new byte[body.length + 1];
          out[0] = (byte) (e.alert() != null ? 'A' : 'S');
          System.arraycopy(body, 0, out, 1, body.length);
          return out;
        },
        (topic, b) -> {
          if (b == null) {
            return null;
          }
          final byte[] body = Arrays.copyOfRange(b, 1, b.length);
          return switch (b[0]) {
            case 'A' -> new StoryEvent(alerts.deserializer().deserialize(topic, body), null);
            case 'S' -> new StoryEvent(null, statements.deserializer().deserialize(topic, body));
            default ->
                throw new IllegalStateException(
                    "a story event in "
                        + topic
                        + " tagged "
                        + (b[0] & 0xff)
                        + ", which this release does not read here (it reads 'A', 'S'; 'P' and 'F' are read by StoryInput): written by a newer release?");
          };
        });
  }
}
