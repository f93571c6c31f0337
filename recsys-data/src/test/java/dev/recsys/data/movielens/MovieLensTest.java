package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensTest {
    private static final String RATINGS = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n";
    private static final String MOVIES = "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n";
    private static final URI SOURCE = URI.create("https://example.invalid/ml-test.zip");

    @TempDir
    Path tmp;
    Path cacheDir;

    @BeforeEach
    void setUp() {
        cacheDir = tmp.resolve("cache");
    }

    @Test
    void unpacksAVerifiedZipAndFetchesOnlyOnce() throws IOException {
        byte[] zip = zip(Map.of("ml-test/", "", "ml-test/ratings.csv", RATINGS, "ml-test/movies.csv", MOVIES));
        AtomicInteger fetches = new AtomicInteger();
        MovieLens cache = new MovieLens(cacheDir, uri -> {
            fetches.incrementAndGet();
            return new ByteArrayInputStream(zip);
        });

        Path first = cache.locate("ml-test", SOURCE, zip.length, sha256(zip));
        Path second = cache.locate("ml-test", SOURCE, zip.length, sha256(zip));

        assertThat(first).isEqualTo(cacheDir.resolve("ml-test")).isEqualTo(second);
        assertThat(fetches).hasValue(1);
        assertThat(first.resolve("ratings.csv")).hasContent(RATINGS);
        assertThat(first.resolve("movies.csv")).hasContent(MOVIES);
        assertThat(list(cacheDir)).containsExactly("ml-test");
    }

    @Test
    void aFolderUnzippedByHandIsUsedWithoutFetching() throws IOException {
        Files.createDirectories(cacheDir.resolve("ml-test"));
        MovieLens cache = new MovieLens(cacheDir, uri -> {
            throw new AssertionError("must not fetch " + uri);
        });

        assertThat(cache.locate("ml-test", SOURCE, 1, "00")).isEqualTo(cacheDir.resolve("ml-test"));
    }

    @Test
    void checksumMismatchIsAnErrorAndLeavesNothingBehind() throws IOException {
        byte[] zip = zip(Map.of("ml-test/ratings.csv", RATINGS));
        byte[] tampered = zip.clone();
        tampered[tampered.length / 2] ^= 1;
        MovieLens cache = new MovieLens(cacheDir, uri -> new ByteArrayInputStream(tampered));

        assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length, sha256(zip)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("expected SHA-256 " + sha256(zip))
                .hasMessageContaining("found " + sha256(tampered));
        assertThat(list(cacheDir)).isEmpty();
    }

    @Test
    void sizeMismatchIsAnError() throws IOException {
        byte[] zip = zip(Map.of("ml-test/ratings.csv", RATINGS));
        MovieLens cache = new MovieLens(cacheDir, uri -> new ByteArrayInputStream(zip));

        assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length + 1, sha256(zip)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("expected " + (zip.length + 1) + " bytes, found " + zip.length);
        assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length - 1, sha256(zip)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("expected " + (zip.length - 1) + " bytes, received more");
        assertThat(list(cacheDir)).isEmpty();
    }

    @Test
    void entriesEscapingTheTopFolderAreRejected() throws IOException {
        for (String evil : List.of("ml-test/../../evil.txt", "/tmp/evil.txt", "other/evil.txt")) {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("ml-test/ratings.csv", RATINGS);
            entries.put(evil, "pwned");
            byte[] zip = zip(entries);
            MovieLens cache = new MovieLens(cacheDir, uri -> new ByteArrayInputStream(zip));

            assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length, sha256(zip)))
                    .isInstanceOf(ZipException.class)
                    .hasMessageContaining("\"" + evil + "\" lies outside ml-test/");
            assertThat(list(cacheDir)).as("after %s", evil).isEmpty();
            assertThat(tmp.resolve("evil.txt")).doesNotExist();
        }
    }

    @Test
    void aZipWithoutTheExpectedTopFolderIsRejected() throws IOException {
        byte[] zip = zip(Map.of());
        MovieLens cache = new MovieLens(cacheDir, uri -> new ByteArrayInputStream(zip));

        assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length, sha256(zip)))
                .isInstanceOf(ZipException.class)
                .hasMessageContaining("expected a top folder ml-test/");
        assertThat(list(cacheDir)).isEmpty();
    }

    @Test
    void aTransferBrokenMidwayLeavesNothingThatLooksValid() throws IOException {
        byte[] zip = zip(Map.of("ml-test/ratings.csv", RATINGS));
        MovieLens cache = new MovieLens(cacheDir, uri -> new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served == zip.length / 2) {
                    throw new IOException("Connection reset");
                }
                return zip[served++] & 0xFF;
            }
        });

        assertThatThrownBy(() -> cache.locate("ml-test", SOURCE, zip.length, sha256(zip)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("Connection reset")
                .hasCauseInstanceOf(IOException.class);
        assertThat(list(cacheDir)).isEmpty();
    }

    @Test
    void offlineMessageSaysHowToUseALocalCopy() {
        MovieLens cache = new MovieLens(cacheDir, uri -> {
            throw new ConnectException("Network is unreachable");
        });

        assertThatThrownBy(() -> cache.locate(MovieLens.Variant.LATEST_SMALL))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("could not download ml-latest-small from "
                        + "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip")
                .hasMessageContaining("Network is unreachable")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("RECSYS_DATA")
                .hasMessageContaining("unzip it into " + cacheDir.toAbsolutePath());
        assertThat(cacheDir.resolve("ml-latest-small")).doesNotExist();
    }

    @Test
    void theDefaultSourceReadsFileUris() throws IOException {
        byte[] zip = zip(Map.of("ml-test/ratings.csv", RATINGS));
        Path file = Files.write(tmp.resolve("ml-test.zip"), zip);
        MovieLens cache = new MovieLens(cacheDir,
                DownloadSource.urlConnection(Duration.ofSeconds(1), Duration.ofSeconds(1)));

        Path dataset = cache.locate("ml-test", file.toUri(), zip.length, sha256(zip));

        assertThat(dataset.resolve("ratings.csv")).hasContent(RATINGS);
    }

    @Test
    void variantsPointAtTheOfficialAddresses() {
        // Addresses and checksums as published by GroupLens (see the issue text).
        assertThat(MovieLens.Variant.LATEST_SMALL.uri())
                .hasToString("https://files.grouplens.org/datasets/movielens/ml-latest-small.zip");
        assertThat(MovieLens.Variant.ML_25M.uri())
                .hasToString("https://files.grouplens.org/datasets/movielens/ml-25m.zip");
        assertThat(MovieLens.Variant.ML_25M.size()).isEqualTo(261_978_986L);
        assertThat(MovieLens.Variant.LATEST_SMALL.sha256()).hasSize(64).isLowerCase();
    }

    @Test
    void builderDefaultsToTheUserCacheFolderAndChecksTimeouts() {
        assertThat(MovieLens.cache().cacheDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "recsys").toAbsolutePath());
        assertThat(MovieLens.builder().cacheDir(cacheDir).build().cacheDir()).isEqualTo(cacheDir.toAbsolutePath());
        assertThatThrownBy(() -> MovieLens.builder().readTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read timeout");
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The reference checksum, computed over the whole array at once (the cache hashes a stream). */
    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
