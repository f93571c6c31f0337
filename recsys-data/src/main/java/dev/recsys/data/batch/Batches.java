package dev.recsys.data.batch;

import dev.recsys.data.Interactions;
import dev.recsys.data.internal.Permutations;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Mini-batches over interactions, epoch by epoch. Each batch is a small {@link Interactions}
 * holding its rows, so it carries user and movie indices, ratings and timestamps.
 *
 * <p>With shuffling (the default) every epoch visits the rows in its own order, drawn from the
 * seed and the epoch number: the same seed gives the same batches on every run.
 */
public final class Batches {
    private final Interactions interactions;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;

    private Batches(Builder b) {
        this.interactions = b.interactions;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
    }

    /**
     * Batches of {@code batchSize} rows of {@code interactions}.
     *
     * @throws IllegalArgumentException when {@code batchSize <= 0}
     */
    public static Builder builder(Interactions interactions, int batchSize) {
        return new Builder(interactions, batchSize);
    }

    /** Batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches each epoch yields. */
    public int batchesPerEpoch() {
        int n = interactions.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The batches of epoch {@code epoch} (0-based), in order. Iterating twice gives the same batches.
     *
     * @throws IllegalArgumentException when {@code epoch < 0}
     */
    public Iterable<Interactions> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, found " + epoch);
        }
        return () -> new BatchIterator(order(epoch));
    }

    private int[] order(int epoch) {
        if (!shuffle) {
            return IntStream.range(0, interactions.size()).toArray();
        }
        // One independent stream per epoch, so epoch k's order does not depend on how many epochs
        // were drawn before it.
        return Permutations.shuffled(interactions.size(),
                new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L))));
    }

    private final class BatchIterator implements Iterator<Interactions> {
        private final int[] rows;
        private final int batches = batchesPerEpoch();
        private int next;

        BatchIterator(int[] rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Interactions next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch has " + batches + " batches");
            }
            int from = next * batchSize;
            next++;
            return interactions.select(Arrays.copyOfRange(rows, from, Math.min(from + batchSize, rows.length)));
        }
    }

    /** Settings of {@link Batches}. */
    public static final class Builder {
        private final Interactions interactions;
        private final int batchSize;
        private boolean shuffle = true;
        private long seed = 42;
        private boolean dropLast;

        private Builder(Interactions interactions, int batchSize) {
            this.interactions = Objects.requireNonNull(interactions, "interactions");
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
            }
            this.batchSize = batchSize;
        }

        /** Shuffle each epoch with this seed (default: shuffled, seed 42). */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Keep the input order in every epoch. */
        public Builder noShuffle() {
            this.shuffle = false;
            return this;
        }

        /** Drop the last batch when it is smaller than the batch size (default: kept). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** The batches. */
        public Batches build() {
            return new Batches(this);
        }
    }
}
