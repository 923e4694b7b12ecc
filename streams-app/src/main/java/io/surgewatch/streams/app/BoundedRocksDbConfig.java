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
 * Sizes: {@code rocksdb.total.off.heap.bytes} (default 64 MiB) and {@code rocksdb.total.memtable.bytes} (16 MiB).
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  static final long TOTAL_OFF_HEAP = Long.getLong("rocksdb.total.off.heap.bytes", 64L << 20);
  static final long TOTAL_MEMTABLE = Long.getLong("rocksdb.total.memtable.bytes", 16L << 20);

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
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(4L << 20);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(final String storeName, final Options options) {
    // The cache and write-buffer manager are shared by every store: never closed per store.
  }
}
