package dev.recsys.data.movielens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MovieLens datasets published by GroupLens, fetched once into a local cache folder.
 *
 * <p>{@link #locate(Variant)} returns the folder of an unpacked dataset (the one holding
 * {@code ratings.csv}) and downloads only when the cache lacks it. A download is checked against
 * the size and SHA-256 recorded in {@link Variant} before anything is unpacked; the archive is
 * unpacked into a hidden temporary folder beside the dataset and renamed into place in one atomic
 * step, so a failed, interrupted or corrupt download never leaves a folder that looks like a
 * dataset, and a dataset folder in the cache is always complete.
 *
 * <p>Without network, {@code locate} fails with a {@link DownloadException} whose message says
 * how to use a local copy instead: unzip the archive into the cache folder yourself, and
 * {@code locate} will find it there.
 *
 * <p>Instances are immutable. Two processes locating the same missing dataset may both download
 * it; the first to finish publishes its copy and neither ever sees a half dataset.
 */
public final class MovieLens {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLens.class);
    private static final String BASE_URI = "https://files.grouplens.org/datasets/movielens/";

    /** A MovieLens release this cache knows the address and checksum of. */
    public enum Variant {
        /** ml-latest-small: 100,836 ratings of 9,742 movies by 610 users (a 978,202-byte zip). */
        LATEST_SMALL("ml-latest-small", 978_202L,
                "696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436"),
        /** ml-25m: 25,000,095 ratings of 62,423 movies by 162,541 users (a 261,978,986-byte zip). */
        ML_25M("ml-25m", 261_978_986L,
                "8b21cfb7eb1706b4ec0aac894368d90acf26ebdfb6aced3ebd4ad5bd1eb9c6aa");

        private final String folder;
        private final long size;
        private final String sha256;

        Variant(String folder, long size, String sha256) {
            this.folder = folder;
            this.size = size;
            this.sha256 = sha256;
        }

        /** Name of the dataset folder, which is also the top folder inside the zip, e.g. "ml-latest-small". */
        public String folder() {
            return folder;
        }

        /** The official GroupLens download address of the zip. */
        public URI uri() {
            return URI.create(BASE_URI + folder + ".zip");
        }

        /** Size of the zip in bytes. */
        public long size() {
            return size;
        }

        /** SHA-256 of the zip, 64 lower-case hex digits. */
        public String sha256() {
            return sha256;
        }
    }

    private final Path cacheDir;
    private final DownloadSource source;

    MovieLens(Path cacheDir, DownloadSource source) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.source = source;
    }

    /** The cache at {@code ~/.cache/recsys} with default timeouts; same as {@code builder().build()}. */
    public static MovieLens cache() {
        return builder().build();
    }

    /** A builder for a cache with another folder or other timeouts. */
    public static Builder builder() {
        return new Builder();
    }

    /** The folder datasets are unpacked into, one sub-folder per {@link Variant#folder()}. */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * The folder of the unpacked dataset, {@code cacheDir()/variant.folder()}, downloading,
     * verifying and unpacking it first when absent.
     *
     * @throws DownloadException when the download fails or does not match the recorded size or
     *     SHA-256; no dataset folder and no temporary file is left behind
     * @throws java.util.zip.ZipException when the verified archive holds an entry outside its top folder
     * @throws IOException when the cache folder cannot be written
     */
    public Path locate(Variant variant) throws IOException {
        Objects.requireNonNull(variant, "variant");
        return locate(variant.folder(), variant.uri(), variant.size(), variant.sha256());
    }

    /** {@link #locate(Variant)} for any source, size and checksum; tests point it at their own zips. */
    Path locate(String folder, URI uri, long size, String sha256) throws IOException {
        Path target = cacheDir.resolve(folder);
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path zip = Files.createTempFile(cacheDir, "." + folder + "-", ".zip.part");
        Path staging = null;
        try {
            download(folder, uri, size, sha256, zip);
            staging = Files.createTempDirectory(cacheDir, "." + folder + "-");
            ArchiveUnpacker.unzip(zip, staging, folder);
            publish(staging.resolve(folder), target);
            LOG.info("{} is ready in {}", folder, target);
            return target;
        } finally {
            deleteQuietly(zip);
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private void download(String folder, URI uri, long size, String sha256, Path zip) throws IOException {
        LOG.info("downloading {} ({} bytes) from {} into {}", folder, size, uri, cacheDir);
        MessageDigest digest = sha256Digest();
        long received = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = open(folder, uri); OutputStream out = Files.newOutputStream(zip)) {
            int n;
            while ((n = read(in, buffer, folder, uri)) >= 0) {
                received += n;
                if (received > size) {
                    throw new DownloadException(folder + ".zip from " + uri + ": expected " + size
                            + " bytes, received more; the download was deleted");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (received != size) {
            throw new DownloadException(folder + ".zip from " + uri + ": expected " + size + " bytes, found "
                    + received + "; the download was deleted");
        }
        String found = HexFormat.of().formatHex(digest.digest());
        if (!found.equals(sha256.toLowerCase(Locale.ROOT))) {
            throw new DownloadException(folder + ".zip from " + uri + ": expected SHA-256 " + sha256
                    + ", found " + found + "; the download was deleted");
        }
    }

    private InputStream open(String folder, URI uri) throws DownloadException {
        try {
            return source.open(uri);
        } catch (IOException e) {
            throw unavailable(folder, uri, e);
        }
    }

    private int read(InputStream in, byte[] buffer, String folder, URI uri) throws DownloadException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw unavailable(folder, uri, e);
        }
    }

    private DownloadException unavailable(String folder, URI uri, IOException cause) {
        return new DownloadException("could not download " + folder + " from " + uri + " (" + cause
                + "); download and unzip it yourself, then pass its folder with --data DIR, set RECSYS_DATA,"
                + " or unzip it into " + cacheDir + " (giving " + cacheDir.resolve(folder).resolve("ratings.csv")
                + ")", cause);
    }

    /** Renames the unpacked folder into place; when another caller got there first, keeps theirs. */
    private static void publish(Path unpacked, Path target) throws IOException {
        try {
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete temporary {}: {}", path, e.toString());
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Settings of a {@link MovieLens} cache. */
    public static final class Builder {
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "recsys");
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The folder datasets are unpacked into; default {@code ~/.cache/recsys}. Created when needed. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** How long to wait for the server to accept the connection; default 30 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long a single read may stall before the download fails; default 60 seconds. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The cache.
         *
         * @throws IllegalArgumentException when a timeout is not positive or exceeds {@code Integer.MAX_VALUE} ms
         */
        public MovieLens build() {
            checkTimeout("connect", connectTimeout);
            checkTimeout("read", readTimeout);
            return new MovieLens(cacheDir, DownloadSource.urlConnection(connectTimeout, readTimeout));
        }

        private static void checkTimeout(String name, Duration timeout) {
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(name + " timeout must be between 1 ms and "
                        + Integer.MAX_VALUE + " ms, found " + timeout);
            }
        }
    }
}
