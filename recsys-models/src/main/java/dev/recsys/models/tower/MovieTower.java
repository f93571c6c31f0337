package dev.recsys.models.tower;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Gru;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The candidate tower: encodes movie ids into vectors {@code [B, outputDim]}.
 *
 * <p>Features, all but the id optional: movie id embedding; title token embeddings pooled by
 * {@link Pooling#MEAN} or {@link Pooling#GRU}; genre embeddings averaged. Titles and genres come
 * from a {@link Catalog}, encoded once per movie when the tower is built and looked up per batch;
 * a movie missing from the catalogue has no title or genre tokens. Features are concatenated, pass
 * through the hidden ReLU layers, and end in a linear projection to the output dimension. The
 * tower owns its parameters; close it to free them.
 *
 * <p>With {@link Builder#age(MovieAge)} the tower also learns a score for a movie's age at the
 * query time, which depends on the query and so stays out of {@link #encode}: retrieval appends
 * {@link #ageScores} to the candidate vectors and {@link #ageQuery} to the query vectors (see
 * {@link MovieAge}); rating models ignore it.
 *
 * <pre>{@code
 * MovieTower movies = MovieTower.builder(movieIds, 32)
 *         .catalog(catalog)
 *         .title(titles, 32, Pooling.MEAN)
 *         .genres(genres, 16)
 *         .build();
 * }</pre>
 */
public final class MovieTower implements AutoCloseable {

    /** Parameter names; {@link FrozenMovieTower} reads the same ones. */
    static final String ID = "movie/id";
    static final String TITLE = "movie/title";
    static final String TITLE_GRU = "movie/titleGru";
    static final String GENRES = "movie/genres";
    static final String AGE = "movie/age";
    static final String TOP = "movie";

    private final IdEncoder movieIds;
    private final Catalog catalog;
    private final ParameterStore store;
    private final EmbeddingTable idTable;
    private final Tokens title;
    private final Tokens genres;
    private final Gru gru;
    private final EmbeddingTable ageTable;
    private final Mlp top;
    private final int outputDim;
    private final Spec spec;

    private MovieTower(Spec spec, Catalog catalog, DataType dataType) {
        this.spec = spec;
        this.movieIds = spec.movieIds();
        this.catalog = catalog;
        this.outputDim = spec.width();
        this.store = new ParameterStore(spec.seed(), dataType);
        Initializer embeddings = Initializer.uniform(0.05);
        this.idTable = store.embedding(ID, movieIds.size(), spec.idDim(), embeddings);
        if (spec.titles() != null) {
            title = new Tokens(spec.titles().encode(catalog.titles()),
                    store.embedding(TITLE, spec.titles().size(), spec.titleDim(), embeddings));
            gru = spec.pooling() == Pooling.GRU
                    ? Gru.builder(TITLE_GRU, spec.titleDim(), spec.titleDim()).build(store) : null;
        } else {
            title = null;
            gru = null;
        }
        if (spec.genres() != null) {
            genres = new Tokens(spec.genres().indices(catalog.genres()),
                    store.embedding(GENRES, spec.genreRows(), spec.genreDim(), embeddings));
        } else {
            genres = null;
        }
        this.ageTable = spec.age() == null ? null : store.embedding(AGE, spec.age().buckets(), 1, Initializer.zeros());
        this.top = new Mlp(store, TOP, spec.featureWidth(), spec.hidden(), outputDim);
    }

    /**
     * Starts a movie tower.
     *
     * @param movieIds a fitted encoder of movie ids (required: the id is the one mandatory feature)
     * @param embeddingDim width of the movie id embedding, positive
     */
    public static Builder builder(IdEncoder movieIds, int embeddingDim) {
        return new Builder(movieIds, embeddingDim);
    }

    /**
     * Encodes a batch of movies.
     *
     * @param tape the tape of this step
     * @param movies {@code [B]} movie ids (MovieLens ids)
     * @return {@code [B, outputDim()]}
     */
    public Variable encode(Tape tape, int[] movies) {
        List<Variable> parts = new ArrayList<>(3);
        parts.add(Ops.lookup(tape, idTable, movieIds.encode(movies)));
        int[] rows = title != null || genres != null ? rowsOf(catalog, movies) : null;
        if (title != null) {
            Variable tokens = title.embed(tape, rows);
            INDArray mask = title.mask(tape, rows, store.dataType());
            parts.add(gru != null ? gru.apply(tape, tokens, mask) : Ops.maskedMeanPool(tokens, mask));
        }
        if (genres != null) {
            Variable tokens = genres.embed(tape, rows);
            parts.add(Ops.maskedMeanPool(tokens, genres.mask(tape, rows, store.dataType())));
        }
        return top.apply(tape, Ops.concat(parts.toArray(Variable[]::new)));
    }

    /** Columns the age feature adds to candidate and query vectors: {@link MovieAge#columns()}, or 0 without it. */
    public int ageColumns() {
        return spec.age() == null ? 0 : spec.age().columns();
    }

    /**
     * The candidate side of the age feature: the learned score of each movie's age in every query
     * year.
     *
     * @param movies {@code [B]} movie ids
     * @return {@code [B, ageColumns()]}
     * @throws IllegalStateException if the tower has no age feature
     */
    public Variable ageScores(Tape tape, int[] movies) {
        MovieAge age = requireAge();
        int[] buckets = age.buckets(catalog, rowsOf(catalog, movies));
        return Ops.reshape(Ops.lookup(tape, ageTable, buckets), movies.length, age.columns());
    }

    /**
     * The query side of the age feature: the one-hot (clamped) year of each query time, a constant.
     *
     * @param timestamps {@code [B]} epoch seconds of the queries
     * @return {@code [B, ageColumns()]}
     * @throws IllegalStateException if the tower has no age feature
     */
    public Variable ageQuery(Tape tape, long[] timestamps) {
        MovieAge age = requireAge();
        return tape.input(age.queryColumns(timestamps), store.dataType(), timestamps.length, age.columns());
    }

    private MovieAge requireAge() {
        if (spec.age() == null) {
            throw new IllegalStateException("this movie tower has no age feature: build it with age(...)");
        }
        return spec.age();
    }

    /**
     * A frozen copy of this tower: its encoders, catalogue and current weights on the Java heap,
     * for serving. The copy does not depend on this tower and stays valid after {@link #close()}.
     */
    public FrozenMovieTower freeze() {
        return FrozenMovieTower.of(spec, catalog, store.weights());
    }

    /** Catalogue rows of movie ids, -1 for a movie the catalogue lacks, {@code [B]}. */
    static int[] rowsOf(Catalog catalog, int[] movies) {
        int[] rows = new int[movies.length];
        for (int i = 0; i < movies.length; i++) {
            rows[i] = catalog.rowOf(movies[i]);
        }
        return rows;
    }

    /** The movie id table {@code [movies, idDim]}, which a user tower's history may share. */
    EmbeddingTable idTable() {
        return idTable;
    }

    /** Width of the tower's output. */
    public int outputDim() {
        return outputDim;
    }

    /** The tower's parameters. */
    public ParameterStore parameters() {
        return store;
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        store.close();
    }

    /** The settings this tower was built with, its catalogue aside. */
    public Spec spec() {
        return spec;
    }

    /** The catalogue the tower reads titles and genres from, or null. */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Everything that rebuilds a movie tower's structure, weights and catalogue aside; Jackson
     * serializes it. Absent features are null encoders with width 0.
     */
    public record Spec(IdEncoder movieIds, int idDim, TitleVectorizer titles, int titleDim, Pooling pooling,
                GenreEncoder genres, int genreDim, int[] hidden, int outputDim, long seed, MovieAge age) {

        /** Width of the tower's output: {@code outputDim}, or the id embedding width when it is 0. */
        int width() {
            return outputDim > 0 ? outputDim : idDim;
        }

        /** Width of the concatenated features that enter the top layers. */
        int featureWidth() {
            return idDim + (titles == null ? 0 : titleDim) + (genres == null ? 0 : genreDim);
        }

        /** Rows of the genre table: one per genre, at least one (a table cannot be empty). */
        int genreRows() {
            return Math.max(1, genres.size());
        }

        /**
         * Checks the settings against a catalogue, as {@link Builder#build()} and
         * {@link FrozenMovieTower#of} need them.
         *
         * @throws IllegalArgumentException if the id encoder is missing or unfitted, an encoder is
         *     unfitted, a width is not positive, or titles, genres or age come without a catalogue
         */
        public void check(Catalog catalog) {
            if (movieIds == null || !movieIds.isFitted()) {
                throw new IllegalArgumentException("movie tower needs the movie id feature: expected a fitted IdEncoder, found "
                        + (movieIds == null ? "none" : "an unfitted one"));
            }
            Mlp.checkDim(idDim, "movie id embedding dim");
            if ((titles != null || genres != null || age != null) && catalog == null) {
                throw new IllegalArgumentException("movie tower title, genre and age features need catalog(...): found none");
            }
            if (titles != null) {
                if (!titles.isFitted()) {
                    throw new IllegalArgumentException("TitleVectorizer is not fitted: call fit(trainTitles) first");
                }
                if (pooling == null || pooling == Pooling.ATTENTION) {
                    throw new IllegalArgumentException("title pooling must be MEAN or GRU, found " + pooling);
                }
                Mlp.checkDim(titleDim, "title embedding dim");
            }
            if (genres != null) {
                if (!genres.isFitted()) {
                    throw new IllegalArgumentException("GenreEncoder is not fitted: call fit(trainGenres) first");
                }
                Mlp.checkDim(genreDim, "genre embedding dim");
            }
            TowerBuilder.checkTop(hidden, outputDim, "movie tower");
        }

        /** A builder with these settings (float32 parameters) reading titles and genres from {@code catalog}. */
        public Builder builder(Catalog catalog) {
            Builder b = MovieTower.builder(movieIds, idDim).catalog(catalog).hidden(hidden).seed(seed);
            if (titles != null) {
                b.title(titles, titleDim, pooling);
            }
            if (genres != null) {
                b.genres(genres, genreDim);
            }
            if (outputDim != 0) {
                b.outputDim(outputDim);
            }
            return b.age(age);
        }
    }

    /**
     * Token lists of every catalogue row, trimmed to the longest row, with their embedding table.
     * Rows outside the catalogue (-1) are all padding.
     */
    private static final class Tokens {
        private final int width;
        private final int[] indices;
        private final float[] mask;
        private final EmbeddingTable table;

        Tokens(MaskedIndices encoded, EmbeddingTable table) {
            this.table = table;
            int fullWidth = encoded.width();
            int[] allIndices = encoded.indices();
            float[] allMask = encoded.mask();
            int longest = 1;
            for (int row = 0; row < encoded.rows(); row++) {
                for (int k = fullWidth - 1; k >= longest; k--) {
                    if (allMask[row * fullWidth + k] != 0f) {
                        longest = k + 1;
                        break;
                    }
                }
            }
            this.width = longest;
            this.indices = new int[encoded.rows() * width];
            this.mask = new float[encoded.rows() * width];
            for (int row = 0; row < encoded.rows(); row++) {
                System.arraycopy(allIndices, row * fullWidth, indices, row * width, width);
                System.arraycopy(allMask, row * fullWidth, mask, row * width, width);
            }
        }

        /** {@code [B, T, D]} token embeddings of the rows. */
        Variable embed(Tape tape, int[] rows) {
            int[] ids = new int[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] >= 0) {
                    System.arraycopy(indices, rows[i] * width, ids, i * width, width);
                }
            }
            return Ops.reshape(Ops.lookup(tape, table, ids), rows.length, width, table.dim());
        }

        /** {@code [B, T]} mask of the rows. */
        INDArray mask(Tape tape, int[] rows, DataType type) {
            float[] values = new float[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] >= 0) {
                    System.arraycopy(mask, rows[i] * width, values, i * width, width);
                }
            }
            return tape.input(values, type, rows.length, width).value();
        }
    }

    /** Settings of a {@link MovieTower}. */
    public static final class Builder extends TowerBuilder<Builder> {
        private final IdEncoder movieIds;
        private final int idDim;
        private Catalog catalog;
        private TitleVectorizer titles;
        private int titleDim;
        private Pooling pooling;
        private GenreEncoder genres;
        private int genreDim;
        private MovieAge age;

        private Builder(IdEncoder movieIds, int idDim) {
            super(43);
            this.movieIds = movieIds;
            this.idDim = idDim;
        }

        /** The movies whose titles and genres the tower encodes; required with title or genres. */
        public Builder catalog(Catalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Adds the title tokens, embedded at width {@code dim} and pooled; default off. */
        public Builder title(TitleVectorizer titles, int dim, Pooling pooling) {
            this.titles = titles;
            this.titleDim = dim;
            this.pooling = pooling;
            return this;
        }

        /** Adds the mean of the genre embeddings, width {@code dim}; default off. */
        public Builder genres(GenreEncoder genres, int dim) {
            this.genres = genres;
            this.genreDim = dim;
            return this;
        }

        /**
         * Adds the movie's age at the query time (release years from the catalogue titles) for
         * retrieval; default off (null).
         */
        public Builder age(MovieAge age) {
            this.age = age;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Creates the tower, encodes the catalogue's titles and genres, and creates the parameters.
         *
         * @throws IllegalArgumentException if the id encoder is missing or unfitted, an encoder is
         *     unfitted, a width is not positive, or titles, genres or age are asked for without a catalogue
         */
        public MovieTower build() {
            Spec spec = new Spec(movieIds, idDim, titles, titleDim, pooling, genres, genreDim, hidden.clone(), outputDim,
                    seed, age);
            spec.check(catalog);
            return new MovieTower(spec, catalog, dataType);
        }
    }
}
