package io.surgewatch.streams.topology;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.engine.Bucket;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.StatementCounts;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerde;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology, a pure function of the configuration.
 *
 * <pre>
 * incidents ─ incident-intake (by id: decode, validate, latest report wins, ──┬─ dead letters
 *             place in the arrival order)                                    └─ cube-contributions (by shard;
 *                                                                                progress to every shard)
 *   ─ cube (merge into the arrival order; rolling counts, surge tests) ─┬─ counts
 *                                         ├─ dead letters (too late for the shard)
 *                                         └─ alerts ─┐
 * statements ─ statement-intake ─┬─ dead letters     ├─ alert-stories (statements, related alerts) ─ alerts topic
 *                                ├─ statement counts │
 *                                └───────────────────┘
 * </pre>
 *
 * Every stateful operator, store and internal topic is named, so upgrades never orphan a changelog.
 */
public final class SurgewatchTopology {

  /**
   * The repartition to the cube's shards: its topic is {@code <application.id>-} this {@code
   * -repartition}.
   */
  public static final String CUBE_CONTRIBUTIONS = "cube-contributions";

  /**
   * The end of the cube's repartition topic's name, for tools that find it among the app's topics.
   */
  public static final String CUBE_REPARTITION_SUFFIX = "-" + CUBE_CONTRIBUTIONS + "-repartition";

  /**
   * Queryable stores (interactive queries), their keys and values. Avro values: see {@link
   * VersionedAvro}.
   */
  /**
   * Daily buckets by shard: {@link #bucketKey} -> {@link #bucketTally}; the query API computes
   * series from them.
   */
  public static final String STORE_BUCKETS = KafkaCubeStores.BUCKETS;

  /**
   * Latest event day each shard has seen: key {@link #WATERMARK_KEY}, value a {@link
   * CubeWatermark}.
   */
  public static final String STORE_CUBE_META = KafkaCubeStores.META;

  public static final String WATERMARK_KEY = KafkaCubeStores.WATERMARK;
  public static final String STORE_CUBE_KEYS =
      KafkaCubeStores.HEADS; // country|region|group -> engine state, by shard
  public static final String STORE_ALERTS =
      AlertStoryProcessor.ALERTS; // alertId -> latest SurgeAlert, one partition

  /**
   * alertId -> every transition of the alert (see {@link AlertHistory}), one partition (the story
   * task).
   */
  public static final String STORE_ALERT_HISTORY = AlertStoryProcessor.HISTORY;

  /**
   * incident id -> the winning report of the incident (an IncidentEvent), by the incidents topic's
   * partition.
   */
  public static final String STORE_INCIDENTS = IncidentIntakeProcessor.DETAILS;

  /**
   * Stage 1's report of each incident as it decided it (a set-aside one stored as a retraction),
   * for the incidents API's {@code counted}.
   */
  public static final String STORE_INCIDENT_DECISIONS = IncidentIntakeProcessor.LATEST;

  /**
   * incident id -> the latest report of the incident refused as too late, while later than the
   * report that stands (a {@link RefusedReport}), for the incidents API's {@code refusedReport}.
   */
  public static final String STORE_INCIDENT_REFUSALS = IncidentIntakeProcessor.REFUSED;

  public static final String STORE_OPEN_ALERTS =
      AlertStoryProcessor.OPEN_ALERTS; // alertId -> SurgeAlert, one partition
  public static final String STORE_STATEMENTS =
      AlertStoryProcessor.STATEMENTS; // statement id -> StatementEvent, one partition

  /** The statements API's and the dashboard's: made-at and id -> StatementEvent, one partition. */
  public static final String STORE_STATEMENT_TIMELINE = StatementTimeline.STORE;

  /**
   * The timeline's keys by what each statement is about (country, region, group), one partition.
   */
  public static final String STORE_STATEMENT_INDEX = StatementIndex.STORE;

  /**
   * statement id -> the statement as taken (a {@link TakenStatement}), kept {@link
   * #statementIdDays}, by the statements topic's partition (in tasks that are the cube's too).
   */
  public static final String STORE_STATEMENT_IDS = StatementIntakeProcessor.SEEN;

  public static final String STORE_STATEMENT_COUNTS =
      "statement-counts"; // country|KIND -> StatementCount

  /** Key under which the single story partition is found with queryMetadataForKey. */
  public static final String STORY_KEY = StoryEvent.KEY;

  private SurgewatchTopology() {}

  /**
   * How long statement intake remembers a statement's id, back from the newest statement it has (0:
   * always): as long as the timeline or the stories keep the statement, so that one sent again
   * while it is shown is not counted or shown twice, and the statements API finds it by id.
   */
  public static int statementIdDays(final SurgewatchConfig config) {
    final int timelineDays = config.getInt(Keys.STATEMENT_TIMELINE_DAYS);
    return timelineDays == 0
        ? 0
        : Math.max(config.getInt(Keys.STATEMENT_RETENTION_DAYS), timelineDays);
  }

  /** Key of a daily bucket in {@link #STORE_BUCKETS}; ordered by day within a cube key. */
  public static String bucketKey(final String cubeKey, final int epochDay) {
    return cubeKey + '|' + KafkaCubeStores.day(epochDay);
  }

  /** The epoch day of a key of {@link #STORE_BUCKETS} ({@link #bucketKey}'s). */
  public static int bucketDay(final String bucketKey) {
    return KafkaCubeStores.bucketKeyDay(bucketKey);
  }

  /** The tally of a stored bucket (see engine.Tally for its layout). */
  public static long[] bucketTally(final byte[] value) {
    return Bucket.decode(value).tally;
  }

  /**
   * {@link Keys#OPEN_DAY_FLUSH_MS} (declared at least 1: Kafka Streams schedules a wall-clock
   * punctuator).
   */
  static Duration openDayFlush(final SurgewatchConfig config) {
    return config.getMillis(Keys.OPEN_DAY_FLUSH_MS);
  }

  public static Topology build(final SurgewatchConfig config) {
    return build(config, SchemaRegistryClients.forConfig(config.clientProperties()));
  }

  /**
   * @param registry one client for every serde of the app: its caches are shared, so schemas the
   *     runner warmed at start keep the app running while the registry is unreachable
   */
  public static Topology build(final SurgewatchConfig config, final SchemaRegistryClient registry) {
    final Stages stages = new Stages(config, registry);
    final KStream<String, Routed<ShardInput>> counted = stages.incidentIntake();
    final KStream<String, StoryInput> alertStories = stages.cube(counted);
    final KStream<String, StoryInput> statementStories = stages.statementIntake();
    stages.statementCounts(statementStories);
    stages.alertStories(statementStories, alertStories);
    final Topology topology = stages.builder.build();
    // A sink of the cube's own rather than a branch of its stream: most of what the app writes is
    // count records, and through the DSL each passed a split node's tests, a value mapper and
    // their record copies and metrics on its way to the sink, a few hundredths of the stream
    // threads' time (HeldCounts forwards to it by name).
    topology.addSink(
        COUNTS_SINK,
        stages.topics.counts().name(),
        CountRecordSerializers.key(),
        CountRecordSerializers.value(stages.outputSerde(RollingCount.class).serializer()),
        CUBE);
    return topology;
  }

  /**
   * The topology's stages, each adding its stores and nodes to one builder, in the order {@link
   * #build} calls them: that order numbers the sub-topologies, hence the tasks and their state
   * directories, so it is pinned with the names ({@code TopologyShapeTest}).
   */
  private static final class Stages {
    final StreamsBuilder builder = new StreamsBuilder();
    final SurgewatchConfig config;
    final Topics topics;
    final EngineConfig engine;
    final SchemaRegistryClient registry;
    final Map<String, Object> serdeConfig;
    final Produced<String, DeadLetter> toDeadLetters;
    final Duration progressEvery;

    /**
     * The story stage keeps statements about a year (statement.retention-days): alerts cite the
     * last few weeks; the timeline keeps them for statement.timeline-days (0: all).
     */
    final int statementRetentionDays;

    final int statementTimelineDays;

    Stages(final SurgewatchConfig config, final SchemaRegistryClient registry) {
      this.config = config;
      this.topics = Topics.from(config);
      this.engine = EngineConfig.from(config);
      this.registry = registry;
      this.serdeConfig = config.clientProperties();
      this.toDeadLetters = Produced.with(Serdes.String(), outputSerde(DeadLetter.class));
      this.progressEvery = config.getMillis(Keys.PROGRESS_INTERVAL_MS);
      this.statementRetentionDays = config.getInt(Keys.STATEMENT_RETENTION_DAYS);
      this.statementTimelineDays = config.getInt(Keys.STATEMENT_TIMELINE_DAYS);
    }

    /** A serde of an output topic's values, under the registry's subjects. */
    <T extends SpecificRecord> AvroSerde<T> outputSerde(final Class<T> type) {
      return AvroSerdes.specific(type, registry, serdeConfig, false);
    }

    /**
     * Stage 1: incidents by id. Dead letters go to their topic; the counted reports' contributions
     * are returned, for the cube.
     */
    KStream<String, Routed<ShardInput>> incidentIntake() {
      builder.addStateStore(IncidentIntakeProcessor.latestStore());
      builder.addStateStore(persistent(IncidentIntakeProcessor.WATERMARK, Serdes.Long()));
      // Not cached: each report writes its incident's details under a key that no other report of
      // the commit writes (revisions aside), so the record cache folded nothing; it held the last
      // hundred megabytes of them, long enough to outlive the young generation, and they filled the
      // old one (full collections of one to two seconds in bench).
      builder.addStateStore(
          persistent(IncidentIntakeProcessor.DETAILS, Serdes.ByteArray()).withCachingDisabled());
      // Written only for reports refused as too late, read for every report that stands once it
      // holds any (RefusedReport): mostly of keys it does not hold, which a cache does not keep.
      // Not
      // cached, as the details: the incidents API reads both at one point.
      builder.addStateStore(
          persistent(IncidentIntakeProcessor.REFUSED, Serdes.ByteArray()).withCachingDisabled());
      builder.addStateStore(CommitHook.builder(IncidentIntakeProcessor.COMMIT_HOOK));
      final KStream<String, Routed<ShardInput>> intake =
          builder.stream(
                  topics.incidents().name(),
                  Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("incidents-source"))
              .process(
                  () ->
                      new IncidentIntakeProcessor(
                          registry,
                          serdeConfig,
                          engine.historyDays(),
                          EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES)),
                          progressEvery,
                          config.getMillis(Keys.PROGRESS_IDLE_MS),
                          topics.partitions()),
                  Named.as("incident-intake"),
                  IncidentIntakeProcessor.LATEST,
                  IncidentIntakeProcessor.WATERMARK,
                  IncidentIntakeProcessor.DETAILS,
                  IncidentIntakeProcessor.REFUSED,
                  IncidentIntakeProcessor.COMMIT_HOOK);

      final List<KStream<String, Routed<ShardInput>>> byOutcome = new ArrayList<>(2);
      intake
          .split(Named.as("incident-intake-"))
          .branch((k, v) -> v.isDead(), Branched.withConsumer(byOutcome::add, "dead"))
          .defaultBranch(Branched.withConsumer(byOutcome::add, "counted"));
      byOutcome
          .get(0)
          .mapValues(Routed::deadLetter, Named.as("incident-dead-letters"))
          .to(topics.deadLetter().name(), toDeadLetters.withName("incident-dead-letter-sink"));
      return byOutcome.get(1);
    }

    /** Stage 2: the cube, by shard. Returns the alert transitions at their story positions. */
    KStream<String, StoryInput> cube(final KStream<String, Routed<ShardInput>> counted) {
      builder.addStateStore(KafkaCubeStores.headsStore(KafkaCubeStores.compact(config)));
      builder.addStateStore(KafkaCubeStores.bucketsStore(KafkaCubeStores.compact(config)));
      builder.addStateStore(KafkaCubeStores.metaStore());
      builder.addStateStore(PendingBatches.store(CubeOrder.PENDING));
      builder.addStateStore(ArrivalMerge.frontiersStore(CubeOrder.FRONTIERS));
      builder.addStateStore(CommitHook.builder(CubeOrder.COMMIT_HOOK));
      builder.addStateStore(HeldCounts.builder(config.getInt(Keys.CUBE_HELD_COUNT_RECORDS)));
      final int sources = topics.incidents().partitions();
      final List<KStream<String, Routed.CubeOut>> cubeOut = new ArrayList<>(2);
      counted
          .mapValues(Routed::value, Named.as("contributions"))
          .repartition(
              Repartitioned.with(Serdes.String(), ShardInput.serde())
                  .withStreamPartitioner(new ShardInput.Partitioner())
                  .withName(CUBE_CONTRIBUTIONS)
                  .withNumberOfPartitions(topics.partitions()))
          .process(
              () ->
                  new CubeProcessor(
                      engine,
                      openDayFlush(config),
                      sources,
                      topics.incidents().name(),
                      progressEvery,
                      config.getInt(Keys.CUBE_SPAN_BUCKETS),
                      topics.partitions()),
              Named.as(CUBE),
              KafkaCubeStores.HEADS,
              KafkaCubeStores.BUCKETS,
              KafkaCubeStores.META,
              CubeOrder.PENDING,
              CubeOrder.FRONTIERS,
              CubeOrder.COMMIT_HOOK,
              HeldCounts.NAME)
          .split(Named.as(CUBE_OUTPUTS))
          .branch(
              (k, v) -> v.record() instanceof DeadLetter,
              Branched.withConsumer(cubeOut::add, "dead"))
          .defaultBranch(Branched.withConsumer(cubeOut::add, "alerts"));
      cubeOut
          .get(0)
          .mapValues(v -> (DeadLetter) v.record(), Named.as("cube-dead-letters"))
          .to(topics.deadLetter().name(), toDeadLetters.withName("cube-dead-letter-sink"));
      // Count records go from the cube to their sink directly (COUNTS_SINK, added below).
      // Alert transitions at their story positions, and the shard's progress behind them.
      return cubeOut
          .get(1)
          .map((k, v) -> KeyValue.pair(StoryEvent.KEY, v.story()), Named.as("alert-to-story"));
    }

    /**
     * Statements: dead letters to their topic; returned, the placed statements and the partitions'
     * progress, for the story stage and the counts.
     */
    KStream<String, StoryInput> statementIntake() {
      builder.addStateStore(persistent(StatementIntakeProcessor.SEEN, Serdes.ByteArray()));
      builder.addStateStore(persistent(StatementIntakeProcessor.POSITIONS, Serdes.Long()));
      final List<KStream<String, Routed<StoryInput>>> statements = new ArrayList<>(2);
      builder.stream(
              topics.statements().name(),
              Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("statements-source"))
          .process(
              () ->
                  new StatementIntakeProcessor(
                      registry,
                      serdeConfig,
                      statementIdDays(config),
                      progressEvery,
                      config.getMillis(Keys.PROGRESS_STATEMENTS_IDLE_MS),
                      topics.statements().partitions()),
              Named.as("statement-intake"),
              StatementIntakeProcessor.SEEN,
              StatementIntakeProcessor.POSITIONS)
          .split(Named.as("statement-intake-"))
          .branch((k, v) -> v.isDead(), Branched.withConsumer(statements::add, "dead"))
          .defaultBranch(Branched.withConsumer(statements::add, "valid"));
      statements
          .get(0)
          .mapValues(Routed::deadLetter, Named.as("statement-dead-letters"))
          .to(topics.deadLetter().name(), toDeadLetters.withName("statement-dead-letter-sink"));
      // Placed statements and the partitions' progress, for the story stage; the statements alone
      // for
      // the counts.
      return statements.get(1).mapValues(Routed::value, Named.as("statement-story-inputs"));
    }

    /**
     * Statements counted by country and kind ({@link StatementCounts}, as backtest counts them).
     */
    void statementCounts(final KStream<String, StoryInput> statementStories) {
      final KStream<String, StatementEvent> valid =
          statementStories
              .filter((id, v) -> v instanceof StoryInput.Placed, Named.as("placed-statements"))
              .mapValues(
                  v -> ((StoryInput.Placed) v).event().statement(), Named.as("valid-statements"));

      final Serde<StatementCount> countSerde = InternalSerdes.avroBinary(StatementCount.class);
      valid
          .flatMap(
              (id, s) ->
                  StatementCounts.keys(s).stream().map(key -> KeyValue.pair(key, s)).toList(),
              Named.as("statement-by-country-kind"))
          .groupByKey(
              Grouped.with(
                  "statements-by-country-kind",
                  Serdes.String(),
                  InternalSerdes.avroBinary(StatementEvent.class)))
          .aggregate(
              () -> null,
              StatementCounts::add,
              Named.as("statement-counting"),
              Materialized.<String, StatementCount, KeyValueStore<Bytes, byte[]>>as(
                      "statement-counts")
                  .withKeySerde(Serdes.String())
                  .withValueSerde(countSerde))
          .toStream(Named.as("statement-count-changes"))
          .to(
              topics.statementCounts().name(),
              Produced.with(Serdes.String(), outputSerde(StatementCount.class))
                  .withName("statement-counts-sink"));
    }

    /** Stage 3: one story task enriches every alert with statements and related alerts. */
    void alertStories(
        final KStream<String, StoryInput> statementStories,
        final KStream<String, StoryInput> alertStories) {
      builder.addStateStore(persistent(AlertStoryProcessor.STATEMENTS, Serdes.ByteArray()));
      builder.addStateStore(persistent(StatementTimeline.STORE, Serdes.ByteArray()));
      builder.addStateStore(persistent(StatementIndex.STORE, Serdes.ByteArray()));
      builder.addStateStore(persistent(AlertStoryProcessor.OPEN_ALERTS, Serdes.ByteArray()));
      builder.addStateStore(persistent(AlertStoryProcessor.ALERTS, Serdes.ByteArray()));
      builder.addStateStore(persistent(AlertStoryProcessor.HISTORY, Serdes.ByteArray()));
      builder.addStateStore(PendingBatches.store(AlertStoryProcessor.PENDING));
      builder.addStateStore(ArrivalMerge.frontiersStore(AlertStoryProcessor.FRONTIERS));
      builder.addStateStore(CommitHook.builder(AlertStoryProcessor.COMMIT_HOOK));
      final int statementPartitions = topics.statements().partitions();
      statementStories
          .map((id, v) -> KeyValue.pair(StoryEvent.KEY, v), Named.as("statement-to-story"))
          .merge(alertStories, Named.as("story-events"))
          .repartition(
              Repartitioned.with(Serdes.String(), StoryInput.serde())
                  .withName("alert-stories")
                  .withNumberOfPartitions(1))
          .process(
              () ->
                  new AlertStoryProcessor(
                      engine.statementContextDays(),
                      statementRetentionDays,
                      statementTimelineDays,
                      topics.partitions(),
                      statementPartitions,
                      config.getMillis(Keys.PROGRESS_STATEMENTS_IDLE_MS).isZero()),
              Named.as("alert-story"),
              AlertStoryProcessor.STATEMENTS,
              StatementTimeline.STORE,
              StatementIndex.STORE,
              AlertStoryProcessor.OPEN_ALERTS,
              AlertStoryProcessor.ALERTS,
              AlertStoryProcessor.HISTORY,
              AlertStoryProcessor.PENDING,
              AlertStoryProcessor.FRONTIERS,
              AlertStoryProcessor.COMMIT_HOOK)
          .to(
              topics.alerts().name(),
              Produced.with(Serdes.String(), outputSerde(SurgeAlert.class))
                  .withName("alerts-sink"));
    }
  }

  /** The cube's processor node, parent of {@link #COUNTS_SINK}. */
  static final String CUBE = "cube";

  /** The split of the cube's other outputs (alerts, dead letters, progress), its other child. */
  static final String CUBE_OUTPUTS = "cube-";

  /** The sink the cube forwards its count records to by name. */
  static final String COUNTS_SINK = "counts-sink";

  private static <V> StoreBuilder<KeyValueStore<String, V>> persistent(
      final String name, final Serde<V> values) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), values)
        .withCachingEnabled();
  }

  /** The app's producers' batch size unless the user sets one: see {@link #streamsProperties}. */
  static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  /** The app's Kafka Streams properties: pass-through client settings plus the app's own. */
  public static Properties streamsProperties(final SurgewatchConfig config) {
    final Properties p = new Properties();
    p.putAll(config.clientProperties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(Keys.APPLICATION_ID));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Keys.PROCESSING_GUARANTEE));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Keys.STATE_DIR));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(Keys.TOPIC_REPLICATION_FACTOR));
    // Read by BoundedRocksDbConfig, which Kafka Streams hands its properties.
    p.put(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES, config.getLong(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES));
    p.put(Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES, config.getLong(Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES));
    p.put("ensure.explicit.internal.resource.naming", "true");
    // Throughput defaults, each overridable: a second between transactions (exactly-once commits
    // are the costliest step; alerts still appear within about a second), and a record cache large
    // enough that a busy day's keys are read and changelogged once per commit rather than once per
    // event.
    p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    // A stream thread per core: one thread ran the intake and all six cube tasks on one core while
    // the other sat half idle. Tasks, not threads, own state and order, so results do not depend on
    // the count.
    p.putIfAbsent(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 128L << 20);
    // Producer batches of 256 KiB instead of the client's 16 KiB: the cube writes about 14 count
    // records and 7 changelog records a report, so 16 KiB batches filled in milliseconds and every
    // record paid for more batches and requests; about an eighth more reports a second in bench.
    // A batch still leaves at the commit (or after linger.ms), so latency is unchanged. A
    // batch.size the user gives, for every client or for producers, wins.
    if (!p.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
      p.putIfAbsent(
          StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    }
    // No waiting for a task's empty input partitions: the order that matters is the positions the
    // stages merge by (ArrivalMerge), not Kafka's best-effort timestamp alignment, and the cube's
    // task also reads the statements topic, empty in most deployments. Waiting (the default, 0)
    // also made Kafka Streams 4.4 format a log message on every pass over such a task, logging off
    // or not: a seventh of the stream threads' time while stage 1 read a backlog.
    p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    p.putIfAbsent(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
    return p;
  }
}
