package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recsys.models.ForkedJvm;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.V1File;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.FrozenRankingHead;
import dev.recsys.models.tower.FrozenMovieTower;
import dev.recsys.models.tower.FrozenUserTower;
import dev.recsys.models.tower.UserTower;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file format without ND4J: version 2 as written, version 1 as kept, and every way a
 * file can be damaged, oversized or hostile, each refused with a {@link ModelFormatException}
 * naming the part.
 */
class ModelFileTest {

    private static TrainedModels trained;
    private static Path saved;
    private static byte[] bytes;

    @BeforeAll
    static void saveOnce(@TempDir Path dir) throws IOException {
        trained = TrainedModels.shared();
        saved = dir.resolve("model.zip");
        SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking())
                .provenance(Provenance.builder().trainingData(TrainedModels.WORLD.train).build()).build().save(saved);
        bytes = Files.readAllBytes(saved);
    }

    @Test
    void versionTwoDeclaresTheSizeAndChecksumOfEveryPart() throws IOException {
        Map<String, byte[]> parts = unzip(bytes);
        assertThat(parts.keySet()).containsExactly(ModelFile.SPEC, ModelFile.CANDIDATES, ModelFile.PROVENANCE,
                ModelFile.WEIGHTS, ModelArchive.MANIFEST);
        JsonNode manifest = ModelFile.JSON.readTree(parts.get(ModelArchive.MANIFEST));
        assertThat(manifest.path("format").asText()).isEqualTo("recsys-model");
        assertThat(manifest.path("formatVersion").asInt()).isEqualTo(2);
        for (String part : List.of(ModelFile.SPEC, ModelFile.CANDIDATES, ModelFile.PROVENANCE, ModelFile.WEIGHTS)) {
            JsonNode declared = manifest.path("parts").path(part);
            assertThat(declared.path("size").asLong()).as(part).isEqualTo(parts.get(part).length);
            assertThat(declared.path("sha256").asText()).as(part)
                    .isEqualTo(HexFormat.of().formatHex(ModelArchive.sha256().digest(parts.get(part))));
        }
        ModelFile file = ModelFile.read(saved);
        assertThat(file.formatVersion()).isEqualTo(2);
        assertThat(file.provenance().timeRange().first()).isEqualTo(
                java.util.Arrays.stream(TrainedModels.WORLD.train.timestamps()).min().orElseThrow());
        assertThat(file.candidates().ids()).isEqualTo(TrainedModels.WORLD.catalog.ids());
    }

    @Test
    void aVersionOneFileFreezesToTheOutputsItWasSavedWith() throws IOException {
        // the frozen towers and head read from the kept version-1 file, against the training forward
        // pass recorded when it was saved (tolerance of FrozenTowerTest: 1e-5 · (1 + |y|))
        V1File expected = V1File.expected();
        ModelFile file = ModelFile.read(V1File.path());
        assertThat(file.formatVersion()).isEqualTo(1);
        assertThat(file.specPart()).isEqualTo(ModelFile.METADATA_V1);
        ModelSpec spec = file.spec();
        FrozenUserTower users = file.freezeUserTower(spec.retrieval().userTower());
        FrozenMovieTower movies = file.freezeMovieTower(spec.retrieval().movieTower());
        float[] candidates = movies.encode(file.candidates().ids());
        for (int row = 0; row < expected.candidateEmbeddings().length; row++) {
            assertClose(java.util.Arrays.copyOfRange(candidates, row * 6, row * 6 + 6), expected.candidateEmbeddings()[row],
                    "candidate " + row);
        }
        FrozenUserTower rankingUsers = file.freezeUserTower(spec.ranking().userTower());
        FrozenMovieTower rankingMovies = file.freezeMovieTower(spec.ranking().movieTower());
        FrozenRankingHead head = file.freezeRankingHead(rankingUsers, rankingMovies);
        assertThat(spec.ranking().biases()).isFalse(); // fields a version-1 file lacks read as the head it had
        assertThat(spec.ranking().dotProduct()).isFalse();
        // and a user tower's historyShared, which version 1 lacks, reads as no shared table
        assertThat(spec.userTowers()).extracting(UserTower.Spec::historyShared).containsOnly(false);
        assertThat(spec.historyMovieTower(spec.retrieval().userTower())).isEqualTo(-1);
        for (int i = 0; i < expected.userIds().length; i++) {
            int user = expected.userIds()[i];
            long time = expected.timestamps()[i];
            int movie = expected.movieIds()[i];
            assertClose(users.encode(user, time), expected.queryEmbeddings()[i], "query " + i);
            double rating = Math.max(0.5, Math.min(5.0, head.rating(user, rankingUsers.encode(user, time), movie,
                    rankingMovies.encode(new int[] {movie}))));
            assertThat(rating).as("rating %d", i).isCloseTo(expected.predictedRatings()[i],
                    Offset.offset(1e-5 * (1 + Math.abs(expected.predictedRatings()[i]))));
        }
    }

    @Test
    void truncatedFilesAreRefusedNamingThePart(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.zip");
        for (int length = 0; length < bytes.length; length += length < 64 || length > bytes.length - 64 ? 1 : 97) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            int at = length;
            assertThatThrownBy(() -> ModelFile.read(cut)).as("cut at %d", at).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(cut.toString())
                    .satisfies(e -> assertThat(((ModelFormatException) e).part()).isNotBlank());
        }
    }

    @Test
    void aPartLargerThanTheLimitIsRefusedBeforeItIsRead() {
        ModelLimits small = ModelLimits.builder().maxPartBytes(1_000).build();
        assertThatThrownBy(() -> ModelFile.read(saved, small)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("more than the limit of 1000 (ModelLimits.maxPartBytes)")
                .extracting(e -> ((ModelFormatException) e).part()).isIn(ModelFile.SPEC, ModelFile.CANDIDATES,
                        ModelFile.WEIGHTS);
        assertThatThrownBy(() -> ModelLimits.builder().maxPartBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPartBytes must be positive, found 0");
        assertThat(ModelLimits.defaults().maxPartBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void aPartHoldingMoreThanItDeclaresIsRefusedAfterTheDeclaredBytes(@TempDir Path dir) throws IOException {
        // the zip's directory and the manifest both say 1,000 bytes; the data inflates to 8 MiB
        Map<String, byte[]> parts = unzip(bytes);
        byte[] zeros = ZipBytes.deflatedZeros(8L << 20);
        Map<String, String> sums = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        ZipBytes zip = new ZipBytes();
        for (String part : List.of(ModelFile.SPEC, ModelFile.CANDIDATES, ModelFile.PROVENANCE)) {
            zip.deflated(part, parts.get(part));
            sums.put(part, HexFormat.of().formatHex(ModelArchive.sha256().digest(parts.get(part))));
            sizes.put(part, (long) parts.get(part).length);
        }
        zip.add(new ZipBytes.Entry(ModelFile.WEIGHTS, 8, zeros, 1_000, 0));
        sums.put(ModelFile.WEIGHTS, "0".repeat(64));
        sizes.put(ModelFile.WEIGHTS, 1_000L);
        zip.deflated(ModelArchive.MANIFEST, ZipBytes.manifest(sums, sizes));
        Path file = dir.resolve("liar.zip");
        zip.write(file);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[weights.bin]: ")
                .hasMessageContaining("holds more than the 1000 bytes it declares");
        // the zip's directory disagrees with the manifest: refused before reading
        sizes.put(ModelFile.WEIGHTS, 999L);
        ZipBytes other = new ZipBytes();
        for (String part : List.of(ModelFile.SPEC, ModelFile.CANDIDATES, ModelFile.PROVENANCE)) {
            other.deflated(part, parts.get(part));
        }
        other.add(new ZipBytes.Entry(ModelFile.WEIGHTS, 8, zeros, 1_000, 0));
        other.deflated(ModelArchive.MANIFEST, ZipBytes.manifest(sums, sizes));
        other.write(file);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[weights.bin]: the zip declares 1000 bytes, the manifest 999");
    }

    @Test
    void theTestBombReallyInflatesToWhatItSays() throws Exception {
        byte[] compressed = ZipBytes.deflatedZeros(16L << 20);
        Inflater inflater = new Inflater(true);
        inflater.setInput(compressed);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            for (int i = 0; i < n; i++) {
                assertThat(buffer[i]).isZero();
            }
            total += n;
            if (n == 0 && inflater.needsInput()) {
                break;
            }
        }
        assertThat(inflater.finished()).isTrue();
        assertThat(total).isEqualTo(16L << 20);
        assertThat(compressed.length).isLessThan(20_000);
    }

    @Test
    void zipBombsAreRefusedInA256MegabyteHeap(@TempDir Path dir) throws Exception {
        // issue 14: a 1.2 MB file inflating to 1.2 GB exhausted a 256 MB heap in SavedModel.load.
        // Four bombs, each loaded by Recommender.load and SavedModel.load in a JVM with -Xmx256m:
        // honest sizes (over the default limit), a lying directory and manifest, a version-1
        // manifest (no sizes), and the honest one again with the limit raised to 2 GB (streamed to
        // the end, then refused by its checksum; Recommender.load only).
        long huge = 1_200L << 20;
        byte[] zeros = ZipBytes.deflatedZeros(huge);
        assertThat(zeros.length).isBetween(1_000_000, 1_400_000);
        Map<String, byte[]> parts = unzip(bytes);
        Path honest = bomb(dir.resolve("honest.zip"), parts, zeros, huge, huge);
        Path liar = bomb(dir.resolve("liar.zip"), parts, zeros, 4_096, 4_096);
        Path old = bombV1(dir.resolve("v1.zip"), zeros, huge);
        assertThat(Files.size(honest)).isLessThan(1_500_000);
        ForkedJvm.Result result = ForkedJvm.run(List.of("-Xmx256m"), ForkedJvm.servingClasspath(), LoadOutcomes.class,
                honest.toString(), liar.toString(), old.toString(), "raise:" + honest);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).as(result.stdout() + result.stderr()).containsExactly(
                "Recommender honest.zip refused weights.bin",
                "SavedModel honest.zip refused weights.bin",
                "Recommender liar.zip refused weights.bin",
                "SavedModel liar.zip refused weights.bin",
                "Recommender v1.zip refused weights.bin",
                "SavedModel v1.zip refused weights.bin",
                "Recommender honest.zip refused weights.bin");
    }

    /** A version-2 model whose weights.bin is {@code zeros} (deflated), declared with these sizes. */
    private static Path bomb(Path file, Map<String, byte[]> parts, byte[] zeros, long directorySize, long manifestSize)
            throws IOException {
        ZipBytes zip = new ZipBytes();
        Map<String, String> sums = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String part : List.of(ModelFile.SPEC, ModelFile.CANDIDATES, ModelFile.PROVENANCE)) {
            zip.deflated(part, parts.get(part));
            sums.put(part, HexFormat.of().formatHex(ModelArchive.sha256().digest(parts.get(part))));
            sizes.put(part, (long) parts.get(part).length);
        }
        zip.add(new ZipBytes.Entry(ModelFile.WEIGHTS, 8, zeros, directorySize, 0));
        sums.put(ModelFile.WEIGHTS, "0".repeat(64));
        sizes.put(ModelFile.WEIGHTS, manifestSize);
        zip.deflated(ModelArchive.MANIFEST, ZipBytes.manifest(sums, sizes));
        zip.write(file);
        return file;
    }

    /** The kept version-1 file with its weights.bin replaced by {@code zeros} (a version-1 manifest has no sizes). */
    private static Path bombV1(Path file, byte[] zeros, long size) throws IOException {
        byte[] metadata = unzip(Files.readAllBytes(V1File.path())).get(ModelFile.METADATA_V1);
        String manifest = "{\"format\":\"recsys-model\",\"formatVersion\":1,\"parts\":{\"metadata.json\":\""
                + HexFormat.of().formatHex(ModelArchive.sha256().digest(metadata)) + "\",\"weights.bin\":\""
                + "0".repeat(64) + "\"}}";
        new ZipBytes().deflated(ModelFile.METADATA_V1, metadata)
                .add(new ZipBytes.Entry(ModelFile.WEIGHTS, 8, zeros, size, 0))
                .deflated(ModelArchive.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8))
                .write(file);
        return file;
    }

    @Test
    void aFlippedBitInAZipNameLengthFieldIsAModelFormatException(@TempDir Path dir) throws IOException {
        // issue 14: such a flip let an IllegalArgumentException escape load. Every bit of the name
        // length of every local header and every central directory entry.
        Path bad = dir.resolve("flipped.zip");
        int fields = 0;
        for (int at = 0; at + 4 <= bytes.length; at++) {
            int signature = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            int field = signature == 0x04034b50 ? at + 26 : signature == 0x02014b50 ? at + 28 : -1;
            if (field < 0) {
                continue;
            }
            fields++;
            for (int bit = 0; bit < 16; bit++) {
                byte[] altered = bytes.clone();
                altered[field + bit / 8] ^= (byte) (1 << (bit % 8));
                Files.write(bad, altered);
                for (Loader loader : Loader.values()) {
                    try {
                        loader.load(bad);
                    } catch (ModelFormatException e) {
                        assertThat(e.part()).isNotBlank();
                    }
                }
            }
        }
        assertThat(fields).isEqualTo(10);
    }

    @Test
    void aValidZipWithAnArchiveCommentLoads(@TempDir Path dir) throws IOException {
        // issue 14: such a file was refused as "truncated or not a zip"
        Path file = dir.resolve("commented.zip");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> part : unzip(bytes).entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
            zip.setComment("built by the release pipeline, 2026-01-01");
        }
        Files.write(file, out.toByteArray());
        assertThat(Recommender.load(file).recommend(3, TrainedModels.WORLD.train.timestamp(0), 5))
                .isEqualTo(Recommender.load(saved).recommend(3, TrainedModels.WORLD.train.timestamp(0), 5));
        try (SavedModel model = SavedModel.load(file)) {
            assertThat(model.ranking()).isPresent();
        }
    }

    @Test
    void anEndRecordClaimingACommentBeyondTheFileIsRefused(@TempDir Path dir) throws IOException {
        // found by the long fuzz run: the JDK's zip reader threw a bare EOFException for it
        byte[] altered = bytes.clone();
        altered[altered.length - 2] = 1;   // comment length 1, but the file ends with the end record
        Path file = dir.resolve("comment.zip");
        Files.write(file, altered);
        for (Loader loader : Loader.values()) {
            assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ModelFormatException.class)
                    .extracting(e -> ((ModelFormatException) e).part()).isEqualTo(ModelFormatException.CONTAINER);
        }
    }

    @Test
    void aDirectoryIsRefusedNamingThePath(@TempDir Path dir) {
        // issue 14: the message was "Is a directory" without the path
        for (Loader loader : Loader.values()) {
            assertThatThrownBy(() -> loader.load(dir)).isInstanceOf(FileSystemException.class)
                    .hasMessage(dir + ": is a directory, expected a model file");
        }
    }

    @Test
    void malformedManifestsAreRefused(@TempDir Path dir) throws IOException {
        Map<String, byte[]> parts = unzip(bytes);
        Path file = dir.resolve("manifest.zip");
        for (String manifest : List.of("not json", "[]", "{\"format\":\"other\",\"formatVersion\":2,\"parts\":{}}",
                "{\"format\":\"recsys-model\",\"formatVersion\":\"two\",\"parts\":{}}",
                "{\"format\":\"recsys-model\",\"formatVersion\":2,\"parts\":[]}",
                "{\"format\":\"recsys-model\",\"formatVersion\":2,\"parts\":{\"weights.bin\":{\"sha256\":\"xyz\",\"size\":1}}}",
                "{\"format\":\"recsys-model\",\"formatVersion\":2,\"parts\":{\"weights.bin\":{\"sha256\":\""
                        + "0".repeat(64) + "\",\"size\":-1}}}")) {
            parts.put(ModelArchive.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
            zip(file, parts);
            assertThatThrownBy(() -> ModelFile.read(file)).as(manifest).isInstanceOf(ModelFormatException.class)
                    .extracting(e -> ((ModelFormatException) e).part()).isEqualTo(ModelArchive.MANIFEST);
        }
        parts.put(ModelArchive.MANIFEST, new byte[100_000]);
        zip(file, parts);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[manifest.json]: declares 100000 bytes, more than the 65536 a manifest may hold");
    }

    @Test
    void weightsClaimingMoreValuesThanThePartHoldsAreRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        // a parameter of shape [1000000000, 1000] (4 TB of floats) in a part of a few bytes
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(weights)) {
            out.writeInt(WeightFormat.MAGIC);
            out.writeInt(1);
            out.writeUTF("user0");
            out.writeUTF("user/id");
            out.writeInt(2);
            out.writeLong(1_000_000_000L);
            out.writeLong(1_000L);
            out.writeFloat(1f);
        }
        Map<String, byte[]> parts = unzip(bytes);
        parts.remove(ModelArchive.MANIFEST);
        parts.put(ModelFile.WEIGHTS, weights.toByteArray());
        Path file = dir.resolve("claims.zip");
        ZipBytes.writeModel(file, parts);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[weights.bin]: malformed: parameter user0/user/id of shape [1000000000, 1000] "
                        + "claims 1000000000000 values, more than the 4 bytes left in the part hold");
    }

    @Test
    void settingsAndWeightsThatDisagreeAreNamed(@TempDir Path dir) throws IOException {
        Map<String, byte[]> parts = unzip(bytes);
        parts.remove(ModelArchive.MANIFEST);
        Path file = dir.resolve("disagree.zip");
        // a tower index out of range in model.json
        Map<String, byte[]> badSpec = new LinkedHashMap<>(parts);
        badSpec.put(ModelFile.SPEC, new String(parts.get(ModelFile.SPEC), StandardCharsets.UTF_8)
                .replaceFirst("\"retrieval\" : \\{\\s*\"userTower\" : 0", "\"retrieval\" : { \"userTower\" : 7")
                .getBytes(StandardCharsets.UTF_8));
        ZipBytes.writeModel(file, badSpec);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("[model.json]: invalid settings: retrieval model refers to user tower 7");
        // the weights of the retrieval model alone: the ranking towers' and the head's are missing
        Path otherFile = dir.resolve("retrieval.zip");
        SavedModel.builder().retrieval(trained.retrieval()).build().save(otherFile);
        Map<String, byte[]> swapped = new LinkedHashMap<>(parts);
        swapped.put(ModelFile.WEIGHTS, unzip(Files.readAllBytes(otherFile)).get(ModelFile.WEIGHTS));
        ZipBytes.writeModel(file, swapped);
        for (Loader loader : Loader.values()) {
            assertThatThrownBy(() -> loader.load(file)).as(loader.name()).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("[weights.bin]: ");
        }
    }

    /** The two ways to load a model file. */
    enum Loader {
        SERVING {
            @Override
            void load(Path file) throws IOException {
                Recommender.load(file);
            }
        },
        TRAINING {
            @Override
            void load(Path file) throws IOException {
                SavedModel.load(file).close();
            }
        };

        abstract void load(Path file) throws IOException;
    }

    static Map<String, byte[]> unzip(byte[] zipBytes) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        return parts;
    }

    private static void zip(Path file, Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, out.toByteArray());
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i)
                    .isCloseTo(expected[i], Offset.offset(1e-5 * (1 + Math.abs(expected[i]))));
        }
    }
}
