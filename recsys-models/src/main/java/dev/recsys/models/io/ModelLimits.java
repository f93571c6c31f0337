package dev.recsys.models.io;

/**
 * Bounds on what loading a model file may read, so that a damaged or hostile file (a zip bomb, a
 * header that claims billions of values) is refused with a {@link ModelFormatException} before
 * it exhausts memory. Immutable.
 *
 * <pre>{@code
 * Recommender recommender = Recommender.load(path, ModelLimits.builder().maxPartBytes(2L << 30).build());
 * }</pre>
 */
public final class ModelLimits {

    /** The most a {@code manifest.json} may hold; a real one holds a few hundred bytes. */
    static final long MAX_MANIFEST_BYTES = 64 * 1024;

    private final long maxPartBytes;

    private ModelLimits(long maxPartBytes) {
        this.maxPartBytes = maxPartBytes;
    }

    /** The default limits: see {@link Builder#maxPartBytes(long)}. */
    public static ModelLimits defaults() {
        return builder().build();
    }

    /** Starts limits from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most uncompressed bytes one part may hold. */
    public long maxPartBytes() {
        return maxPartBytes;
    }

    @Override
    public String toString() {
        return "ModelLimits[maxPartBytes=" + maxPartBytes + "]";
    }

    /** Settings of {@link ModelLimits}. */
    public static final class Builder {
        private long maxPartBytes = Runtime.getRuntime().maxMemory() / 4;

        private Builder() {
        }

        /**
         * The most uncompressed bytes one part may hold; a part that declares more, or turns out
         * to hold more than it declares, is refused before or while it is read. Default a quarter
         * of the JVM's maximum heap ({@code Runtime.maxMemory() / 4}), which leaves room for the
         * parsed weights and the serving structures built from them.
         */
        public Builder maxPartBytes(long bytes) {
            this.maxPartBytes = bytes;
            return this;
        }

        /**
         * The limits.
         *
         * @throws IllegalArgumentException if {@code maxPartBytes <= 0}
         */
        public ModelLimits build() {
            if (maxPartBytes <= 0) {
                throw new IllegalArgumentException("maxPartBytes must be positive, found " + maxPartBytes);
            }
            return new ModelLimits(maxPartBytes);
        }
    }
}
