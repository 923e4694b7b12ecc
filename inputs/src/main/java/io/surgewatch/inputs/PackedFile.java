package io.surgewatch.inputs;

import java.io.BufferedInputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * An export as it is downloaded, packed: a zip archive (UCDP publishes its GED as {@code
 * ged241-csv.zip}), a gzip, bzip2 or xz file (pandas and R compress by the name they are given:
 * {@code kenya.csv.bz2}), or an Excel workbook ({@code .xlsx}: ACLED's curated regional files, and
 * any export a user opened in Excel and saved as a workbook). {@link #unpack} gives a plain text
 * file to read in its place, written once to a temporary directory that is deleted at exit: the
 * readers take files by path, not streams, because they read them more than once (in parts at once,
 * a scan of the first rows for the date order, {@code --replaces} reading the older export again),
 * which a decompressing stream cannot do. A file that is text already is read in place.
 *
 * <p>Recognised by its first bytes, never its name (a re-download's name says little: {@link
 * FileSignature}); what it holds is looked at the same way, so a Stata or R file compressed, or
 * binary data, is refused naming the file given and what was inside it. The temporary file is named
 * for what it came from ({@code .../ged241-csv.zip/GEDEvent_v24_1.csv}), and errors and notes name
 * the file given ({@link #nameOf}).
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
   *     archive of several exports, an old {@code .xls} workbook, a damaged archive), or it or what
   *     it holds is a file that is not read ({@link FileSignature}: a Stata dataset, an R object)
   */
  public static Unpacked unpack(final Path file) {
    try {
      final String key = FileVersion.of(file);
      final Unpacked known = DONE.get(key);
      if (known != null) {
        return known;
      }
      final Unpacked unpacked = unpack(file, file.toString(), 0, new Reach(file.toString(), ""));
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
   * How the user reaches the text of a file read, for the commands an error advises ({@link
   * WrongFormat}): an unpacked one's as it is in what was given, any other itself.
   */
  static Reach reachOf(final Path file) {
    return REACHED.getOrDefault(file, new Reach(file.toString(), ""));
  }

  /**
   * How errors, notes and dead letters name a place in a file read: the sheet and row of a
   * workbook's sheet written as CSV ({@code sheet 'Data' row 6}); a line of any other file.
   */
  static Places placesOf(final Path file) {
    return SHEETS.getOrDefault(file, Places.LINES);
  }

  /**
   * Where the advice of an error starts from: {@code name}, the file that holds the bytes refused
   * as the user can reach it (the file given, a zip's entry as unzip writes it, a compressed file's
   * name without its ending), and {@code steps}, what it takes to reach it from the file given
   * ("unzip it (unzip export.zip rows.json), then ").
   */
  record Reach(String name, String steps) {}

  /** How the user reaches the text each unpacked file holds. */
  private static final Map<Path, Reach> REACHED = new ConcurrentHashMap<>();

  /**
   * {@code said}: what was found so far, to name the file and each layer opened; {@code reach}: how
   * the user gets to the file from the one given.
   */
  private static Unpacked unpack(
      final Path file, final String said, final int depth, final Reach reach) throws IOException {
    final byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(FileSignature.LONGEST);
    }
    final FileSignature signature = FileSignature.of(start, start.length).orElse(null);
    if (signature == null) {
      if (depth == 0) {
        return new Unpacked(file, null);
      }
      try {
        FileCharset.of(file); // binary data with no signature: named here, with what it came in
      } catch (final IOException e) {
        throw new InputFileException(said + ": " + e.getMessage(), e);
      }
      REACHED.put(file, reach);
      return new Unpacked(file, said + readFrom(file));
    }
    if (signature.unpack() == null) {
      throw new InputFileException(said + ": " + signature.refusal(reach.steps(), reach.name()));
    }
    if (depth > 1) { // a zip in a gzip in a zip: no source publishes that
      throw new InputFileException(
          said + ": " + signature.what() + " inside an archive inside another");
    }
    return signature.unpack() == Packing.ZIP
        ? unzip(file, said, depth, reach)
        : decompress(file, said, depth, signature.unpack(), decompressed(signature, reach));
  }

  private static String readFrom(final Path data) {
    return " (unpacked to " + data + ": line numbers are its lines)";
  }

  /**
   * How the user reaches what a compressed file holds: by decompressing it when its name has the
   * compression's ending ({@code kenya3.dta.gz}); by the file itself otherwise, as R compresses its
   * saves ({@code x.rds}) and reads them so.
   */
  private static Reach decompressed(final FileSignature signature, final Reach reach) {
    final String ending = signature.unpack().ending;
    final String name = reach.name();
    return name.toLowerCase(Locale.ROOT).endsWith(ending)
        ? new Reach(
            name.substring(0, name.length() - ending.length()),
            reach.steps() + signature.advice(name) + ", then ")
        : reach;
  }

  private static Unpacked unzip(
      final Path file, final String said, final int depth, final Reach reach) throws IOException {
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
      return unpack(
          out,
          said + ": a zip archive, its " + entry.getName(),
          depth + 1,
          new Reach(
              entry.getName(),
              reach.steps()
                  + "unzip it (unzip "
                  + AdviceFile.shellWord(reach.name())
                  + " "
                  + AdviceFile.shellWord(entry.getName())
                  + "), then "));
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

  private static Unpacked decompress(
      final Path file, final String said, final int depth, final Packing packing, final Reach reach)
      throws IOException {
    final String name = file.getFileName().toString();
    final Path out =
        scratch(file)
            .resolve(
                name.toLowerCase(Locale.ROOT).endsWith(packing.ending)
                    ? name.substring(0, name.length() - packing.ending.length())
                    : name + ".unpacked");
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = opened(packing, raw, said);
        OutputStream o = Files.newOutputStream(out)) {
      final byte[] buffer = new byte[1 << 16];
      while (true) {
        final int n;
        try {
          n = in.read(buffer);
        } catch (final IOException e) {
          throw damaged(said, packing, e);
        }
        if (n < 0) {
          break;
        }
        o.write(buffer, 0, n);
      }
    } finally {
      out.toFile().deleteOnExit();
    }
    return unpack(out, said + ": " + packing.words, depth + 1, reach);
  }

  /** {@code raw} decompressed; the stream's header read (gzip's, xz's) may already be damaged. */
  private static InputStream opened(
      final Packing packing, final InputStream raw, final String said) {
    try {
      return packing.open(raw);
    } catch (final IOException e) {
      throw damaged(said, packing, e);
    }
  }

  private static InputFileException damaged(
      final String said, final Packing packing, final IOException e) {
    return new InputFileException(
        said
            + ": "
            + packing.words
            + " data that cannot be read ("
            + (e.getMessage() == null || e instanceof EOFException
                ? "it ends too soon"
                : e.getMessage())
            + "): download it again",
        e);
  }

  /**
   * The one entry of a zip that holds data: downloads add a codebook, a licence or a README beside
   * the export, and macOS its {@code __MACOSX} shadows; an archive of several exports is refused,
   * naming them, rather than one read and the others silently not. With no entry of a data file's
   * ending, the one entry that is no text by its first bytes ({@link FileSignature}: a Stata
   * dataset, an R object, an old {@code .xls}) is the data, so that it is named for what it is.
   */
  private static ZipEntry dataEntry(final ZipFile zip, final String said) throws IOException {
    final List<List<ZipEntry>> tiers = new ArrayList<>();
    DATA_ENDINGS.forEach(endings -> tiers.add(new ArrayList<>()));
    final List<String> all = new ArrayList<>();
    final List<ZipEntry> others = new ArrayList<>(); // of no data file's ending
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
              others.add(e);
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
      final Map<String, String> notText = new LinkedHashMap<>();
      for (final ZipEntry e : others) {
        try (InputStream in = zip.getInputStream(e)) {
          final byte[] start = in.readNBytes(FileSignature.LONGEST);
          FileSignature.of(start, start.length).ifPresent(s -> notText.put(e.getName(), s.what()));
        }
      }
      if (notText.size() == 1) {
        final String name = notText.keySet().iterator().next();
        return others.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
      }
      throw new InputFileException(
          said
              + ": a zip archive with no CSV, NDJSON or workbook file in it (it holds "
              + listed(
                  all.stream()
                      .map(n -> notText.containsKey(n) ? n + ": " + notText.get(n) : n)
                      .toList(),
                  "; ")
              + (notText.isEmpty()
                  ? ")"
                  : "): unzip it, save the export among them as CSV UTF-8 and read that"));
    }
    throw new InputFileException(
        said
            + ": a zip archive of "
            + chosen.size()
            + " data files ("
            + listed(chosen.stream().map(ZipEntry::getName).toList(), ", ")
            + "): unzip it and give each as its own --input");
  }

  private static String listed(final List<String> names, final String separator) {
    return names.size() <= 10
        ? String.join(separator, names)
        : String.join(separator, names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
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

  /**
   * How a packed file's content is read ({@code file-signatures.csv} names it): a zip archive's
   * entry, or a compressed file's one stream (several, one after another, read as one).
   */
  enum Packing {
    ZIP("a zip archive", ".zip"),
    GZIP("gzip-compressed", ".gz"),
    BZIP2("bzip2-compressed", ".bz2"),
    XZ("xz-compressed", ".xz");

    /** What a note or error says of the layer. */
    final String words;

    /** The name's ending that a file of it drops when unpacked ({@code kenya.csv.gz}). */
    final String ending;

    Packing(final String words, final String ending) {
      this.words = words;
      this.ending = ending;
    }

    InputStream open(final InputStream raw) throws IOException {
      final InputStream in = new BufferedInputStream(raw, 1 << 16);
      return switch (this) {
        case GZIP -> new GZIPInputStream(in, 1 << 16);
        case BZIP2 -> new BZip2CompressorInputStream(in, true);
        case XZ -> new XZInputStream(in);
        case ZIP -> throw new IllegalStateException("a zip archive is read by its entries");
      };
    }
  }
}
