package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.models.Fixtures;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.V1File;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The model-file half of the standing fuzz suite: small model files (one of format version 2,
 * the kept one of version 1) mutated by bit flips, overwritten bytes, truncation, deletions,
 * insertions, edits of zip header fields and edits of the manifest, then loaded. The only
 * outcomes allowed: a load that serves exactly the original's answers, or a
 * {@link ModelFormatException} naming the file and a part. Any other exception, or a load with
 * other answers, fails.
 *
 * <p>Seeded and bounded in {@code mvn verify} (a few seconds); {@code -Drecsys.fuzz.long=true}
 * adds the long properties (tens of thousands of files), which print their outcome counts.
 */
class ModelFileFuzzTest {

    private static final long TIME = Fixtures.T0 + 86_400L * 70;
    private static final int[] USERS = {1, 4, 17, 30, 999};
    private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();
    private static byte[] v2;
    private static byte[] v1;
    private static List<List<Recommendation>> v2Answers;
    private static List<List<Recommendation>> v1Answers;
    private static Path scratch;

    @BeforeContainer
    static void makeFiles() throws IOException {
        scratch = Files.createTempDirectory("model-fuzz");
        TrainedModels trained = TrainedModels.shared();
        Path file = scratch.resolve("base.zip");
        SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking()).build().save(file);
        v2 = Files.readAllBytes(file);
        v2Answers = answers(Recommender.load(file));
        v1 = Files.readAllBytes(V1File.path());
        v1Answers = answers(Recommender.load(V1File.path()));
    }

    @AfterContainer
    static void report() throws IOException {
        if (!OUTCOMES.isEmpty()) {
            System.out.println("model file fuzz outcomes: " + new TreeMap<>(OUTCOMES));
        }
        try (var files = Files.list(scratch)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(scratch);
    }

    @Property(tries = 400, seed = "20261130")
    void servingLoadOfAMutatedFileServesTheOriginalOrIsRefused(@ForAll("mutations") Mutation mutation,
            @ForAll boolean versionOne) throws IOException {
        check(mutation, versionOne, false);
    }

    @Property(tries = 40, seed = "20261201")
    void trainingLoadOfAMutatedFileLoadsTheOriginalOrIsRefused(@ForAll("mutations") Mutation mutation,
            @ForAll boolean versionOne) throws IOException {
        check(mutation, versionOne, true);
    }

    @Property(tries = 20_000, seed = "20261202")
    @AddLifecycleHook(LongModeOnly.class)
    void longServingFuzz(@ForAll("mutations") Mutation mutation, @ForAll boolean versionOne) throws IOException {
        check(mutation, versionOne, false);
    }

    @Property(tries = 2_000, seed = "20261203")
    @AddLifecycleHook(LongModeOnly.class)
    void longTrainingFuzz(@ForAll("mutations") Mutation mutation, @ForAll boolean versionOne) throws IOException {
        check(mutation, versionOne, true);
    }

    private static void check(Mutation mutation, boolean versionOne, boolean training) throws IOException {
        byte[] original = versionOne ? v1 : v2;
        Path file = scratch.resolve("mutated-" + Thread.currentThread().getId() + ".zip");
        Files.write(file, mutation.apply(original));
        String outcome;
        try {
            if (training) {
                try (SavedModel model = SavedModel.load(file)) {
                    assertThat(answers(Recommender.of(model))).as(mutation.toString())
                            .isEqualTo(answers(Recommender.load(file)));
                }
            } else {
                assertThat(answers(Recommender.load(file))).as(mutation.toString())
                        .isEqualTo(versionOne ? v1Answers : v2Answers);
            }
            outcome = "loaded";
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).as(mutation.toString()).startsWith("cannot load model " + file + " [");
            assertThat(e.part()).as(mutation.toString()).isNotBlank();
            outcome = "refused " + e.part();
        }
        OUTCOMES.computeIfAbsent((training ? "training " : "serving ") + mutation.kind() + ": " + outcome,
                k -> new AtomicLong()).incrementAndGet();
    }

    private static List<List<Recommendation>> answers(Recommender recommender) {
        List<List<Recommendation>> answers = new ArrayList<>();
        for (int user : USERS) {
            answers.add(recommender.recommend(user, TIME, 5));
        }
        return answers;
    }

    /** A change to a model file's bytes, described for the failure report. */
    interface Mutation {
        byte[] apply(byte[] original);

        String kind();
    }

    record Flips(double[] positions, int[] bits) implements Mutation {
        public byte[] apply(byte[] original) {
            byte[] out = original.clone();
            for (int i = 0; i < positions.length; i++) {
                out[(int) (positions[i] * out.length)] ^= (byte) (1 << bits[i]);
            }
            return out;
        }

        public String kind() {
            return "bit flips";
        }

        @Override
        public String toString() {
            return "Flips" + Arrays.toString(positions) + Arrays.toString(bits);
        }
    }

    record Overwrite(double position, byte value) implements Mutation {
        public byte[] apply(byte[] original) {
            byte[] out = original.clone();
            out[(int) (position * out.length)] = value;
            return out;
        }

        public String kind() {
            return "overwritten byte";
        }
    }

    record Truncate(double keep) implements Mutation {
        public byte[] apply(byte[] original) {
            return Arrays.copyOf(original, (int) (keep * original.length));
        }

        public String kind() {
            return "truncation";
        }
    }

    record Delete(double position, int length) implements Mutation {
        public byte[] apply(byte[] original) {
            int from = (int) (position * original.length);
            int to = Math.min(original.length, from + length);
            byte[] out = new byte[original.length - (to - from)];
            System.arraycopy(original, 0, out, 0, from);
            System.arraycopy(original, to, out, from, original.length - to);
            return out;
        }

        public String kind() {
            return "deletion";
        }
    }

    record Insert(double position, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] original) {
            int at = (int) (position * original.length);
            byte[] out = new byte[original.length + bytes.length];
            System.arraycopy(original, 0, out, 0, at);
            System.arraycopy(bytes, 0, out, at, bytes.length);
            System.arraycopy(original, at, out, at + bytes.length, original.length - at);
            return out;
        }

        public String kind() {
            return "insertion";
        }

        @Override
        public String toString() {
            return "Insert[" + position + ", " + Arrays.toString(bytes) + "]";
        }
    }

    /**
     * Sets one field of one zip header (local header, central directory entry or end record) to
     * an edge or random value: sizes, CRCs, name and extra lengths, offsets, methods, counts.
     */
    record HeaderEdit(double header, int field, int value) implements Mutation {
        /** Field offsets and widths: local header, central directory entry, end record. */
        private static final int[][] LOCAL = {{6, 2}, {8, 2}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}};
        private static final int[][] CENTRAL = {{8, 2}, {10, 2}, {16, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2},
            {34, 2}, {42, 4}};
        private static final int[][] END = {{4, 2}, {8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};

        public byte[] apply(byte[] original) {
            List<int[]> fields = new ArrayList<>();
            for (int at = 0; at + 4 <= original.length; at++) {
                int signature = ByteBuffer.wrap(original, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                int[][] layout = signature == 0x04034b50 ? LOCAL : signature == 0x02014b50 ? CENTRAL
                        : signature == 0x06054b50 ? END : null;
                if (layout != null) {
                    int[] chosen = layout[Math.floorMod(field, layout.length)];
                    fields.add(new int[] {at + chosen[0], chosen[1]});
                }
            }
            byte[] out = original.clone();
            int[] target = fields.get((int) (header * fields.size()));
            if (target[0] + target[1] > out.length) {
                return out;
            }
            ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            long old = target[1] == 2 ? buffer.getShort(target[0]) & 0xFFFF : buffer.getInt(target[0]) & 0xFFFF_FFFFL;
            long updated = switch (Math.floorMod(value, 6)) {
                case 0 -> 0;
                case 1 -> old + 1;
                case 2 -> old - 1;
                case 3 -> -1;
                case 4 -> old ^ (1L << Math.floorMod(value >> 3, 8 * target[1]));
                default -> value >>> 3;
            };
            if (target[1] == 2) {
                buffer.putShort(target[0], (short) updated);
            } else {
                buffer.putInt(target[0], (int) updated);
            }
            return out;
        }

        public String kind() {
            return "zip header edit";
        }
    }

    /** Rewrites the manifest's text (re-zipped, so the zip itself stays valid) with one edit. */
    record ManifestEdit(int edit, double position) implements Mutation {
        public byte[] apply(byte[] original) {
            try {
                Map<String, byte[]> parts = ModelFileTest.unzip(original);
                String manifest = new String(parts.get(ModelArchive.MANIFEST), StandardCharsets.UTF_8);
                String changed = switch (Math.floorMod(edit, 6)) {
                    case 0 -> manifest.replaceFirst("\"formatVersion\" ?: ?\\d", "\"formatVersion\" : 3");
                    case 1 -> manifest.replaceFirst("\"size\" ?: ?(\\d)", "\"size\" : 1$1");
                    case 2 -> manifest.replaceFirst("[0-9a-f]{64}", "f".repeat(64));
                    case 3 -> manifest.replace("weights.bin", "weights.bak");
                    case 4 -> manifest.substring(0, (int) (position * manifest.length()));
                    default -> manifest.replace("recsys-model", "recsys-modle");
                };
                parts.put(ModelArchive.MANIFEST, changed.getBytes(StandardCharsets.UTF_8));
                ZipBytes zip = new ZipBytes();
                parts.forEach(zip::deflated);
                return zip.bytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String kind() {
            return "manifest edit";
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Double> position = Arbitraries.doubles().between(0, 1).filter(p -> p < 1);
        Arbitrary<Mutation> flips = Combinators.combine(position.array(double[].class).ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 7).array(int[].class).ofSize(4))
                .as((p, b) -> new Flips(p, Arrays.copyOf(b, p.length)));
        Arbitrary<Mutation> overwrite = Combinators.combine(position, Arbitraries.bytes()).as(Overwrite::new);
        Arbitrary<Mutation> truncate = position.map(Truncate::new);
        Arbitrary<Mutation> delete = Combinators.combine(position, Arbitraries.integers().between(1, 300)).as(Delete::new);
        Arbitrary<Mutation> insert = Combinators.combine(position,
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)).as(Insert::new);
        Arbitrary<Mutation> header = Combinators.combine(position, Arbitraries.integers().between(0, 99),
                Arbitraries.integers()).as(HeaderEdit::new);
        Arbitrary<Mutation> manifest = Combinators.combine(Arbitraries.integers().between(0, 5), position)
                .as(ManifestEdit::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, flips), net.jqwik.api.Tuple.of(1, overwrite), net.jqwik.api.Tuple.of(1, truncate),
                net.jqwik.api.Tuple.of(1, delete), net.jqwik.api.Tuple.of(1, insert), net.jqwik.api.Tuple.of(3, header),
                net.jqwik.api.Tuple.of(1, manifest));
    }

    /** Runs a property only with {@code -Drecsys.fuzz.long=true}. */
    static final class LongModeOnly implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean("recsys.fuzz.long") ? SkipResult.doNotSkip()
                    : SkipResult.skip("long fuzz mode is off: run with -Drecsys.fuzz.long=true");
        }
    }
}
