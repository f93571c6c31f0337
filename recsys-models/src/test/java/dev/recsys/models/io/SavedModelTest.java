package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.models.Fixtures;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.V1File;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Save, load, and every way a model file can be broken. */
class SavedModelTest {

    private static final Fixtures WORLD = TrainedModels.WORLD;
    private static TrainedModels trained;

    private static SavedModel toSave(TrainedModels trained) {
        return SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking())
                .provenance(Provenance.builder().seed(7).dataFingerprint(Provenance.fingerprint(WORLD.train))
                        .training("epochs", "2").metrics(Map.of("rmse", 1.25)).build())
                .build();
    }

    @BeforeAll
    static void trainOnce() {
        trained = TrainedModels.shared();
    }

    @Test
    void roundTripGivesIdenticalScoresRecommendationsAndMetadata(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        try (SavedModel loaded = SavedModel.load(file)) {
            RetrievalModel retrieval = loaded.retrieval().orElseThrow();
            RankingModel ranking = loaded.ranking().orElseThrow();
            assertThat(floats(retrieval.candidateEmbeddings())).isEqualTo(floats(trained.retrieval().candidateEmbeddings()));
            assertThat(floats(retrieval.queryEmbeddings(WORLD.test)))
                    .isEqualTo(floats(trained.retrieval().queryEmbeddings(WORLD.test)));
            assertThat(ranking.predict(WORLD.test)).isEqualTo(trained.ranking().predict(WORLD.test));

            Recommender original = Recommender.of(trained.retrieval(), trained.ranking());
            Recommender reloaded = Recommender.of(loaded);
            for (int user = 1; user <= Fixtures.USERS; user += 7) {
                assertThat(reloaded.recommend(user, Fixtures.T0, 5)).isEqualTo(original.recommend(user, Fixtures.T0, 5));
            }
            assertThat(loaded.candidates().ids()).isEqualTo(WORLD.catalog.ids());
            assertThat(loaded.candidates().titles()).isEqualTo(WORLD.catalog.titles());
            assertThat(loaded.candidates().genres()).isEqualTo(WORLD.catalog.genres());
            Provenance provenance = loaded.provenance();
            assertThat(provenance.seed()).isEqualTo(7);
            assertThat(provenance.training()).containsEntry("epochs", "2");
            assertThat(provenance.metrics()).containsEntry("rmse", 1.25);
            assertThat(provenance.dataFingerprint()).isEqualTo(Provenance.fingerprint(WORLD.train)).hasSize(64);
            assertThat(provenance.libraryVersion()).isNotEmpty();
        }
    }

    @Test
    void retrievalAloneRoundTripsWithoutRanking(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("retrieval.zip");
        SavedModel.builder().retrieval(trained.retrieval()).build().save(file);
        try (SavedModel loaded = SavedModel.load(file)) {
            assertThat(loaded.ranking()).isEmpty();
            assertThat(floats(loaded.retrieval().orElseThrow().candidateEmbeddings()))
                    .isEqualTo(floats(trained.retrieval().candidateEmbeddings()));
        }
    }

    @Test
    void aVersionOneFileLoadsToTheScoresItWasSavedWith() throws IOException {
        V1File expected = V1File.expected();
        try (SavedModel loaded = SavedModel.load(V1File.path())) {
            // the training forward pass on the restored float32 weights, as at saving time: ND4J on
            // the same weights and shapes gives the same floats
            try (INDArray candidates = loaded.retrieval().orElseThrow().candidateEmbeddings();
                 INDArray queries = loaded.retrieval().orElseThrow().queryEmbeddings(expected.queries())) {
                assertThat(candidates.toFloatMatrix()).isDeepEqualTo(expected.candidateEmbeddings());
                assertThat(queries.toFloatMatrix()).isDeepEqualTo(expected.queryEmbeddings());
            }
            assertThat(loaded.ranking().orElseThrow().predict(expected.queries())).isEqualTo(expected.predictedRatings());
            assertThat(loaded.provenance().training()).containsEntry("epochs", "2");
            assertThat(loaded.provenance().timeRange()).isNull();
        }
    }

    @Test
    void fingerprintChangesWithTheData() {
        assertThat(Provenance.fingerprint(WORLD.train)).isNotEqualTo(Provenance.fingerprint(WORLD.test))
                .isEqualTo(Provenance.fingerprint(WORLD.train.slice(0, WORLD.train.size())));
    }

    @Test
    void truncatedFilesAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 10, bytes.length / 3, bytes.length / 2, bytes.length - 30, bytes.length - 1}) {
            Path cut = dir.resolve("cut" + length + ".zip");
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> SavedModel.load(cut)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(cut.toString());
        }
    }

    @Test
    void aFlippedByteIsRefusedOrChangesNothing(@TempDir Path dir) throws IOException {
        // Every flip inside a part's data is caught by zip's CRC or the manifest's SHA-256; flips in
        // zip bookkeeping that load never reads (e.g. the central directory) leave the content
        // intact. Either way no altered model loads.
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        byte[] bytes = Files.readAllBytes(file);
        float[] expected = floats(trained.retrieval().candidateEmbeddings());
        double[] expectedRatings = trained.ranking().predict(WORLD.test);
        SplittableRandom random = new SplittableRandom(1);
        int refused = 0;
        for (int trial = 0; trial < 60; trial++) {
            byte[] altered = bytes.clone();
            int position = trial == 0 ? bytes.length / 2 : random.nextInt(bytes.length);
            altered[position] ^= (byte) (1 + random.nextInt(255));
            Path bad = dir.resolve("flip" + trial + ".zip");
            Files.write(bad, altered);
            try (SavedModel loaded = SavedModel.load(bad)) {
                assertThat(floats(loaded.retrieval().orElseThrow().candidateEmbeddings())).isEqualTo(expected);
                assertThat(loaded.ranking().orElseThrow().predict(WORLD.test)).isEqualTo(expectedRatings);
            } catch (ModelFormatException e) {
                assertThat(e).hasMessageContaining(bad.toString());
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(30);
    }

    @Test
    void aFlippedWeightIsNamedAsAChecksumMismatch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        Map<String, byte[]> parts = unzip(file);
        parts.get(ModelFile.WEIGHTS)[100] ^= 1;
        zip(file, parts);
        assertThatThrownBy(() -> SavedModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[weights.bin]: checksum mismatch")
                .extracting(e -> ((ModelFormatException) e).part()).isEqualTo(ModelFile.WEIGHTS);
    }

    @Test
    void anUnknownFormatVersionIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        Map<String, byte[]> parts = unzip(file);
        String manifest = new String(parts.get(ModelArchive.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"formatVersion\" : 2");
        parts.put(ModelArchive.MANIFEST, manifest.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3")
                .getBytes(StandardCharsets.UTF_8));
        zip(file, parts);
        assertThatThrownBy(() -> SavedModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("cannot load model " + file + " [manifest.json]: unsupported format version 3, "
                        + "this library reads versions 1 to 2");
    }

    @Test
    void aMissingPartIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        Map<String, byte[]> parts = unzip(file);
        parts.remove(ModelFile.WEIGHTS);
        zip(file, parts);
        assertThatThrownBy(() -> SavedModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("cannot load model " + file + " [weights.bin]: missing part weights.bin in the zip");
        parts.remove(ModelArchive.MANIFEST);
        zip(file, parts);
        assertThatThrownBy(() -> SavedModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing part manifest.json");
    }

    @Test
    void aMissingFileIsNoSuchFile(@TempDir Path dir) {
        assertThatThrownBy(() -> SavedModel.load(dir.resolve("absent.zip"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anInterruptedSaveLeavesThePreviousFileIntact(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        toSave(trained).save(file);
        byte[] before = Files.readAllBytes(file);
        TrainedModels other = TrainedModels.train(4);
        try {
            assertThatThrownBy(() -> toSave(other).save(file, out -> new FailAfter(out, 2_000)))
                    .isInstanceOf(IOException.class).hasMessage("disk full (test)");
        } finally {
            other.close();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        try (SavedModel loaded = SavedModel.load(file)) {
            assertThat(loaded.ranking().orElseThrow().predict(WORLD.test)).isEqualTo(trained.ranking().predict(WORLD.test));
        }
    }

    @Test
    void savingNeedsAModel() {
        assertThatThrownBy(() -> SavedModel.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found neither");
    }

    private static float[] floats(INDArray array) {
        try (array) {
            return array.data().asFloat();
        }
    }

    private static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        return parts;
    }

    private static void zip(Path file, Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
    }

    /** A stream that fails like a full disk after some bytes. */
    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long bytes) {
            super(out);
            this.left = bytes;
        }

        @Override
        public void write(int b) throws IOException {
            if (--left < 0) {
                throw new IOException("disk full (test)");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
