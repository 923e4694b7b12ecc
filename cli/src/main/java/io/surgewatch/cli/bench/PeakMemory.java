package io.surgewatch.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak heap over the run (sampled) and the process's peak RSS (VmHWM). */
final class PeakMemory {
  long peakHeap;

  void sample() {
    long used = 0;
    for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getPeakUsage().getUsed();
      }
    }
    peakHeap = Math.max(peakHeap, used);
  }

  /** In KiB, from /proc (Linux); 0 elsewhere. */
  static long peakRss() {
    return peakRss(Path.of("/proc/self/status"));
  }

  /**
   * A process's VmHWM in KiB from its /proc status file; 0 when there is none (not Linux, the
   * process gone).
   */
  static long peakRss(final Path status) {
    try {
      for (final String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (final IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
