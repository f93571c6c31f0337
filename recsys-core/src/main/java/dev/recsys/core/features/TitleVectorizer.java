package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns movie titles into fixed-length token index sequences, like Keras {@code TextVectorization}
 * with its default standardization.
 *
 * <p>A title is lowercased ({@link Locale#ROOT}), stripped of punctuation and symbols (every code
 * point that is not a letter, digit, combining mark or whitespace is deleted, so "é" stays a
 * letter, "Don't" becomes "dont" and "Spider-Man" becomes "spiderman"), then split on whitespace.
 * The trailing year in parentheses, "(1995)" or "(2006–2007)", is kept as a token or stripped
 * first, by {@link YearHandling}.
 *
 * <p>Index layout: {@value #PADDING} is padding, {@value #OOV} the out-of-vocabulary token, then
 * the vocabulary from 2 to {@code size() - 1}, by descending training frequency, ties
 * alphabetically. Sequences longer than {@code maxLength} keep their first {@code maxLength}
 * tokens; a title with no tokens encodes as all padding (mask all 0).
 *
 * <p>Lifecycle: {@link #builder()} gives an unfitted vectorizer, {@link #fit(Iterable)} a new fitted
 * one. Instances are immutable and thread-safe; Jackson serializes them, and a round trip gives
 * an equal vectorizer.
 *
 * <pre>{@code
 * TitleVectorizer titles = TitleVectorizer.builder().maxTokens(10_000).build().fit(trainTitles);
 * MaskedIndices batch = titles.encode(batchTitles);   // [batch, 16] indices and mask
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class TitleVectorizer {

    /** Index of padding slots. */
    public static final int PADDING = 0;
    /** Index of tokens outside the vocabulary. */
    public static final int OOV = 1;

    /** What to do with the year in trailing parentheses, "Heat (1995)". */
    public enum YearHandling {
        /** Keep it: "(1995)" becomes the token "1995" (and "(2006–2007)" the token "20062007"). */
        KEEP,
        /** Remove it before tokenizing. */
        STRIP
    }

    private static final Pattern TRAILING_YEAR =
            Pattern.compile("\\s*\\(\\d{4}(?:\\s*[-–]\\s*\\d{0,4})?\\)\\s*$");

    private final int maxTokens;
    private final int maxLength;
    private final YearHandling years;
    private final List<String> vocabulary;

    @JsonIgnore
    private final Map<String, Integer> index;

    @JsonCreator
    private TitleVectorizer(@JsonProperty("maxTokens") int maxTokens,
                            @JsonProperty("maxLength") int maxLength,
                            @JsonProperty("years") YearHandling years,
                            @JsonProperty("vocabulary") List<String> vocabulary) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, found " + maxTokens);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, found " + maxLength);
        }
        this.maxTokens = maxTokens;
        this.maxLength = maxLength;
        this.years = Objects.requireNonNull(years, "years");
        if (vocabulary == null) {
            this.vocabulary = null;
            this.index = null;
            return;
        }
        if (vocabulary.size() > maxTokens) {
            throw new IllegalArgumentException("vocabulary too large: maxTokens " + maxTokens + ", found "
                    + vocabulary.size() + " tokens");
        }
        this.vocabulary = List.copyOf(vocabulary);
        this.index = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < this.vocabulary.size(); i++) {
            if (index.put(this.vocabulary.get(i), OOV + 1 + i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: " + this.vocabulary.get(i));
            }
        }
    }

    /** A builder of an unfitted vectorizer: unlimited tokens, max length 16, years kept. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits the vocabulary on training titles, ignoring any earlier fit.
     *
     * @param titles training titles; may be empty (every token is then OOV)
     * @return a new fitted vectorizer with this one's settings
     * @throws NullPointerException if {@code titles} or a title is null
     */
    public TitleVectorizer fit(Iterable<String> titles) {
        Objects.requireNonNull(titles, "titles");
        Map<String, Integer> counts = new HashMap<>();
        int position = 0;
        for (String title : titles) {
            if (title == null) {
                throw new NullPointerException("titles: the title at position " + position + " is null");
            }
            for (String token : tokenize(title, years)) {
                counts.merge(token, 1, Integer::sum);
            }
            position++;
        }
        return new TitleVectorizer(maxTokens, maxLength, years,
                Vocabularies.rank(counts, String::compareTo, 1, maxTokens));
    }

    /**
     * Encodes one title.
     *
     * @return {@code [maxLength()]} token indices, padded with {@value #PADDING} (the mask is
     *     {@code index != PADDING})
     * @throws NullPointerException if {@code title} is null
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(String title) {
        Objects.requireNonNull(title, "title");
        requireFitted();
        int[] out = new int[maxLength];
        encodeRow(title, out, new float[maxLength], 0);
        return out;
    }

    /**
     * Encodes a batch of titles.
     *
     * @param titles {@code [batch]}
     * @return indices and mask, {@code [batch, maxLength()]} each
     * @throws NullPointerException if {@code titles} or a title is null
     * @throws IllegalStateException if not fitted
     */
    public MaskedIndices encode(List<String> titles) {
        Objects.requireNonNull(titles, "titles");
        requireFitted();
        int[] indices = new int[titles.size() * maxLength];
        float[] mask = new float[titles.size() * maxLength];
        for (int row = 0; row < titles.size(); row++) {
            encodeRow(titles.get(row), indices, mask, row * maxLength);
        }
        return new MaskedIndices(titles.size(), maxLength, indices, mask);
    }

    private void encodeRow(String title, int[] indices, float[] mask, int offset) {
        Objects.requireNonNull(title, "title");
        List<String> tokens = tokenize(title, years);
        for (int i = 0; i < tokens.size() && i < maxLength; i++) {
            indices[offset + i] = index.getOrDefault(tokens.get(i), OOV);
            mask[offset + i] = 1f;
        }
    }

    /** Whether {@link #fit} produced this vectorizer. */
    public boolean isFitted() {
        return vocabulary != null;
    }

    /** The most distinct tokens the vocabulary keeps (padding and OOV not counted). */
    public int maxTokens() {
        return maxTokens;
    }

    /** Length of every encoded sequence. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether the trailing year is kept as a token or stripped. */
    public YearHandling yearHandling() {
        return years;
    }

    /**
     * Number of indices, padding and OOV included: the row count of an embedding table fed by
     * this vectorizer.
     *
     * @throws IllegalStateException if not fitted
     */
    public int size() {
        requireFitted();
        return OOV + 1 + vocabulary.size();
    }

    /**
     * The learned tokens in index order: {@code vocabulary().get(i)} has index {@code 2 + i}.
     *
     * @return an unmodifiable list
     * @throws IllegalStateException if not fitted
     */
    public List<String> vocabulary() {
        requireFitted();
        return vocabulary;
    }

    /** Standardizes and splits a title into tokens, in order. */
    static List<String> tokenize(String title, YearHandling years) {
        String text = years == YearHandling.STRIP ? TRAILING_YEAR.matcher(title).replaceFirst("") : title;
        text = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (token.length() > 0) {
                    tokens.add(token.toString());
                    token.setLength(0);
                }
            } else if (isWordPart(cp)) {
                token.appendCodePoint(cp);
            }
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    private static boolean isWordPart(int cp) {
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private void requireFitted() {
        if (vocabulary == null) {
            throw new IllegalStateException("TitleVectorizer is not fitted: call fit(...) on training titles first");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TitleVectorizer other
                && maxTokens == other.maxTokens
                && maxLength == other.maxLength
                && years == other.years
                && Objects.equals(vocabulary, other.vocabulary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxTokens, maxLength, years, vocabulary);
    }

    @Override
    public String toString() {
        return "TitleVectorizer{maxTokens=" + (maxTokens == Integer.MAX_VALUE ? "unlimited" : maxTokens)
                + ", maxLength=" + maxLength + ", years=" + years
                + (vocabulary == null ? ", unfitted}" : ", vocabulary=" + vocabulary.size() + " tokens}");
    }

    /** Settings of a {@link TitleVectorizer}; {@link #build()} gives the unfitted vectorizer. */
    public static final class Builder {
        private int maxTokens = Integer.MAX_VALUE;
        private int maxLength = 16;
        private YearHandling years = YearHandling.KEEP;

        private Builder() {
        }

        /**
         * Keep at most this many distinct tokens, the most frequent, at least 1; default unlimited.
         * Padding and OOV come on top.
         */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * Length of encoded sequences, at least 1; default 16, which holds 99.8% of
         * ml-latest-small titles whole (20 of 9,742 have more tokens with years kept, 9 with
         * years stripped).
         */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Keep or strip the trailing year; default {@link YearHandling#KEEP}, as the reference notebook. */
        public Builder years(YearHandling years) {
            Objects.requireNonNull(years, "years");
            this.years = years;
            return this;
        }

        /**
         * The unfitted vectorizer.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public TitleVectorizer build() {
            return new TitleVectorizer(maxTokens, maxLength, years, null);
        }
    }
}
