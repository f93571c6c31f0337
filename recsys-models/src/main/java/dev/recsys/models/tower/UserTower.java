package dev.recsys.models.tower;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.TimeField;
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

    private final IdEncoder userIds;
    private final Discretizer buckets;
    private final CyclicTimeEncoder cyclic;
    private final Normalizer normalizer;
    private final IdEncoder years;
    /** The first and last year the year encoder knows; a query's year is clamped to them. */
    private final int firstYear;
    private final int lastYear;
    private final ParameterStore store;
    private final EmbeddingTable idTable;
    private final EmbeddingTable bucketTable;
    private final EmbeddingTable yearTable;
    private final Dense cyclicLayer;
    private final Mlp top;
    private final int outputDim;
    private final Spec spec;

    private UserTower(Builder b) {
        this.spec = new Spec(b.userIds, b.idDim, b.buckets, b.bucketDim, b.years, b.yearDim, b.cyclic, b.cyclicDim,
                b.normalizer, b.hidden, b.outputDim, b.seed);
        this.userIds = b.userIds;
        this.buckets = b.buckets;
        this.cyclic = b.cyclic;
        this.normalizer = b.normalizer;
        this.years = b.years;
        int[] known = years == null ? new int[0] : knownYears(years);
        this.firstYear = known.length == 0 ? Integer.MIN_VALUE : known[0];
        this.lastYear = known.length == 0 ? Integer.MAX_VALUE : known[known.length - 1];
        this.outputDim = b.outputDim > 0 ? b.outputDim : b.idDim;
        this.store = new ParameterStore(b.seed, b.dataType);
        Initializer embeddings = Initializer.uniform(0.05);
        this.idTable = store.embedding("user/id", userIds.size(), b.idDim, embeddings);
        int width = b.idDim;
        this.bucketTable = buckets == null ? null : store.embedding("user/timeBucket", buckets.bucketCount(), b.bucketDim, embeddings);
        width += buckets == null ? 0 : b.bucketDim;
        this.yearTable = years == null ? null : store.embedding("user/year", years.size(), b.yearDim, embeddings);
        width += years == null ? 0 : b.yearDim;
        this.cyclicLayer = cyclic == null ? null : Dense.builder("user/cyclic", cyclic.width(), b.cyclicDim).build(store);
        width += cyclic == null ? 0 : b.cyclicDim;
        width += normalizer == null ? 0 : 1;
        this.top = new Mlp(store, "user", width, b.hidden, outputDim);
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
            int[] yearOf = new int[batch];
            for (int i = 0; i < batch; i++) {
                yearOf[i] = Math.min(lastYear, Math.max(firstYear, TimeField.YEAR.of(timestamps[i])));
            }
            parts.add(Ops.lookup(tape, yearTable, years.encode(yearOf)));
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

    /** The encoder's vocabulary entries that are years (decimal ints), ascending. */
    private static int[] knownYears(IdEncoder years) {
        return years.vocabulary().stream().filter(id -> id.matches("-?[0-9]{1,10}"))
                .mapToLong(Long::parseLong).filter(y -> y >= Integer.MIN_VALUE && y <= Integer.MAX_VALUE)
                .mapToInt(y -> (int) y).sorted().toArray();
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
            checkTop("user tower");
            return new UserTower(this);
        }
    }
}
