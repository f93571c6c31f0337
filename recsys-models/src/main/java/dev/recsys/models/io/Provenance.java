package dev.recsys.models.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.recsys.core.data.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a saved model came from: library version, training settings, seed, a fingerprint and the
 * time range of the training data, and the metrics measured before saving. Immutable; Jackson
 * serializes it.
 *
 * @param libraryVersion version of recsys-models that trained the model
 * @param savedAt when {@link Builder#build()} ran, ISO-8601 UTC
 * @param seed the training seed
 * @param dataFingerprint e.g. {@link #fingerprint(Examples)} of the training examples, or "" when unknown
 * @param training free-form training settings, e.g. {@code epochs=12}
 * @param metrics metric name to value, e.g. {@code top100=0.31}
 * @param timeRange the first and last training timestamps, or null when unknown (files of format
 *     version 1, or a model saved without them)
 */
public record Provenance(String libraryVersion, String savedAt, long seed, String dataFingerprint,
                         Map<String, String> training, Map<String, Double> metrics, TimeRange timeRange) {

    /**
     * The span of the training examples' timestamps: a query far outside it asks the time
     * features for values they were never fitted on.
     *
     * @param first the earliest training timestamp, epoch seconds
     * @param last the latest, epoch seconds, {@code >= first}
     */
    public record TimeRange(long first, long last) {

        /**
         * Checks the order.
         *
         * @throws IllegalArgumentException if {@code last < first}
         */
        public TimeRange {
            if (last < first) {
                throw new IllegalArgumentException("time range must have first <= last, found [" + first + ", " + last
                        + "]");
            }
        }

        /**
         * False when every training timestamp was 0, as for data read without a time column: such
         * a model has no notion of when, so a request time means nothing to it.
         */
        public boolean hasTimes() {
            return first != 0 || last != 0;
        }

        /** Whether {@code timestamp} lies in {@code [first, last]}. */
        public boolean contains(long timestamp) {
            return timestamp >= first && timestamp <= last;
        }

        /** The range of the examples' timestamps, or null when there are none. */
        static TimeRange of(Examples examples) {
            if (examples.isEmpty()) {
                return null;
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < examples.size(); i++) {
                first = Math.min(first, examples.timestamp(i));
                last = Math.max(last, examples.timestamp(i));
            }
            return new TimeRange(first, last);
        }
    }

    /** Copies the maps; nulls become empty. */
    @JsonCreator
    public Provenance(@JsonProperty("libraryVersion") String libraryVersion, @JsonProperty("savedAt") String savedAt,
                      @JsonProperty("seed") long seed, @JsonProperty("dataFingerprint") String dataFingerprint,
                      @JsonProperty("training") Map<String, String> training,
                      @JsonProperty("metrics") Map<String, Double> metrics,
                      @JsonProperty("timeRange") TimeRange timeRange) {
        this.libraryVersion = libraryVersion == null ? "" : libraryVersion;
        this.savedAt = savedAt == null ? "" : savedAt;
        this.seed = seed;
        this.dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
        this.training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        this.metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.timeRange = timeRange;
    }

    /** Starts a provenance record; the library version and time are filled in by {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * SHA-256 (hex) of the examples' (user, timestamp, movie, rating) rows in order: equal data, equal fingerprint.
     *
     * @param examples the training examples
     */
    public static String fingerprint(Examples examples) {
        MessageDigest digest = sha256();
        ByteBuffer row = ByteBuffer.allocate(Integer.BYTES * 2 + Long.BYTES + Float.BYTES);
        for (int i = 0; i < examples.size(); i++) {
            row.clear();
            row.putInt(examples.userId(i)).putLong(examples.timestamp(i)).putInt(examples.movieId(i))
                    .putFloat(examples.rating(i));
            digest.update(row.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** The version in the recsys-models jar's Maven metadata, or "development" when run from classes. */
    static String currentLibraryVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream(
                "/META-INF/maven/dev.recsys/recsys-models/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "development");
            }
        } catch (IOException e) {
            return "development";
        }
        return "development";
    }

    /** Settings of a {@link Provenance}. */
    public static final class Builder {
        private long seed;
        private String dataFingerprint = "";
        private final Map<String, String> training = new LinkedHashMap<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private TimeRange timeRange;

        private Builder() {
        }

        /**
         * The training data: sets its {@link #fingerprint(Examples) fingerprint} and its time range.
         *
         * @param train the training examples
         */
        public Builder trainingData(Examples train) {
            this.dataFingerprint = fingerprint(train);
            this.timeRange = TimeRange.of(train);
            return this;
        }

        /**
         * The first and last training timestamps, epoch seconds; default unknown (null), or the
         * range of {@link #trainingData(Examples)}.
         *
         * @throws IllegalArgumentException if {@code last < first}
         */
        public Builder timeRange(long first, long last) {
            this.timeRange = new TimeRange(first, last);
            return this;
        }

        /** The training seed; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A fingerprint of the training data, e.g. {@link #fingerprint(Examples)}; default "". */
        public Builder dataFingerprint(String fingerprint) {
            this.dataFingerprint = fingerprint;
            return this;
        }

        /** Adds one training setting, e.g. {@code ("epochs", "12")}; default none. */
        public Builder training(String key, String value) {
            training.put(key, value);
            return this;
        }

        /** Adds metrics measured before saving; default none. */
        public Builder metrics(Map<String, Double> values) {
            metrics.putAll(values);
            return this;
        }

        /** The record, stamped with the library version and the current time. */
        public Provenance build() {
            return new Provenance(currentLibraryVersion(), Instant.now().toString(), seed, dataFingerprint, training, metrics,
                    timeRange);
        }
    }
}
