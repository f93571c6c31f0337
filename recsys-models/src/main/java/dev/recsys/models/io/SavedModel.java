package dev.recsys.models.io;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.core.topk.HnswIndex;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.core.topk.Similarity;
import dev.recsys.models.task.Ranking;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained retrieval model, ranking model, or both, with everything needed to serve them, saved
 * to and loaded from one file: the training-side view of a model file (towers and heads on ND4J,
 * trainable again). Serving does not need it: {@code Recommender.load(path)} reads the same file
 * without ND4J.
 *
 * <p><b>Format</b> (version {@value #FORMAT_VERSION}, see {@link ModelFile}): one zip of
 * {@code model.json} (the towers' settings with their fitted encoders and vocabularies, and the
 * ranking head's settings), {@code candidates.json}, {@code provenance.json}, {@code weights.bin}
 * (every parameter as float32) and {@code manifest.json} (format version, SHA-256 and size of each
 * part). One file rather than a folder because a file can be replaced atomically (written to a
 * temporary file in the same folder, then renamed over the old one with {@code ATOMIC_MOVE}),
 * copied and deployed as one artifact, and never seen half-updated; zip keeps the JSON readable
 * with any unzip tool. Loading streams each part with limits ({@link ModelLimits}), checks sizes
 * and checksums, and only then builds anything: a truncated, oversized or altered file is refused
 * with a {@link ModelFormatException} naming the part, never loaded half-way. Files of format
 * version 1 load as well.
 *
 * <p><b>Retrieval index</b>: when {@link Builder#index(IndexChoice)} chooses the approximate index
 * for the number of candidates (by default from {@value IndexChoice#DEFAULT_ANN_THRESHOLD}),
 * {@link #save} builds the {@link HnswIndex} of the retrieval candidates' embeddings (minutes per
 * million candidates) and stores it in the file ({@link ModelFile#RETRIEVAL_INDEX}), so that
 * {@code Recommender.load} serves from it at once instead of building it again. A model loaded
 * here does not read it: it is the trainable view, and its weights may change.
 *
 * <p>A loaded model scores exactly as the saved one: the towers are rebuilt from their settings
 * and every float32 weight is restored bit for bit. Towers shared by the two models stay shared.
 * The retrieval task's training state (the fitted sampling correction) is not saved: a loaded
 * model is for serving, or for training anew.
 *
 * <pre>{@code
 * SavedModel.builder().retrieval(retrieval).ranking(ranking).provenance(provenance).build().save(path);
 * try (SavedModel loaded = SavedModel.load(path)) {
 *     RankingModel ranking = loaded.ranking().orElseThrow();   // trainable, on ND4J
 * }
 * }</pre>
 *
 * <p>Ownership: a loaded model owns its towers and head and {@link #close()} frees them; a model
 * made by {@link #builder()} only refers to the caller's models, and closing it does nothing. A
 * {@code Recommender} made from either holds frozen copies and is not affected by closing.
 */
public final class SavedModel implements AutoCloseable {

    /** The format version this library writes; it reads this one and version 1. */
    public static final int FORMAT_VERSION = ModelArchive.NEWEST_VERSION;

    private final RetrievalModel retrieval;
    private final RankingModel ranking;
    private final Catalog candidates;
    private final Provenance provenance;
    private final OriginalIds ids;
    private final boolean owned;
    private final IndexChoice index;

    private SavedModel(RetrievalModel retrieval, RankingModel ranking, Catalog candidates, Provenance provenance,
                       OriginalIds ids, boolean owned, IndexChoice index) {
        this.retrieval = retrieval;
        this.ranking = ranking;
        this.candidates = candidates;
        this.provenance = provenance;
        this.ids = ids;
        this.owned = owned;
        this.index = index;
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

    /** The original ids, for a model trained on string ids. */
    public Optional<OriginalIds> ids() {
        return Optional.ofNullable(ids);
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
        List<UserTower> users = userTowers();
        List<MovieTower> movies = movieTowers();
        Map<String, Weights> weights = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            weights.put(ModelSpec.userStore(i), users.get(i).parameters().weights());
        }
        for (int i = 0; i < movies.size(); i++) {
            weights.put(ModelSpec.movieStore(i), movies.get(i).parameters().weights());
        }
        if (ranking != null) {
            weights.put(ModelSpec.HEAD_STORE, ranking.head().weights());
        }
        ModelFile.write(file, spec(users, movies), candidates, provenance, ids, weights, retrievalIndex(), wrap);
    }

    /**
     * The graph over the retrieval candidates' vectors as serving computes them (the frozen
     * movie tower, the same float32 arithmetic {@code Recommender.load} uses), or null when there
     * is no retrieval model or the index choice is exact for this many candidates.
     */
    private HnswIndex retrievalIndex() {
        if (retrieval == null || !index.approximate(candidates.size())) {
            return null;
        }
        int[] candidateIds = candidates.ids();
        MovieTower movies = retrieval.movies();
        return index.buildHnsw(candidateIds, movies.freeze().retrievalVectors(candidateIds),
                movies.outputDim() + movies.ageColumns(), Similarity.DOT_PRODUCT);
    }

    /** {@link #load(Path, ModelLimits)} with {@link ModelLimits#defaults()}. */
    public static SavedModel load(Path file) throws IOException {
        return load(file, ModelLimits.defaults());
    }

    /**
     * Reads a model saved by {@link #save(Path)} (format version 1 or 2) and rebuilds its
     * trainable models; the caller closes it.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if the path is a directory
     * @throws ModelFormatException naming the part, if the file is not a model of a known
     *     version, or a part is missing, oversized, altered, truncated or malformed
     * @throws IOException if reading fails
     */
    public static SavedModel load(Path file, ModelLimits limits) throws IOException {
        return rebuild(ModelFile.read(file, limits));
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
        userTowers().forEach(UserTower::close);
        movieTowers().forEach(MovieTower::close);
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

    private ModelSpec spec(List<UserTower> users, List<MovieTower> movies) {
        List<ModelSpec.MovieTowerEntry> movieEntries = new ArrayList<>();
        for (MovieTower tower : movies) {
            Catalog catalog = tower.catalog();
            boolean shared = catalog == candidates;
            movieEntries.add(new ModelSpec.MovieTowerEntry(tower.spec(), shared, shared ? null : catalog));
        }
        ModelSpec.TowerPair retrievalPart = retrieval == null ? null
                : new ModelSpec.TowerPair(indexOf(users, retrieval.users()), indexOf(movies, retrieval.movies()));
        ModelSpec.RankingHead rankingPart = ranking == null ? null
                : new ModelSpec.RankingHead(indexOf(users, ranking.users()), indexOf(movies, ranking.movies()),
                        ranking.hidden(), ranking.head().seed(), ranking.task().minRating(), ranking.task().maxRating(),
                        ranking.biases(), ranking.dotProduct(), ranking.mean(), ranking.dropout());
        return new ModelSpec(users.stream().map(UserTower::spec).toList(), movieEntries, retrievalPart, rankingPart);
    }

    // ---- loading

    private static SavedModel rebuild(ModelFile contents) throws ModelFormatException {
        ModelSpec m = contents.spec();
        Catalog candidates = contents.candidates();
        List<AutoCloseable> created = new ArrayList<>();
        String store = "";
        try {
            List<MovieTower> movies = new ArrayList<>();
            for (int i = 0; i < m.movieTowers().size(); i++) {
                store = ModelSpec.movieStore(i);
                MovieTower tower = m.movieTowers().get(i).spec().builder(contents.catalogOf(i)).build();
                created.add(tower);
                tower.parameters().restore(contents.weights(store));
                movies.add(tower);
            }
            List<UserTower> users = new ArrayList<>();
            for (int i = 0; i < m.userTowers().size(); i++) {
                store = ModelSpec.userStore(i);
                int historyMovies = m.historyMovieTower(i);
                UserTower tower = m.userTowers().get(i).builder(historyMovies < 0 ? null : movies.get(historyMovies))
                        .build();
                created.add(tower);
                tower.parameters().restore(contents.weights(store));
                users.add(tower);
            }
            RetrievalModel retrieval = m.retrieval() == null ? null
                    : RetrievalModel.builder(users.get(m.retrieval().userTower()),
                            movies.get(m.retrieval().movieTower()), candidates).build();
            RankingModel ranking = null;
            if (m.ranking() != null) {
                store = ModelSpec.HEAD_STORE;
                ModelSpec.RankingHead r = m.ranking();
                ranking = RankingModel.builder(users.get(r.userTower()), movies.get(r.movieTower()))
                        .hidden(r.hidden()).seed(r.seed()).task(Ranking.of(r.minRating(), r.maxRating()))
                        .biases(r.biases()).dotProduct(r.dotProduct()).mean(r.mean()).dropout(r.dropout())
                        .build();
                created.add(ranking);
                ranking.head().restore(contents.weights(store));
            }
            return new SavedModel(retrieval, ranking, candidates, contents.provenance(), contents.ids().orElse(null),
                    true, IndexChoice.defaults());
        } catch (ModelFormatException e) {
            closeAll(created);
            throw e;
        } catch (RuntimeException e) {
            closeAll(created);
            throw new ModelFormatException(contents.file(), ModelFile.WEIGHTS, "the weights of " + store
                    + " do not fit its settings: " + e.getMessage(), e);
        }
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

    /** Settings of a {@link SavedModel}. */
    public static final class Builder {
        private RetrievalModel retrieval;
        private RankingModel ranking;
        private Catalog candidates;
        private Provenance provenance;
        private OriginalIds ids;
        private IndexChoice index = IndexChoice.defaults();

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
         * The original ids of a model trained on string ids, saved so that the served model
         * answers with them; default none (ids are the ints the model was trained on).
         */
        public Builder ids(OriginalIds ids) {
            this.ids = ids;
            return this;
        }

        /**
         * Whether {@link SavedModel#save} stores an {@link HnswIndex} of the retrieval candidates:
         * when {@code choice} chooses the approximate index for their number, built with its
         * settings. {@link IndexChoice#exact()} never stores one.
         *
         * @param choice default {@link IndexChoice#defaults()} (a graph from
         *     {@value IndexChoice#DEFAULT_ANN_THRESHOLD} candidates)
         * @throws NullPointerException if {@code choice} is null
         */
        public Builder index(IndexChoice choice) {
            this.index = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /**
         * The model to save.
         *
         * @throws IllegalArgumentException if both models are missing, no candidate catalogue is
         *     known, a candidate has no original id, or a tower holds float64 parameters (saved
         *     models are float32)
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
            if (ids != null) {
                ids.check(catalog);
            }
            SavedModel model = new SavedModel(retrieval, ranking, catalog,
                    provenance != null ? provenance : Provenance.builder().build(), ids, false, index);
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
