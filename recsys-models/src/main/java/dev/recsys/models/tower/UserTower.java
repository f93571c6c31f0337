package dev.recsys.models.tower;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.nn.CausalSelfAttention;
import dev.recsys.core.nn.Dense;
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
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The query tower: encodes (user id, timestamp) pairs into vectors {@code [B, outputDim]}.
 *
 * <p>Features, all but the id optional: user id embedding; discretized timestamp embedding;
 * calendar year embedding; sin/cos cyclic time features through a linear layer; the z-scored
 * timestamp; the user's history (the movies rated just before the query time, embedded and pooled
 * {@code [B, L] -> [B, historyDim]}), the one feature that follows a user's taste as it moves. Any
 * {@code long} is a valid query time: the discretized and z-scored timestamps are clamped to the
 * training range by their encoders, and a year after the last (before the first) year the year
 * encoder knows counts as that last (first) year, so a query outside the training period gets the
 * time features of its nearest edge; only the cyclic features follow the calendar beyond it. The
 * features are concatenated, pass through the hidden ReLU layers, and end in a linear projection
 * to the output dimension. The tower owns its parameters (a {@link ParameterStore} seeded by
 * {@link Builder#seed(long)}); close it to free them. A history built with
 * {@link Builder#history(RecentItems, MovieTower, Pooling)} embeds its movies with the movie tower's
 * id table instead of a table of its own: that table stays in the movie tower's store (trained by
 * its optimizer, with the gradients of both towers), so the movie tower must stay open while this
 * tower is used, and the models that use this tower must pair it with that movie tower.
 *
 * <pre>{@code
 * UserTower users = UserTower.builder(userIds, 32)
 *         .timeBuckets(Discretizer.equalWidth(1000).fit(trainTimestamps), 32)
 *         .cyclicTime(CyclicTimeEncoder.standard(), 8)
 *         .normalizedTimestamp(Normalizer.create().fit(trainTimestamps))
 *         .hidden(64)
 *         .build();
 * }</pre>
 */
public final class UserTower implements AutoCloseable {

    /** Parameter names; {@link FrozenUserTower} reads the same ones. */
    static final String ID = "user/id";
    static final String TIME_BUCKET = "user/timeBucket";
    static final String YEAR = "user/year";
    static final String CYCLIC = "user/cyclic";
    static final String HISTORY = "user/history";
    static final String HISTORY_GRU = "user/historyGru";
    static final String HISTORY_ATTENTION = "user/historyAttention";
    static final String TOP = "user";

    private final IdEncoder userIds;
    private final Discretizer buckets;
    private final CyclicTimeEncoder cyclic;
    private final Normalizer normalizer;
    private final YearFeature years;
    private final ParameterStore store;
    private final EmbeddingTable idTable;
    private final EmbeddingTable bucketTable;
    private final EmbeddingTable yearTable;
    private final Dense cyclicLayer;
    private final EmbeddingTable historyTable;
    /** The movie tower whose id table embeds the history, or null for a table of this tower's own. */
    private final MovieTower historyMovies;
    private final Gru historyGru;
    private final CausalSelfAttention historyAttention;
    private final SplittableRandom dropoutRandom;
    private final Mlp top;
    private final int outputDim;
    private final Spec spec;

    private UserTower(Spec spec, DataType dataType, MovieTower historyMovies) {
        this.spec = spec;
        this.userIds = spec.userIds();
        this.buckets = spec.buckets();
        this.cyclic = spec.cyclic();
        this.normalizer = spec.normalizer();
        this.years = spec.years() == null ? null : new YearFeature(spec.years());
        this.outputDim = spec.width();
        this.store = new ParameterStore(spec.seed(), dataType);
        Initializer embeddings = Initializer.uniform(0.05);
        this.idTable = store.embedding(ID, userIds.size(), spec.idDim(), embeddings);
        this.bucketTable = buckets == null ? null : store.embedding(TIME_BUCKET, buckets.bucketCount(), spec.bucketDim(), embeddings);
        this.yearTable = years == null ? null : store.embedding(YEAR, spec.years().size(), spec.yearDim(), embeddings);
        this.cyclicLayer = cyclic == null ? null : Dense.builder(CYCLIC, cyclic.width(), spec.cyclicDim()).build(store);
        this.historyMovies = historyMovies;
        this.historyTable = spec.history() == null ? null
                : spec.historyShared() ? historyMovies.idTable()
                : store.embedding(HISTORY, spec.historyIds().size(), spec.historyDim(), embeddings);
        this.historyGru = spec.history() == null || spec.historyPooling() != Pooling.GRU ? null
                : Gru.builder(HISTORY_GRU, spec.historyDim(), spec.historyDim()).build(store);
        this.historyAttention = spec.history() == null || spec.historyPooling() != Pooling.ATTENTION ? null
                : CausalSelfAttention.builder(HISTORY_ATTENTION, spec.historyDim(), spec.history().maxLength())
                        .layers(spec.historyLayers()).heads(spec.historyHeads()).dropout(spec.historyDropout())
                        .build(store);
        this.dropoutRandom = new SplittableRandom(spec.seed());
        this.top = new Mlp(store, TOP, spec.featureWidth(), spec.hidden(), outputDim);
    }

    /**
     * Starts a user tower.
     *
     * @param userIds a fitted encoder of user ids (required: the id is the one mandatory feature)
     * @param embeddingDim width of the user id embedding, positive
     */
    public static Builder builder(IdEncoder userIds, int embeddingDim) {
        return new Builder(userIds, embeddingDim);
    }

    /**
     * Encodes a batch of queries.
     *
     * @param tape the tape of this step
     * @param users {@code [B]} user ids (MovieLens ids; unknown ones fall into OOV buckets)
     * @param timestamps {@code [B]} epoch seconds of the queries
     * @return {@code [B, outputDim()]}
     */
    public Variable encode(Tape tape, int[] users, long[] timestamps) {
        return encode(tape, users, timestamps, false);
    }

    /**
     * Encodes a batch of queries, with dropout when {@code training} (only an
     * {@link Pooling#ATTENTION} history has dropout; the tower draws its masks from a generator
     * seeded by the tower's seed). The tasks' losses call this with {@code true}.
     *
     * @return {@code [B, outputDim()]}
     */
    public Variable encode(Tape tape, int[] users, long[] timestamps, boolean training) {
        if (users.length != timestamps.length) {
            throw new IllegalArgumentException("user tower input length mismatch: " + users.length + " user ids, "
                    + timestamps.length + " timestamps");
        }
        int batch = users.length;
        List<Variable> parts = new ArrayList<>(4);
        parts.add(Ops.lookup(tape, idTable, userIds.encode(users)));
        if (buckets != null) {
            parts.add(Ops.lookup(tape, bucketTable, buckets.encode(timestamps)));
        }
        if (years != null) {
            parts.add(Ops.lookup(tape, yearTable, years.encode(timestamps)));
        }
        if (cyclic != null) {
            Variable features = tape.input(cyclic.encode(timestamps), store.dataType(), batch, cyclic.width());
            parts.add(cyclicLayer.apply(tape, features));
        }
        if (normalizer != null) {
            parts.add(tape.input(normalizer.encode(timestamps), store.dataType(), batch, 1));
        }
        if (historyTable != null) {
            RecentItems recent = spec.history();
            RecentItems.Histories histories = recent.histories(users, timestamps);
            parts.add(history(tape, histories.items(), histories.weights(), training));
        }
        return top.apply(tape, Ops.concat(parts.toArray(Variable[]::new)));
    }

    /** The pooled history {@code [B, historyDim]} of histories {@code [B, L]} with their pooling weights. */
    private Variable history(Tape tape, MaskedIndices history, float[] weights, boolean training) {
        int batch = history.rows();
        int length = history.width();
        Variable items = Ops.reshape(Ops.lookup(tape, historyTable, spec.historyIds().encode(history.indices())), batch,
                length, historyTable.dim());
        if (historyGru != null) {
            return historyGru.apply(tape, items, tape.input(history.mask(), store.dataType(), batch, length).value());
        }
        if (historyAttention != null) {
            return historyAttention.applyLast(tape, items, tape.input(history.mask(), store.dataType(), batch, length).value(),
                    training, training ? dropoutRandom : null);
        }
        return Ops.maskedMeanPool(items, tape.input(weights, store.dataType(), batch, length).value());
    }

    /**
     * A frozen copy of this tower: its encoders and current weights on the Java heap, for serving.
     * The copy does not depend on this tower and stays valid after {@link #close()}.
     */
    public FrozenUserTower freeze() {
        return historyMovies == null ? FrozenUserTower.of(spec, store.weights())
                : FrozenUserTower.of(spec, store.weights(), historyMovies.parameters().weights());
    }

    /**
     * The movie tower whose id table embeds this tower's history (see
     * {@link Builder#history(RecentItems, MovieTower, Pooling)}), or null when the history has a
     * table of its own or there is no history.
     */
    public MovieTower historyMovieTower() {
        return historyMovies;
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

    /** The settings this tower was built with; {@link Spec#builder()} rebuilds its structure. */
    public Spec spec() {
        return spec;
    }

    /** The fitted user id encoder. */
    public IdEncoder userIds() {
        return userIds;
    }

    /**
     * Everything that rebuilds a user tower's structure, weights aside; Jackson serializes it.
     * Absent features are null encoders with width 0. With {@code historyShared} the history is
     * embedded by a movie tower's id table ({@code historyIds} and {@code historyDim} are then that
     * tower's id encoder and id width) and the tower's own weights hold no history table; files
     * written before the field existed lack it, which reads as false: a table of the tower's own.
     */
    public record Spec(IdEncoder userIds, int idDim, Discretizer buckets, int bucketDim, IdEncoder years, int yearDim,
                CyclicTimeEncoder cyclic, int cyclicDim, Normalizer normalizer, int[] hidden, int outputDim, long seed,
                RecentItems history, IdEncoder historyIds, int historyDim, Pooling historyPooling, int historyLayers,
                int historyHeads, double historyDropout, boolean historyShared) {

        /** Width of the tower's output: {@code outputDim}, or the id embedding width when it is 0. */
        int width() {
            return outputDim > 0 ? outputDim : idDim;
        }

        /** Width of the concatenated features that enter the top layers. */
        int featureWidth() {
            return idDim + (buckets == null ? 0 : bucketDim) + (years == null ? 0 : yearDim)
                    + (cyclic == null ? 0 : cyclicDim) + (normalizer == null ? 0 : 1) + (history == null ? 0 : historyDim);
        }

        /**
         * Checks the settings, as {@link Builder#build()} and {@link FrozenUserTower#of} need them.
         *
         * @throws IllegalArgumentException if the id encoder is missing or unfitted, an encoder
         *     is unfitted, or a width is not positive
         */
        public void check() {
            if (userIds == null || !userIds.isFitted()) {
                throw new IllegalArgumentException("user tower needs the user id feature: expected a fitted IdEncoder, found "
                        + (userIds == null ? "none" : "an unfitted one"));
            }
            Mlp.checkDim(idDim, "user id embedding dim");
            if (buckets != null) {
                if (!buckets.isFitted()) {
                    throw new IllegalArgumentException("time bucket Discretizer is not fitted: call fit(trainTimestamps) first");
                }
                Mlp.checkDim(bucketDim, "time bucket embedding dim");
            }
            if (years != null) {
                if (!years.isFitted()) {
                    throw new IllegalArgumentException("year IdEncoder is not fitted: call fit(trainYears) first");
                }
                Mlp.checkDim(yearDim, "year embedding dim");
            }
            if (cyclic != null) {
                Mlp.checkDim(cyclicDim, "cyclic time layer dim");
            }
            if (normalizer != null && !normalizer.isFitted()) {
                throw new IllegalArgumentException("timestamp Normalizer is not fitted: call fit(trainTimestamps) first");
            }
            if (historyShared && history == null) {
                throw new IllegalArgumentException("a shared history table needs a history feature, found none");
            }
            if (history != null) {
                if (!history.isFitted()) {
                    throw new IllegalArgumentException("history RecentItems is not fitted: call fit(train) first");
                }
                if (historyIds == null || !historyIds.isFitted()) {
                    throw new IllegalArgumentException("history needs a fitted movie IdEncoder, found "
                            + (historyIds == null ? "none" : "an unfitted one"));
                }
                if (historyPooling == null) {
                    throw new IllegalArgumentException("history pooling must be MEAN, GRU or ATTENTION, found null");
                }
                Mlp.checkDim(historyDim, "history embedding dim");
                if (historyPooling == Pooling.ATTENTION) {
                    if (historyLayers < 1 || historyHeads < 1 || historyDim % historyHeads != 0) {
                        throw new IllegalArgumentException("history attention needs at least 1 layer and a head count"
                                + " dividing the history dim " + historyDim + ", found " + historyLayers + " layers, "
                                + historyHeads + " heads");
                    }
                    if (!(historyDropout >= 0 && historyDropout < 1)) {
                        throw new IllegalArgumentException("history attention dropout must be in [0, 1), found "
                                + historyDropout);
                    }
                }
            }
            TowerBuilder.checkTop(hidden, outputDim, "user tower");
        }

        /**
         * A builder with these settings (float32 parameters).
         *
         * @throws IllegalStateException if the history shares a movie tower's id table: use
         *     {@link #builder(MovieTower)}
         */
        public Builder builder() {
            if (historyShared) {
                throw new IllegalStateException("the history shares a movie tower's id table: call builder(movieTower)");
            }
            return builder(null);
        }

        /**
         * A builder with these settings (float32 parameters) whose history, if it shares a movie
         * tower's id table, uses the id table of {@code historyMovies}.
         *
         * @param historyMovies the movie tower whose id table the history shares; ignored (may be
         *     null) when {@link #historyShared()} is false
         * @throws IllegalArgumentException if the history is shared and {@code historyMovies} is null
         */
        public Builder builder(MovieTower historyMovies) {
            if (historyShared && historyMovies == null) {
                throw new IllegalArgumentException("the history shares a movie tower's id table: expected that movie"
                        + " tower, found null");
            }
            Builder b = UserTower.builder(userIds, idDim).hidden(hidden).seed(seed);
            if (buckets != null) {
                b.timeBuckets(buckets, bucketDim);
            }
            if (years != null) {
                b.year(years, yearDim);
            }
            if (cyclic != null) {
                b.cyclicTime(cyclic, cyclicDim);
            }
            if (normalizer != null) {
                b.normalizedTimestamp(normalizer);
            }
            if (history != null) {
                if (historyShared) {
                    b.history(history, historyMovies, historyPooling);
                } else {
                    b.history(history, historyIds, historyDim, historyPooling);
                }
                if (historyPooling == Pooling.ATTENTION) {
                    b.historyAttention(historyLayers, historyHeads, historyDropout);
                }
            }
            if (outputDim != 0) {
                b.outputDim(outputDim);
            }
            return b;
        }
    }

    /** Settings of a {@link UserTower}. */
    public static final class Builder extends TowerBuilder<Builder> {
        private final IdEncoder userIds;
        private final int idDim;
        private Discretizer buckets;
        private int bucketDim;
        private CyclicTimeEncoder cyclic;
        private int cyclicDim;
        private IdEncoder years;
        private int yearDim;
        private Normalizer normalizer;
        private RecentItems history;
        private IdEncoder historyIds;
        private int historyDim;
        private Pooling historyPooling;
        private MovieTower historyMovies;
        private int historyLayers = 2;
        private int historyHeads = 1;
        private double historyDropout = 0.2;

        private Builder(IdEncoder userIds, int idDim) {
            super(42);
            this.userIds = userIds;
            this.idDim = idDim;
        }

        /** Adds an embedding of the discretized timestamp; default off. */
        public Builder timeBuckets(Discretizer buckets, int dim) {
            this.buckets = buckets;
            this.bucketDim = dim;
            return this;
        }

        /**
         * Adds an embedding of the timestamp's calendar year (UTC), indexed by an encoder fitted
         * on the training years ({@code TimeField.YEAR.of(timestamp)}); default off.
         */
        public Builder year(IdEncoder years, int dim) {
            this.years = years;
            this.yearDim = dim;
            return this;
        }

        /** Adds the cyclic time features through a linear layer of width {@code dim}; default off. */
        public Builder cyclicTime(CyclicTimeEncoder cyclic, int dim) {
            this.cyclic = cyclic;
            this.cyclicDim = dim;
            return this;
        }

        /**
         * Adds the user's history: the latest movies the user rated before the query time (a
         * fitted {@link RecentItems}: never the query's own movie, never anything later), each
         * embedded at width {@code dim} through {@code movieIds} and pooled into one vector:
         * {@link Pooling#MEAN} (weighted by the history's rating and recency weights) or
         * {@link Pooling#GRU} (the final state over the history, oldest to newest) or
         * {@link Pooling#ATTENTION} (causal self-attention, see {@link #historyAttention}); the
         * weights apply to {@code MEAN} only; default off.
         */
        public Builder history(RecentItems recent, IdEncoder movieIds, int dim, Pooling pooling) {
            this.history = recent;
            this.historyIds = movieIds;
            this.historyDim = dim;
            this.historyPooling = pooling;
            this.historyMovies = null;
            return this;
        }

        /**
         * Adds the user's history as {@link #history(RecentItems, IdEncoder, int, Pooling)} does,
         * but embeds its movies with the id table of {@code movies} ({@code [movies, idDim]}, in the
         * movie tower's store) instead of a table of this tower's own: the history ids are the
         * movie tower's id encoder and the history width is its id embedding width, so a pooled
         * history is {@code [B, movies.spec().idDim()]}. Both towers' gradients reach the one table,
         * and the movie tower's optimizer steps it once per batch. The models that use this tower
         * must pair it with {@code movies}; the movie tower must outlive this tower's use. Replaces
         * an earlier history setting; default off.
         *
         * @param movies the movie tower whose id table embeds the history, same parameter type
         * @throws NullPointerException if {@code movies} is null
         */
        public Builder history(RecentItems recent, MovieTower movies, Pooling pooling) {
            Objects.requireNonNull(movies, "movies");
            this.history = recent;
            this.historyIds = movies.spec().movieIds();
            this.historyDim = movies.spec().idDim();
            this.historyPooling = pooling;
            this.historyMovies = movies;
            return this;
        }

        /**
         * Settings of an {@link Pooling#ATTENTION} history: layers (default 2), heads dividing the
         * history dim (default 1) and the dropout rate during training (default 0.2), SASRec's
         * settings; ignored by the other poolings.
         */
        public Builder historyAttention(int layers, int heads, double dropout) {
            this.historyLayers = layers;
            this.historyHeads = heads;
            this.historyDropout = dropout;
            return this;
        }

        /** Adds the z-scored timestamp as one input column; default off. */
        public Builder normalizedTimestamp(Normalizer normalizer) {
            this.normalizer = normalizer;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Creates the tower and its parameters.
         *
         * @throws IllegalArgumentException if the id encoder is missing or unfitted, an encoder is
         *     unfitted, a width is not positive, or a shared history table's movie tower has another
         *     parameter type
         */
        public UserTower build() {
            Spec spec = new Spec(userIds, idDim, buckets, bucketDim, years, yearDim, cyclic, cyclicDim, normalizer,
                    hidden.clone(), outputDim, seed, history, historyIds, historyDim, historyPooling,
                    historyPooling == Pooling.ATTENTION ? historyLayers : 0,
                    historyPooling == Pooling.ATTENTION ? historyHeads : 0,
                    historyPooling == Pooling.ATTENTION ? historyDropout : 0, historyMovies != null);
            spec.check();
            if (historyMovies != null && historyMovies.parameters().dataType() != dataType) {
                throw new IllegalArgumentException("a shared history table needs one parameter type: user tower "
                        + dataType + ", movie tower " + historyMovies.parameters().dataType());
            }
            return new UserTower(spec, dataType, historyMovies);
        }
    }
}
