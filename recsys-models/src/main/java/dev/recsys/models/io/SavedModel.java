package dev.recsys.models.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.models.task.Ranking;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained retrieval model, ranking model, or both, with everything needed to serve them, saved
 * to and loaded from one file.
 *
 * <p><b>Format</b> (version {@value #FORMAT_VERSION}): one zip file holding three parts.
 * <ul>
 *   <li>{@code manifest.json}: {@code {"format":"recsys-model","formatVersion":1,"parts":{name: sha256}}},
 *       the SHA-256 of every other part;</li>
 *   <li>{@code metadata.json} (Jackson): the {@link Provenance}, the candidate catalogue (ids,
 *       titles, genres), each tower's settings with its fitted encoders and vocabularies, and the
 *       ranking head's settings;</li>
 *   <li>{@code weights.bin}: every parameter as float32, big-endian: magic {@code RSWT}, a count,
 *       then per parameter its store name ({@code user0}, {@code movie0}, {@code head}), name,
 *       shape and values.</li>
 * </ul>
 * One file rather than a folder because a file can be replaced atomically (written to a temporary
 * file in the same folder, then renamed over the old one with {@code ATOMIC_MOVE}), copied and
 * deployed as one artifact, and never seen half-updated; zip keeps the JSON readable with any
 * unzip tool. Loading reads the whole file, checks the format name and version, that every part is
 * present and that every part's SHA-256 matches the manifest (zip's CRC-32 covers the manifest
 * itself), and only then builds anything: a truncated or altered file is refused with a
 * {@link ModelFormatException} naming the part, never loaded half-way.
 *
 * <p>A loaded model scores exactly as the saved one: the towers are rebuilt from their settings
 * and every float32 weight is restored bit for bit. Towers shared by the two models stay shared.
 * The retrieval task's training state (the fitted sampling correction) is not saved: a loaded
 * model is for serving, or for training anew.
 *
 * <pre>{@code
 * SavedModel.builder().retrieval(retrieval).ranking(ranking).provenance(provenance).build().save(path);
 * try (SavedModel loaded = SavedModel.load(path)) {
 *     Recommender recommender = Recommender.of(loaded);
 * }
 * }</pre>
 *
 * <p>Ownership: a loaded model owns its towers and head and {@link #close()} frees them; a model
 * made by {@link #builder()} only refers to the caller's models, and closing it does nothing.
 */
public final class SavedModel implements AutoCloseable {

    /** The format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    static final String FORMAT = "recsys-model";
    static final String MANIFEST = "manifest.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "weights.bin";
    private static final int MAGIC = 0x52535754;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final RetrievalModel retrieval;
    private final RankingModel ranking;
    private final Catalog candidates;
    private final Provenance provenance;
    private final boolean owned;

    private SavedModel(RetrievalModel retrieval, RankingModel ranking, Catalog candidates, Provenance provenance,
                       boolean owned) {
        this.retrieval = retrieval;
        this.ranking = ranking;
        this.candidates = candidates;
        this.provenance = provenance;
        this.owned = owned;
    }

    /** Starts a model to save: at least one of the retrieval and ranking models is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The retrieval model, if saved. */
    public Optional<RetrievalModel> retrieval() {
        return Optional.ofNullable(retrieval);
    }

    /** The ranking model, if saved. */
    public Optional<RankingModel> ranking() {
        return Optional.ofNullable(ranking);
    }

    /** The candidate movies, in the retrieval model's row order. */
    public Catalog candidates() {
        return candidates;
    }

    /** Where the model came from. */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * Writes the model to {@code file} atomically: a crash mid-way leaves the previous file (if any)
     * as it was, and a partial temporary file that is removed when possible.
     *
     * @param file the zip file to create or replace; its folder is created if needed
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        save(file, UnaryOperator.identity());
    }

    /** {@link #save(Path)} with the file's output stream wrapped, so tests can make a write fail. */
    void save(Path file, UnaryOperator<OutputStream> wrap) throws IOException {
        byte[] weights = weights();
        byte[] metadata = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata());
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(METADATA, sha256(metadata));
        sums.put(WEIGHTS, sha256(weights));
        byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                new Manifest(FORMAT, FORMAT_VERSION, sums));

        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // a sibling, so the final rename stays within one file system; created with the default
        // permissions (not createTempFile's owner-only ones) so the saved file is readable as usual
        Path temp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(
                         wrap.apply(Channels.newOutputStream(channel))))) {
                put(zip, MANIFEST, manifest);
                put(zip, METADATA, metadata);
                put(zip, WEIGHTS, weights);
                zip.finish();
                zip.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Reads a model saved by {@link #save(Path)}; the caller closes it.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws ModelFormatException if it is not a model of this format version, a part is missing,
     *     a checksum does not match, or the content is malformed
     * @throws IOException if reading fails
     */
    public static SavedModel load(Path file) throws IOException {
        Map<String, byte[]> parts = readZip(file);
        byte[] manifestBytes = parts.get(MANIFEST);
        if (manifestBytes == null) {
            throw new ModelFormatException(file, "missing part " + MANIFEST + " (not a recsys model file?)");
        }
        Manifest manifest = parse(file, MANIFEST, manifestBytes, Manifest.class);
        if (!FORMAT.equals(manifest.format())) {
            throw new ModelFormatException(file, "format is '" + manifest.format() + "', expected '" + FORMAT + "'");
        }
        if (manifest.formatVersion() != FORMAT_VERSION) {
            throw new ModelFormatException(file, "unsupported format version " + manifest.formatVersion()
                    + ", this library reads version " + FORMAT_VERSION);
        }
        for (String part : List.of(METADATA, WEIGHTS)) {
            byte[] bytes = parts.get(part);
            String expected = manifest.parts() == null ? null : manifest.parts().get(part);
            if (bytes == null || expected == null) {
                throw new ModelFormatException(file, "missing part " + part
                        + (bytes == null ? " in the zip" : " in the manifest"));
            }
            String found = sha256(bytes);
            if (!found.equals(expected)) {
                throw new ModelFormatException(file, "checksum mismatch in " + part + ": expected sha256 " + expected
                        + ", found " + found + " (file altered or truncated)");
            }
        }
        Metadata metadata = parse(file, METADATA, parts.get(METADATA), Metadata.class);
        Map<String, Map<String, float[]>> weights = readWeights(file, parts.get(WEIGHTS));
        return rebuild(file, metadata, weights);
    }

    /** Closes the towers and head of a loaded model; does nothing for one made by {@link #builder()}. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        if (ranking != null) {
            ranking.close();
        }
        List<AutoCloseable> towers = new ArrayList<>();
        for (Object tower : new Object[] {
                retrieval == null ? null : retrieval.users(), retrieval == null ? null : retrieval.movies(),
                ranking == null ? null : ranking.users(), ranking == null ? null : ranking.movies()}) {
            if (tower != null && towers.stream().noneMatch(t -> t == tower)) {
                towers.add((AutoCloseable) tower);
            }
        }
        for (AutoCloseable tower : towers) {
            if (tower instanceof UserTower u) {
                u.close();
            } else {
                ((MovieTower) tower).close();
            }
        }
    }

    // ---- saving

    private List<UserTower> userTowers() {
        List<UserTower> towers = new ArrayList<>();
        for (UserTower tower : new UserTower[] {retrieval == null ? null : retrieval.users(),
                ranking == null ? null : ranking.users()}) {
            if (tower != null && towers.stream().noneMatch(t -> t == tower)) {
                towers.add(tower);
            }
        }
        return towers;
    }

    private List<MovieTower> movieTowers() {
        List<MovieTower> towers = new ArrayList<>();
        for (MovieTower tower : new MovieTower[] {retrieval == null ? null : retrieval.movies(),
                ranking == null ? null : ranking.movies()}) {
            if (tower != null && towers.stream().noneMatch(t -> t == tower)) {
                towers.add(tower);
            }
        }
        return towers;
    }

    private static int indexOf(List<?> towers, Object tower) {
        for (int i = 0; i < towers.size(); i++) {
            if (towers.get(i) == tower) {
                return i;
            }
        }
        throw new IllegalStateException("tower not listed");
    }

    private Metadata metadata() {
        List<UserTower> users = userTowers();
        List<MovieTower> movies = movieTowers();
        List<UserTower.Spec> userSpecs = users.stream().map(UserTower::spec).toList();
        List<MovieTowerData> movieSpecs = new ArrayList<>();
        for (MovieTower tower : movies) {
            Catalog catalog = tower.catalog();
            boolean shared = catalog == candidates;
            movieSpecs.add(new MovieTowerData(tower.spec(), shared,
                    shared || catalog == null ? null : CatalogData.of(catalog)));
        }
        Pair retrievalPart = retrieval == null ? null
                : new Pair(indexOf(users, retrieval.users()), indexOf(movies, retrieval.movies()));
        RankingData rankingPart = ranking == null ? null
                : new RankingData(indexOf(users, ranking.users()), indexOf(movies, ranking.movies()),
                        ranking.hidden(), ranking.head().seed(), ranking.task().minRating(), ranking.task().maxRating());
        return new Metadata(provenance, CatalogData.of(candidates), userSpecs, movieSpecs, retrievalPart, rankingPart);
    }

    private byte[] weights() throws IOException {
        Map<String, ParameterStore> stores = new LinkedHashMap<>();
        List<UserTower> users = userTowers();
        for (int i = 0; i < users.size(); i++) {
            stores.put("user" + i, users.get(i).parameters());
        }
        List<MovieTower> movies = movieTowers();
        for (int i = 0; i < movies.size(); i++) {
            stores.put("movie" + i, movies.get(i).parameters());
        }
        if (ranking != null) {
            stores.put("head", ranking.head());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(stores.values().stream().mapToInt(s -> s.parameters().size()).sum());
            for (Map.Entry<String, ParameterStore> store : stores.entrySet()) {
                for (Parameter parameter : store.getValue().parameters()) {
                    out.writeUTF(store.getKey());
                    out.writeUTF(parameter.name());
                    long[] shape = parameter.shape();
                    out.writeInt(shape.length);
                    for (long dimension : shape) {
                        out.writeLong(dimension);
                    }
                    for (float value : parameter.value().data().asFloat()) {
                        out.writeFloat(value);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Provenance.sha256().digest(bytes));
    }

    // ---- loading

    private static Map<String, byte[]> readZip(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // a zip written by save() ends with the end-of-central-directory record and no comment
        int end = bytes.length - 22;
        if (end < 0 || bytes[end] != 'P' || bytes[end + 1] != 'K' || bytes[end + 2] != 5 || bytes[end + 3] != 6) {
            throw new ModelFormatException(file, "truncated or not a zip: no end-of-central-directory record at the end");
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                parts.put(entry.getName(), zip.readAllBytes());
            }
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new ModelFormatException(file, "corrupt or truncated zip: " + e.getMessage(), e);
        }
        return parts;
    }

    private static <T> T parse(Path file, String part, byte[] bytes, Class<T> type) throws ModelFormatException {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new ModelFormatException(file, "malformed " + part + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Map<String, float[]>> readWeights(Path file, byte[] bytes) throws ModelFormatException {
        Map<String, Map<String, float[]>> stores = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new ModelFormatException(file, "malformed " + WEIGHTS + ": expected magic RSWT, found 0x"
                        + Integer.toHexString(magic));
            }
            int count = in.readInt();
            for (int p = 0; p < count; p++) {
                String store = in.readUTF();
                String name = in.readUTF();
                int rank = in.readInt();
                long length = 1;
                for (int d = 0; d < rank; d++) {
                    length = Math.multiplyExact(length, in.readLong());
                }
                if (length < 0 || length > bytes.length / Float.BYTES) {
                    throw new ModelFormatException(file, "malformed " + WEIGHTS + ": parameter " + store + "/" + name
                            + " claims " + length + " values");
                }
                float[] values = new float[(int) length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                stores.computeIfAbsent(store, s -> new LinkedHashMap<>()).put(name, values);
            }
        } catch (EOFException | ArithmeticException e) {
            throw new ModelFormatException(file, "malformed " + WEIGHTS + ": ends early", e);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(file, "malformed " + WEIGHTS + ": " + e.getMessage(), e);
        }
        return stores;
    }

    private static SavedModel rebuild(Path file, Metadata m, Map<String, Map<String, float[]>> weights)
            throws ModelFormatException {
        List<AutoCloseable> created = new ArrayList<>();
        try {
            Catalog candidates = m.candidates().toCatalog();
            List<UserTower> users = new ArrayList<>();
            for (int i = 0; i < m.userTowers().size(); i++) {
                UserTower tower = m.userTowers().get(i).builder().build();
                created.add(tower);
                restore(file, tower.parameters(), weights.get("user" + i), "user" + i);
                users.add(tower);
            }
            List<MovieTower> movies = new ArrayList<>();
            for (int i = 0; i < m.movieTowers().size(); i++) {
                MovieTowerData data = m.movieTowers().get(i);
                Catalog catalog = data.sharesCandidates() ? candidates
                        : data.catalog() == null ? null : data.catalog().toCatalog();
                MovieTower tower = data.spec().builder(catalog).build();
                created.add(tower);
                restore(file, tower.parameters(), weights.get("movie" + i), "movie" + i);
                movies.add(tower);
            }
            RetrievalModel retrieval = m.retrieval() == null ? null
                    : RetrievalModel.builder(users.get(m.retrieval().userTower()),
                            movies.get(m.retrieval().movieTower()), candidates).build();
            RankingModel ranking = null;
            if (m.ranking() != null) {
                RankingData r = m.ranking();
                ranking = RankingModel.builder(users.get(r.userTower()), movies.get(r.movieTower()))
                        .hidden(r.hidden()).seed(r.seed()).task(Ranking.of(r.minRating(), r.maxRating())).build();
                created.add(ranking);
                restore(file, ranking.head(), weights.get("head"), "head");
            }
            if (retrieval == null && ranking == null) {
                throw new ModelFormatException(file, "metadata.json holds neither a retrieval nor a ranking model");
            }
            return new SavedModel(retrieval, ranking, candidates, m.provenance(), true);
        } catch (ModelFormatException e) {
            closeAll(created);
            throw e;
        } catch (RuntimeException e) {
            closeAll(created);
            throw new ModelFormatException(file, "inconsistent metadata.json: " + e.getMessage(), e);
        }
    }

    private static void restore(Path file, ParameterStore store, Map<String, float[]> values, String storeName)
            throws ModelFormatException {
        Map<String, float[]> available = values == null ? Map.of() : values;
        Map<String, double[]> snapshot = new LinkedHashMap<>();
        for (Parameter parameter : store.parameters()) {
            float[] saved = available.get(parameter.name());
            if (saved == null || saved.length != parameter.size()) {
                throw new ModelFormatException(file, "weights of " + storeName + "/" + parameter.name()
                        + ": expected " + parameter.size() + " values " + Arrays.toString(parameter.shape()) + ", found "
                        + (saved == null ? "none" : saved.length));
            }
            double[] widened = new double[saved.length];
            for (int i = 0; i < saved.length; i++) {
                widened[i] = saved[i];
            }
            snapshot.put(parameter.name(), widened);
        }
        if (available.size() != snapshot.size()) {
            throw new ModelFormatException(file, "weights of " + storeName + ": expected " + snapshot.size()
                    + " parameters, found " + available.size());
        }
        store.restore(snapshot);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // already failing: the original error matters
            }
        }
    }

    // ---- the JSON parts

    record Manifest(String format, int formatVersion, Map<String, String> parts) {}

    record Metadata(Provenance provenance, CatalogData candidates, List<UserTower.Spec> userTowers,
                    List<MovieTowerData> movieTowers, Pair retrieval, RankingData ranking) {}

    record MovieTowerData(MovieTower.Spec spec, boolean sharesCandidates, CatalogData catalog) {}

    record Pair(int userTower, int movieTower) {}

    record RankingData(int userTower, int movieTower, int[] hidden, long seed, double minRating, double maxRating) {}

    record CatalogData(int[] ids, List<String> titles, List<List<String>> genres) {
        static CatalogData of(Catalog catalog) {
            return new CatalogData(catalog.ids(), catalog.titles(), catalog.genres());
        }

        Catalog toCatalog() {
            return Catalog.of(ids, titles, genres);
        }
    }

    /** Settings of a {@link SavedModel}. */
    public static final class Builder {
        private RetrievalModel retrieval;
        private RankingModel ranking;
        private Catalog candidates;
        private Provenance provenance;

        private Builder() {
        }

        /** The retrieval model; default none. */
        public Builder retrieval(RetrievalModel model) {
            this.retrieval = model;
            return this;
        }

        /** The ranking model; default none. */
        public Builder ranking(RankingModel model) {
            this.ranking = model;
            return this;
        }

        /**
         * The candidate catalogue; default the retrieval model's, else the ranking movie tower's.
         */
        public Builder candidates(Catalog catalog) {
            this.candidates = catalog;
            return this;
        }

        /** Where the model came from; default an empty record stamped with version and time. */
        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * The model to save.
         *
         * @throws IllegalArgumentException if both models are missing, no candidate catalogue is
         *     known, or a tower holds float64 parameters (saved models are float32)
         */
        public SavedModel build() {
            if (retrieval == null && ranking == null) {
                throw new IllegalArgumentException("saved model needs a retrieval model, a ranking model or both, found neither");
            }
            Catalog catalog = candidates != null ? candidates
                    : retrieval != null ? retrieval.candidates() : ranking.movies().catalog();
            if (catalog == null) {
                throw new IllegalArgumentException("saved model needs a candidate catalogue: call candidates(catalog)");
            }
            SavedModel model = new SavedModel(retrieval, ranking, catalog,
                    provenance != null ? provenance : Provenance.builder().build(), false);
            for (UserTower tower : model.userTowers()) {
                requireFloat(tower.parameters());
            }
            for (MovieTower tower : model.movieTowers()) {
                requireFloat(tower.parameters());
            }
            return model;
        }

        private static void requireFloat(ParameterStore store) {
            if (store.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("saved models hold float32 weights: expected FLOAT parameters, found "
                        + store.dataType());
            }
        }
    }

    @Override
    public String toString() {
        return "SavedModel[retrieval=" + (retrieval != null) + ", ranking=" + (ranking != null) + ", "
                + candidates + "]";
    }
}
