package io.surgewatch.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Finds the Apicurio Registry distribution ({@code
 * io.apicurio:apicurio-registry-app:VERSION:tar.gz:all}) without Maven at run time and unpacks it
 * once into a cache directory.
 *
 * <p>Lookup order: system property {@code surgewatch.apicurio.dist} or environment variable {@code
 * SURGEWATCH_APICURIO_DIST} (the archive, or an unpacked directory); else the unpacked cache
 * ({@code surgewatch.apicurio.cache} / {@code SURGEWATCH_APICURIO_CACHE}, default {@code
 * ~/.surgewatch/apicurio/VERSION}); else the archive in the local Maven repository ({@code
 * -Dmaven.repo.local} or {@code ~/.m2/repository}), where the local-stack build puts it, unpacked
 * into the cache.
 */
public final class ApicurioDistribution {
  /** Kept equal to the root POM's {@code apicurio.version} by resource filtering. */
  public static final String VERSION = property("apicurio.version");

  /**
   * The local Maven repository of the build that made this jar, where it put the archive: a
   * repository set in {@code MAVEN_OPTS} or settings.xml is not the default the runtime would
   * guess.
   */
  private static final String BUILD_REPOSITORY = property("build.repository");

  private static final String ARTIFACT = "apicurio-registry-app";

  private ApicurioDistribution() {}

  /** The {@code -runner.jar} of an unpacked distribution, unpacking it first if needed. */
  public static synchronized Path runnerJar() {
    final Path explicit = explicitDist();
    final Path cache = cacheDir();
    final Path home;
    if (explicit != null) {
      home = Files.isDirectory(explicit) ? explicit : unpack(explicit, cache);
    } else {
      // An unpacked cache is enough: tests of other modules may run without -Dmaven.repo.local
      // passed down.
      home = Files.isDirectory(cache) ? cache : unpack(repositoryArchive(), cache);
    }
    final Path jar = home.resolve(ARTIFACT + "-" + VERSION + "-runner.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Apicurio distribution at " + home + " has no " + jar.getFileName());
    }
    return jar;
  }

  private static Path explicitDist() {
    final String explicit = setting("surgewatch.apicurio.dist", "SURGEWATCH_APICURIO_DIST");
    if (explicit == null) {
      return null;
    }
    final Path path = Paths.get(explicit);
    if (!Files.exists(path)) {
      throw new IllegalStateException("surgewatch.apicurio.dist points to a missing file: " + path);
    }
    return path;
  }

  /** The archive in the local Maven repository; fails with a message that says how to get it. */
  private static Path repositoryArchive() {
    final String given = System.getProperty("maven.repo.local");
    final List<String> repos = new ArrayList<>();
    if (given != null) {
      repos.add(given);
    }
    if (BUILD_REPOSITORY != null && !BUILD_REPOSITORY.startsWith("${")) {
      repos.add(BUILD_REPOSITORY);
    }
    repos.add(Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
    final String file = ARTIFACT + "-" + VERSION + "-all.tar.gz";
    final List<Path> tried = new ArrayList<>();
    for (final String repo : repos) {
      final Path archive = Paths.get(repo, "io", "apicurio", ARTIFACT, VERSION, file);
      if (Files.isRegularFile(archive)) {
        return archive;
      }
      tried.add(archive);
    }
    throw new IllegalStateException(notFoundMessage(tried));
  }

  /**
   * What to do when the archive is in none of the repositories tried. The build it suggests is
   * {@code package}, as the launcher's: {@code install} would also put this checkout's snapshot
   * jars in the local repository, over another checkout's.
   */
  static String notFoundMessage(final List<Path> tried) {
    final String file = ARTIFACT + "-" + VERSION + "-all.tar.gz";
    return "Apicurio Registry "
        + VERSION
        + " distribution not found at "
        + tried.stream().distinct().map(Path::toString).collect(Collectors.joining(" or "))
        + ". Fetch it with a build (mvn -DskipTests package -pl local-stack -am), or run: mvn"
        + " dependency:get -Dartifact=io.apicurio:"
        + ARTIFACT
        + ":"
        + VERSION
        + ":tar.gz:all -Dtransitive=false,"
        + " or set SURGEWATCH_APICURIO_DIST (-Dsurgewatch.apicurio.dist) to /path/to/"
        + file;
  }

  private static Path cacheDir() {
    final String explicit = setting("surgewatch.apicurio.cache", "SURGEWATCH_APICURIO_CACHE");
    return explicit != null
        ? Paths.get(explicit)
        : Paths.get(System.getProperty("user.home"), ".surgewatch", "apicurio", VERSION);
  }

  /**
   * Unpacks into a private temp directory, then renames it into place, so a half-unpacked cache
   * (killed build, two JVMs starting at once) is never used. We run {@code tar} rather than add
   * commons-compress: the distribution is a gzipped tar, Debian and every CI image have GNU tar,
   * and it unpacks 100 MB faster.
   */
  static Path unpack(final Path archive, final Path cache) {
    if (Files.isDirectory(cache)) {
      return cache;
    }
    final long t0 = System.nanoTime();
    final Path tmp;
    try {
      Files.createDirectories(cache.getParent());
      removeAbandonedUnpacks(cache);
      tmp = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".unpacking-");
      final Process tar =
          new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", tmp.toString())
              .redirectErrorStream(true)
              .start();
      final String output = new String(tar.getInputStream().readAllBytes());
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        deleteTree(tmp);
        throw new IllegalStateException("tar failed unpacking " + archive + ": " + output);
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive + " into " + cache, e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + archive, e);
    }
    try {
      Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
    } catch (final FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      deleteTree(tmp); // another JVM won the race; its copy is complete
    } catch (final IOException e) {
      deleteTree(tmp);
      if (!Files.isDirectory(cache)) {
        throw new UncheckedIOException("cannot move unpacked Apicurio into " + cache, e);
      }
    }
    LoggerFactory.getLogger(ApicurioDistribution.class)
        .info("Unpacked {} into {} in {} ms", archive, cache, (System.nanoTime() - t0) / 1_000_000);
    return cache;
  }

  /**
   * An unpack is given up after this long ({@code tar}'s own limit is 5 minutes): its directory was
   * left by a process killed while unpacking (about 115 MB each), not one unpacking now.
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

  /** Removes the temp directories of unpacks into {@code cache} that were killed half-way. */
  private static void removeAbandonedUnpacks(final Path cache) throws IOException {
    final String prefix = cache.getFileName() + ".unpacking-";
    final FileTime before = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(cache.getParent(), prefix + "*")) {
      for (final Path dir : siblings) {
        if (Files.getLastModifiedTime(dir).compareTo(before) < 0) {
          deleteTree(dir);
        }
      }
    }
  }

  static void deleteTree(final Path root) {
    if (!Files.exists(root)) {
      return;
    }
    // Best effort, and on past what cannot be read: another shutdown hook (a browser, a store) may
    // remove files under the walk; a leftover file is harmless, a walk given up leaves the rest.
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) {
              file.toFile().delete();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException e) {
              dir.toFile().delete();
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (final IOException e) {
      // the root itself could not be read: left
    }
  }

  private static String setting(final String property, final String env) {
    final String value = System.getProperty(property);
    return value != null && !value.isBlank() ? value : blankToNull(System.getenv(env));
  }

  private static String blankToNull(final String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String property(final String name) {
    try (InputStream in = ApicurioDistribution.class.getResourceAsStream("apicurio.properties")) {
      final Properties p = new Properties();
      p.load(in);
      return p.getProperty(name);
    } catch (final IOException | NullPointerException e) {
      throw new IllegalStateException(
          "local-stack jar lacks io/surgewatch/stack/apicurio.properties", e);
    }
  }
}
