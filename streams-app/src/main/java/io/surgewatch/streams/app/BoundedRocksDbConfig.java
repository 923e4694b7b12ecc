package io.surgewatch.streams.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for every store of the app together: one block cache and one write-buffer
 * manager shared by all stores, with index and filter blocks counted in the cache. Without it each store takes its
 * own cache and memtables, and off-heap use grows with the number of stores and partitions.
 * Sizes: {@code rocksdb.total.off.heap.bytes} (default 256 MiB) and {@code rocksdb.total.memtable.bytes} (96 MiB).
 * Too small a memtable budget for this many stores makes RocksDB flush tiny files and stall writes on compaction:
 * measured here, 16 MiB left the stream thread idle most of the time.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  static final long TOTAL_OFF_HEAP = Long.getLong("rocksdb.total.off.heap.bytes", 256L << 20);
  static final long TOTAL_MEMTABLE = Long.getLong("rocksdb.total.memtable.bytes", 96L << 20);

  static {
    // The shared cache is created before any store opens, so the native library must be loaded first.
    org.rocksdb.RocksDB.loadLibrary();
  }

  private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP, -1, false, 0.1);
  private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLE, CACHE);

  @Override
  public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
    final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(WRITE_BUFFERS);
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
