package io.surgewatch.inputs;

import io.surgewatch.core.DataTable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a file that is not text is, told by its first bytes ({@code file-signatures.csv}): an
 * archive or a compressed file {@link PackedFile} reads as what it holds ({@link #unpack}), or
 * another save of a data set (a Stata or SPSS file, an R or Python object, Parquet, a database, a
 * PDF), named in one error that says what to do instead of failing on its "header".
 *
 * @param bytes each byte's possible values; an empty array: any
 * @param unpack how {@link PackedFile} reads what the file holds; null when it is not read
 * @param what the file in words ("a Stata dataset (.dta)")
 * @param advice what to do instead
 */
record FileSignature(int[][] bytes, PackedFile.Packing unpack, String what, String advice) {

  private static final List<FileSignature> ALL =
      DataTable.read(FileSignature.class, "file-signatures.csv", true).stream()
          .map(FileSignature::of)
          .toList();

  /** Bytes of a file's start that tell any signature. */
  static final int LONGEST = ALL.stream().mapToInt(s -> s.bytes.length).max().orElse(0);

  private static FileSignature of(final String[] row) {
    final int[][] bytes =
        Arrays.stream(row[0].split(" +"))
            .map(
                b ->
                    "..".equals(b)
                        ? new int[0]
                        : Arrays.stream(b.split("\\|"))
                            .mapToInt(hex -> Integer.parseInt(hex, 16))
                            .toArray())
            .toArray(int[][]::new);
    return new FileSignature(
        bytes,
        row[1].isEmpty() ? null : PackedFile.Packing.valueOf(row[1].toUpperCase(Locale.ROOT)),
        row[2],
        row[3]);
  }

  /** The signature the first {@code n} bytes of {@code start} show; empty for none (text). */
  static Optional<FileSignature> of(final byte[] start, final int n) {
    return ALL.stream().filter(s -> s.matches(start, n)).findFirst();
  }

  private boolean matches(final byte[] start, final int n) {
    if (n < bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      final int b = start[i] & 0xFF;
      if (bytes[i].length > 0 && Arrays.stream(bytes[i]).noneMatch(v -> v == b)) {
        return false;
      }
    }
    return true;
  }

  /** Every signature, in the table's order. */
  static List<FileSignature> all() {
    return ALL;
  }

  /**
   * Why the file is not read, and what to do instead, the advice's commands naming {@code file}
   * ({@link AdviceFile}).
   */
  String refusal(final String file) {
    return refusal("", file);
  }

  /**
   * {@link #refusal(String)} of a file inside another: {@code steps} say how to reach it from the
   * file given ("unzip it (unzip export.zip kenya3.dta), then "), and {@code file} is its name
   * there.
   */
  String refusal(final String steps, final String file) {
    return what + ", not a text file: " + steps + advice(file);
  }

  /** What to do instead, its commands naming {@code file}. */
  String advice(final String file) {
    return AdviceFile.fill(advice, file);
  }
}
