package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for every store of the app together: one block cache and one
 * write-buffer manager shared by all stores, with index and filter blocks counted in the cache.
 * Without it each store takes its own cache and memtables, and off-heap use grows with the number
 * of stores and partitions. Sizes: {@code rocksdb.total-off-heap-bytes} (default 512 MiB) and
 * {@code rocksdb.total-memtable-bytes} (256 MiB), which SurgewatchTopology.streamsProperties puts
 * in the properties Kafka Streams hands this class (the system properties {@code
 * rocksdb.total.off.heap.bytes} and {@code rocksdb.total.memtable.bytes} still apply, deprecated,
 * through SurgewatchConfig). The cache is one per JVM: the first store to open sizes it. Too small
 * a memtable budget for this many stores makes RocksDB flush tiny files and stall writes on
 * compaction: measured here, 16 MiB left the stream thread idle most of the time, and 96 MiB (the
 * earlier default) over the six cube tasks' stores held one commit's write-back in RocksDB's put
 * for over 10 s on bench's million reports, past exactly-once's transaction timeout: the producers
 * were fenced and the tasks restored from their changelogs, a minute or more lost.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  private static Shared shared;

  private static synchronized Shared shared(final Map<String, Object> configs) {
    if (shared == null) {
      // The shared cache is created before any store opens, so the native library must be loaded
      // first.
      RocksDB.loadLibrary();
      final Cache cache =
          new LRUCache(bytes(configs, Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES), -1, false, 0.1);
      shared =
          new Shared(
              cache,
              new WriteBufferManager(bytes(configs, Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES), cache));
    }
    return shared;
  }

  /**
   * The size from Kafka Streams' properties, else the declared default (an app built without
   * streamsProperties).
   */
  private static long bytes(final Map<String, Object> configs, final String key) {
    final Object v = configs.get(key);
    return v != null
        ? Long.parseLong(v.toString().trim())
        : SurgewatchConfig.defaultsOnly().getLong(key);
  }

  @Override
  public void setConfig(
      final String storeName, final Options options, final Map<String, Object> configs) {
    final Shared bounds = shared(configs);
    final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(bounds.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(bounds.writeBuffers());
    options.setMaxWriteBufferNumber(3);
    options.setWriteBufferSize(8L << 20);
    options.setLevel0SlowdownWritesTrigger(40);
    options.setLevel0StopWritesTrigger(60);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(final String storeName, final Options options) {
    // The cache and write-buffer manager are shared by every store: never closed per store.
  }
}
