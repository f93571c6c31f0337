package dev.recsys.models.tower;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.nn.Dense;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The query tower: encodes (user id, timestamp) pairs into vectors {@code [B, outputDim]}.
 *
 * <p>Features, all but the id optional: user id embedding; discretized timestamp embedding;
 * calendar year embedding; sin/cos cyclic time features through a linear layer; the z-scored
 * timestamp. Any {@code long} is a valid query time: the discretized and z-scored timestamps are
 * clamped to the training range by their encoders, and a year after the last (before the first)
 * year the year encoder knows counts as that last (first) year, so a query outside the training
 * period gets the time features of its nearest edge; only the cyclic features follow the
 * calendar beyond it. They are
 * concatenated, pass through the hidden ReLU layers, and end in a linear projection to the output
 * dimension. The tower owns its parameters (a {@link ParameterStore} seeded by
 * {@link Builder#seed(long)}); close it to free them.
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
    private final Mlp top;
    private final int outputDim;
    private final Spec spec;

    private UserTower(Spec spec, DataType dataType) {
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
        return top.apply(tape, Ops.concat(parts.toArray(Variable[]::new)));
    }

    /**
     * A frozen copy of this tower: its encoders and current weights on the Java heap, for serving.
     * The copy does not depend on this tower and stays valid after {@link #close()}.
     */
    public FrozenUserTower freeze() {
        return FrozenUserTower.of(spec, store.weights());
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
     * Absent features are null encoders with width 0.
     */
    public record Spec(IdEncoder userIds, int idDim, Discretizer buckets, int bucketDim, IdEncoder years, int yearDim,
                CyclicTimeEncoder cyclic, int cyclicDim, Normalizer normalizer, int[] hidden, int outputDim, long seed) {

        /** Width of the tower's output: {@code outputDim}, or the id embedding width when it is 0. */
        int width() {
            return outputDim > 0 ? outputDim : idDim;
        }

        /** Width of the concatenated features that enter the top layers. */
        int featureWidth() {
            return idDim + (buckets == null ? 0 : bucketDim) + (years == null ? 0 : yearDim)
                    + (cyclic == null ? 0 : cyclicDim) + (normalizer == null ? 0 : 1);
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
            TowerBuilder.checkTop(hidden, outputDim, "user tower");
        }

        /** A builder with these settings (float32 parameters). */
        public Builder builder() {
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
         *     unfitted, or a width is not positive
         */
        public UserTower build() {
            Spec spec = new Spec(userIds, idDim, buckets, bucketDim, years, yearDim, cyclic, cyclicDim, normalizer,
                    hidden.clone(), outputDim, seed);
            spec.check();
            return new UserTower(spec, dataType);
        }
    }
}
