package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps ids (user ids, movie ids, any string) to dense indices for embedding tables, like Keras
 * {@code StringLookup} / {@code IntegerLookup}.
 *
 * <p>Index layout: {@code [0, oovBuckets)} are out-of-vocabulary buckets, then the vocabulary
 * from {@code oovBuckets} to {@code size() - 1}, ordered by descending training frequency, ties
 * by ascending id. An id unknown at serving time maps to an OOV bucket chosen by a hash of the
 * id that is stable across JVM runs, so it never fails and never collides with a known id.
 *
 * <p>An id's identity is its text: the int id {@code 42} and the string {@code "42"} are the same
 * id, so an encoder fitted on ints encodes strings and vice versa. Ids whose text is exactly
 * {@code Integer.toString} of an int ("42", "-7"; not "042" or "+7") sort numerically and before
 * all other ids, which sort by {@link String#compareTo}.
 *
 * <p>Lifecycle: {@link #builder()} gives an unfitted encoder, {@link #fit(int[])} or
 * {@link #fit(Iterable)} a new fitted one. Instances are immutable and thread-safe; Jackson
 * serializes them, and a round trip gives an equal encoder.
 *
 * <pre>{@code
 * IdEncoder movies = IdEncoder.builder().oovBuckets(2).build().fit(trainMovieIds);
 * int[] rows = movies.encode(batchMovieIds);   // [batch], values in [0, movies.size())
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class IdEncoder {

    private final int oovBuckets;
    private final int maxSize;
    private final int minFrequency;
    private final List<String> vocabulary;

    @JsonIgnore
    private final Map<String, Integer> stringIndex;
    @JsonIgnore
    private final IntIntMap intIndex;

    @JsonCreator
    private IdEncoder(@JsonProperty("oovBuckets") int oovBuckets,
                      @JsonProperty("maxSize") int maxSize,
                      @JsonProperty("minFrequency") int minFrequency,
                      @JsonProperty("vocabulary") List<String> vocabulary) {
        if (oovBuckets < 1) {
            throw new IllegalArgumentException("oovBuckets must be at least 1, found " + oovBuckets);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, found " + maxSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, found " + minFrequency);
        }
        this.oovBuckets = oovBuckets;
        this.maxSize = maxSize;
        this.minFrequency = minFrequency;
        if (vocabulary == null) {
            this.vocabulary = null;
            this.stringIndex = null;
            this.intIndex = null;
            return;
        }
        if (vocabulary.size() > maxSize) {
            throw new IllegalArgumentException("vocabulary too large: maxSize " + maxSize + ", found "
                    + vocabulary.size() + " ids");
        }
        this.vocabulary = List.copyOf(vocabulary);
        this.stringIndex = new HashMap<>(vocabulary.size() * 2);
        this.intIndex = new IntIntMap(vocabulary.size());
        for (int i = 0; i < this.vocabulary.size(); i++) {
            String id = this.vocabulary.get(i);
            int index = oovBuckets + i;
            if (stringIndex.put(id, index) != null) {
                throw new IllegalArgumentException("duplicate id in vocabulary: " + id);
            }
            if (isDecimalInt(id)) {
                intIndex.put(Integer.parseInt(id), index);
            }
        }
    }

    /** A builder of an unfitted encoder: 1 OOV bucket, no size limit, minimum frequency 1. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits the vocabulary on int ids, ignoring any earlier fit.
     *
     * @param ids training ids, {@code [n]}, repeats counted; may be empty (every id is then OOV)
     * @return a new fitted encoder with this encoder's settings
     */
    public IdEncoder fit(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        IntIntMap counts = new IntIntMap(1024);
        for (int id : ids) {
            counts.increment(id);
        }
        // One primitive sort: count descending in the high half, id ascending in the low half.
        long[] ranked = Arrays.stream(counts.keys())
                .filter(id -> counts.get(id, 0) >= minFrequency)
                .mapToLong(id -> (long) (Integer.MAX_VALUE - counts.get(id, 0)) << 32
                        | ((id ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL))
                .sorted()
                .limit(maxSize)
                .toArray();
        List<String> vocabulary = new ArrayList<>(ranked.length);
        for (long key : ranked) {
            vocabulary.add(Integer.toString((int) key ^ Integer.MIN_VALUE));
        }
        return new IdEncoder(oovBuckets, maxSize, minFrequency, vocabulary);
    }

    /**
     * Fits the vocabulary on string ids, ignoring any earlier fit.
     *
     * @param ids training ids, repeats counted; may be empty (every id is then OOV)
     * @return a new fitted encoder with this encoder's settings
     * @throws NullPointerException if {@code ids} or an id is null
     */
    public IdEncoder fit(Iterable<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Map<String, Integer> counts = new HashMap<>();
        int position = 0;
        for (String id : ids) {
            if (id == null) {
                throw new NullPointerException("ids: the id at position " + position + " is null");
            }
            counts.merge(id, 1, Integer::sum);
            position++;
        }
        return new IdEncoder(oovBuckets, maxSize, minFrequency,
                Vocabularies.rank(counts, IdEncoder::compareIds, minFrequency, maxSize));
    }

    /**
     * The index of an int id.
     *
     * @return its vocabulary index in {@code [oovBuckets(), size())}, or its OOV bucket in
     *     {@code [0, oovBuckets())} when unknown
     * @throws IllegalStateException if not fitted
     */
    public int encode(int id) {
        requireFitted();
        int index = intIndex.get(id, -1);
        return index >= 0 ? index : oovBucket(Integer.toString(id));
    }

    /**
     * The index of a string id; {@code encode("42") == encode(42)}.
     *
     * @return its vocabulary index in {@code [oovBuckets(), size())}, or its OOV bucket in
     *     {@code [0, oovBuckets())} when unknown
     * @throws NullPointerException if {@code id} is null
     * @throws IllegalStateException if not fitted
     */
    public int encode(String id) {
        Objects.requireNonNull(id, "id");
        requireFitted();
        Integer index = stringIndex.get(id);
        return index != null ? index : oovBucket(id);
    }

    /**
     * The indices of a batch of int ids.
     *
     * @param ids {@code [batch]}
     * @return {@code [batch]}, element {@code i} is {@code encode(ids[i])}
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        requireFitted();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int index = intIndex.get(ids[i], -1);
            out[i] = index >= 0 ? index : oovBucket(Integer.toString(ids[i]));
        }
        return out;
    }

    /** Whether {@link #fit} produced this encoder. */
    public boolean isFitted() {
        return vocabulary != null;
    }

    /** Number of out-of-vocabulary buckets, the first indices. */
    public int oovBuckets() {
        return oovBuckets;
    }

    /** The most ids the vocabulary keeps (OOV buckets not counted); {@link Integer#MAX_VALUE} if unlimited. */
    public int maxSize() {
        return maxSize;
    }

    /** How many times an id must occur in training to enter the vocabulary. */
    public int minFrequency() {
        return minFrequency;
    }

    /**
     * Number of indices, OOV buckets included: the row count of an embedding table fed by this
     * encoder.
     *
     * @throws IllegalStateException if not fitted
     */
    public int size() {
        requireFitted();
        return oovBuckets + vocabulary.size();
    }

    /**
     * The known ids in index order: {@code vocabulary().get(i)} has index {@code oovBuckets() + i}.
     *
     * @return an unmodifiable list
     * @throws IllegalStateException if not fitted
     */
    public List<String> vocabulary() {
        requireFitted();
        return vocabulary;
    }

    private void requireFitted() {
        if (vocabulary == null) {
            throw new IllegalStateException("IdEncoder is not fitted: call fit(...) on training data first");
        }
    }

    private int oovBucket(String id) {
        return Math.floorMod(mix(id.hashCode()), oovBuckets);
    }

    /** MurmurHash3's finalizer: String.hashCode is stable across JVMs but its low bits are weak. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ h >>> 16;
    }

    /** Whether {@code s} is exactly {@code Integer.toString(v)} for some int {@code v}. */
    static boolean isDecimalInt(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 10 || (s.charAt(start) == '0' && (digits > 1 || start == 1))) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        long value = Long.parseLong(s);
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }

    /** Ascending id order: decimal ints numerically and first, other ids lexicographically. */
    static int compareIds(String a, String b) {
        boolean aInt = isDecimalInt(a);
        boolean bInt = isDecimalInt(b);
        if (aInt && bInt) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        if (aInt != bInt) {
            return aInt ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdEncoder other
                && oovBuckets == other.oovBuckets
                && maxSize == other.maxSize
                && minFrequency == other.minFrequency
                && Objects.equals(vocabulary, other.vocabulary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oovBuckets, maxSize, minFrequency, vocabulary);
    }

    @Override
    public String toString() {
        return "IdEncoder{oovBuckets=" + oovBuckets
                + ", maxSize=" + (maxSize == Integer.MAX_VALUE ? "unlimited" : maxSize)
                + ", minFrequency=" + minFrequency
                + (vocabulary == null ? ", unfitted}" : ", vocabulary=" + vocabulary.size() + " ids}");
    }

    /** Settings of an {@link IdEncoder}; {@link #build()} gives the unfitted encoder. */
    public static final class Builder {
        private int oovBuckets = 1;
        private int maxSize = Integer.MAX_VALUE;
        private int minFrequency = 1;

        private Builder() {
        }

        /** Number of OOV buckets unknown ids hash into, at least 1; default 1. */
        public Builder oovBuckets(int oovBuckets) {
            this.oovBuckets = oovBuckets;
            return this;
        }

        /** Keep at most this many ids, the most frequent, at least 1; default unlimited. */
        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /** Keep only ids seen at least this many times in training, at least 1; default 1. */
        public Builder minFrequency(int minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /**
         * The unfitted encoder.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public IdEncoder build() {
            return new IdEncoder(oovBuckets, maxSize, minFrequency, null);
        }
    }
}
