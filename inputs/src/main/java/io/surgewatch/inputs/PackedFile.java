package io.surgewatch.inputs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An export as it is downloaded, packed: a zip archive (UCDP publishes its GED as {@code
 * ged241-csv.zip}), a gzip file, or an Excel workbook ({@code .xlsx}: ACLED's curated regional
 * files, and any export a user opened in Excel and saved as a workbook). {@link #unpack} gives a
 * plain text file to read in its place, written once to a temporary directory that is deleted at
 * exit: the readers take files by path, not streams, because they read them more than once (in
 * parts at once, a scan of the first rows for the date order, {@code --replaces} reading the older
 * export again), which a decompressing stream cannot do. A file that is text already is read in
 * place.
 *
 * <p>Recognised by its first bytes, never its name (a re-download's name says little). The
 * temporary file is named for what it came from ({@code .../ged241-csv.zip/GEDEvent_v24_1.csv}), so
 * errors and notes that name it say which archive and entry they are about.
 */
public final class PackedFile {

  /** What to read for a file; {@code note} says what was unpacked, null when nothing was. */
  public record Unpacked(Path data, String note) {}

  /**
   * The endings of the entries a zip's data may be in, by preference: an export beside a workbook
   * (a codebook) or a JSON file (a data package's description) is the export; a text file is data
   * only where nothing else is.
   */
  private static final List<List<String>> DATA_ENDINGS =
      List.of(
          List.of(".csv", ".tsv", ".ndjson", ".jsonl", ".gz"),
          List.of(".xlsx"),
          List.of(".txt"),
          List.of(".json"));

  /** How the files a download adds beside its data are named (in lower case): never data. */
  private static final List<String> DOCUMENTATION =
      List.of("readme", "licence", "license", "copying", "notice", "codebook", "terms");

  /** Unpacked once per file (by path, size and time): a run opens its inputs more than once. */
  private static final Map<String, Unpacked> DONE = new ConcurrentHashMap<>();

  /** The file each unpacked one came from, as the user named it. */
  private static final Map<Path, String> SHOWN = new ConcurrentHashMap<>();

  /** How the lines of a sheet written as CSV are named: as the sheet's rows. */
  private static final Map<Path, Places> SHEETS = new ConcurrentHashMap<>();

  private PackedFile() {}

  /**
   * The text file to read for {@code file}: itself, or its data unpacked.
   *
   * @throws InputFileException naming the file when it is packed in a way that cannot be read (an
   *     archive of several exports, an old {@code .xls} workbook, a damaged archive)
   */
  public static Unpacked unpack(final Path file) {
    try {
      final String key = FileVersion.of(file);
      final Unpacked known = DONE.get(key);
      if (known != null) {
        return known;
      }
      final Unpacked unpacked = unpack(file, file.toString(), 0);
      if (unpacked.note() != null) {
        SHOWN.put(unpacked.data(), file.toString());
      }
      DONE.put(key, unpacked);
      return unpacked;
    } catch (final IOException e) {
      throw InputFileException.cannotRead(file, e);
    }
  }

  /**
   * How errors, notes and dead letters ({@code sourceFile}) name a file read: an unpacked one by
   * the file it came from, whose line numbers are then those of its text (for a workbook, see
   * {@link #placesOf}); any other by its path.
   */
  public static String nameOf(final Path file) {
    final String shown = SHOWN.get(file);
    return shown != null ? shown : file.toString();
  }

  /**
   * How errors, notes and dead letters name a place in a file read: the sheet and row of a
   * workbook's sheet written as CSV ({@code sheet 'Data' row 6}); a line of any other file.
   */
  static Places placesOf(final Path file) {
    return SHEETS.getOrDefault(file, Places.LINES);
  }

  /** {@code said}: what was found so far, to name the file and each layer opened. */
  private static Unpacked unpack(final Path file, final String said, final int depth)
      throws IOException {
    final byte[] start = new byte[8];
    final int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(start, 0, start.length);
    }
    final Kind kind = Kind.of(start, n);
    if (kind == Kind.TEXT) {
      return depth == 0 ? new Unpacked(file, null) : new Unpacked(file, said + readFrom(file));
    }
    if (kind == Kind.OLD_WORKBOOK) {
      // Encrypted .xlsx files are kept in the same container as .xls ones.
      throw new InputFileException(
          said
              + ": an Excel 97-2003 workbook (.xls) or a password-protected workbook, which is not"
              + " read: open it in Excel (with its password) and save it as CSV UTF-8 or as an"
              + " Excel workbook (.xlsx) without a password");
    }
    if (depth > 1) { // a zip in a gzip in a zip: no source publishes that
      throw new InputFileException(said + ": " + kind.words + " inside an archive inside another");
    }
    return kind == Kind.ZIP ? unzip(file, said, depth) : gunzip(file, said, depth);
  }

  private static String readFrom(final Path data) {
    return " (unpacked to " + data + ": line numbers are its lines)";
  }

  private static Unpacked unzip(final Path file, final String said, final int depth)
      throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.getEntry("xl/workbook.xml") != null) {
        final WorkbookCsv.Written sheet = WorkbookCsv.write(file, scratch(file));
        sheet.csv().toFile().deleteOnExit();
        SHEETS.put(sheet.csv(), sheet.places());
        return new Unpacked(
            sheet.csv(),
            said
                + ": an Excel workbook: read "
                + sheet.read()
                + " as CSV (written to "
                + sheet.csv()
                + "; its records named by their rows in the sheet)");
      }
      if (openDocument(zip)) {
        throw new InputFileException(
            said
                + ": an OpenDocument file (LibreOffice), which is not read: save it as CSV UTF-8 or"
                + " as an Excel workbook (.xlsx)");
      }
      final ZipEntry entry = dataEntry(zip, said);
      final Path out = scratch(file).resolve(Path.of(entry.getName()).getFileName().toString());
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      }
      out.toFile().deleteOnExit();
      return unpack(out, said + ": a zip archive, its " + entry.getName(), depth + 1);
    } catch (final ZipException e) {
      throw new InputFileException(
          said + ": a zip archive that cannot be read (" + e.getMessage() + "): download it again",
          e);
    }
  }

  private static boolean openDocument(final ZipFile zip) throws IOException {
    final ZipEntry mimetype = zip.getEntry("mimetype");
    if (mimetype == null) {
      return false;
    }
    try (InputStream in = zip.getInputStream(mimetype)) {
      return new String(in.readNBytes(80), StandardCharsets.US_ASCII)
          .startsWith("application/vnd.oasis.opendocument");
    }
  }

  private static Unpacked gunzip(final Path file, final String said, final int depth)
      throws IOException {
    final String name = file.getFileName().toString();
    final Path out =
        scratch(file)
            .resolve(
                name.toLowerCase(Locale.ROOT).endsWith(".gz")
                    ? name.substring(0, name.length() - 3)
                    : name + ".unpacked");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        OutputStream o = Files.newOutputStream(out)) {
      in.transferTo(o);
    } catch (final ZipException | EOFException e) {
      throw new InputFileException(
          said
              + ": gzip-compressed data that cannot be read ("
              + (e.getMessage() == null ? "it ends too soon" : e.getMessage())
              + "): download it again",
          e);
    } finally {
      out.toFile().deleteOnExit();
    }
    return unpack(out, said + ": gzip-compressed", depth + 1);
  }

  /**
   * The one entry of a zip that holds data: downloads add a codebook, a licence or a README beside
   * the export, and macOS its {@code __MACOSX} shadows; an archive of several exports is refused,
   * naming them, rather than one read and the others silently not.
   */
  private static ZipEntry dataEntry(final ZipFile zip, final String said) {
    final List<List<ZipEntry>> tiers = new ArrayList<>();
    DATA_ENDINGS.forEach(endings -> tiers.add(new ArrayList<>()));
    final List<String> all = new ArrayList<>();
    zip.stream()
        .filter(e -> !e.isDirectory())
        .sorted(Comparator.comparing(ZipEntry::getName))
        .forEach(
            e -> {
              final String path = e.getName();
              final String base = Path.of(path).getFileName().toString();
              all.add(path);
              if (path.startsWith("__MACOSX/") || base.startsWith(".") || base.startsWith("~$")) {
                return;
              }
              final String lower = base.toLowerCase(Locale.ROOT);
              if (DOCUMENTATION.stream().anyMatch(lower::startsWith)) {
                return; // README.txt beside the rows of a .json: a text file, but no data
              }
              for (int t = 0; t < DATA_ENDINGS.size(); t++) {
                if (DATA_ENDINGS.get(t).stream().anyMatch(lower::endsWith)) {
                  tiers.get(t).add(e);
                  return;
                }
              }
            });
    final List<ZipEntry> chosen =
        tiers.stream().filter(t -> !t.isEmpty()).findFirst().orElse(List.of());
    if (chosen.size() == 1) {
      return chosen.get(0);
    }
    if (all.isEmpty()) {
      throw new InputFileException(said + ": an empty zip archive: download it again");
    }
    if (chosen.isEmpty()) {
      throw new InputFileException(
          said
              + ": a zip archive with no CSV, NDJSON or workbook file in it (it holds "
              + listed(all)
              + ")");
    }
    throw new InputFileException(
        said
            + ": a zip archive of "
            + chosen.size()
            + " data files ("
            + listed(chosen.stream().map(ZipEntry::getName).toList())
            + "): unzip it and give each as its own --input");
  }

  private static String listed(final List<String> names) {
    return names.size() <= 10
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
  }

  /**
   * A directory of its own for what one file holds, named for that file, under the system's
   * temporary directory, deleted at exit (the JVM deletes in the reverse order of registration: the
   * files put in it first).
   */
  private static Path scratch(final Path file) throws IOException {
    final Path base = Files.createTempDirectory("surgewatch-unpacked-");
    base.toFile().deleteOnExit();
    final Path dir = base.resolve(file.getFileName().toString());
    Files.createDirectories(dir);
    dir.toFile().deleteOnExit();
    return dir;
  }

  /** What a file's first bytes say it is. */
  private enum Kind {
    TEXT("text"),
    ZIP("a zip archive"),
    GZIP("gzip-compressed data"),
    OLD_WORKBOOK("an Excel 97-2003 or password-protected workbook");

    final String words;

    Kind(final String words) {
      this.words = words;
    }

    static Kind of(final byte[] b, final int n) {
      if (n >= 4
          && b[0] == 'P'
          && b[1] == 'K'
          && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6)) {
        return ZIP; // 5, 6: the end record first, an archive with nothing in it
      }
      if (n >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
        return GZIP;
      }
      if (n >= 8
          && (b[0] & 0xFF) == 0xD0
          && (b[1] & 0xFF) == 0xCF
          && (b[2] & 0xFF) == 0x11
          && (b[3] & 0xFF) == 0xE0
          && (b[4] & 0xFF) == 0xA1
          && (b[5] & 0xFF) == 0xB1
          && (b[6] & 0xFF) == 0x1A
          && (b[7] & 0xFF) == 0xE1) {
        return OLD_WORKBOOK;
      }
      return TEXT;
    }
  }
}
