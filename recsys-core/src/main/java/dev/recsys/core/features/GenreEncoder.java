package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Encodes a movie's genres ("Action|Adventure|Sci-Fi" or a list) as a set of genre indices, either
 * multi-hot {@code [batch, size()]} or as an index list with mask {@code [batch, width()]}.
 *
 * <p>Genres are the distinct names seen in training, indexed {@code 0..size()-1} in alphabetical
 * ({@link String#compareTo}) order. A genre unknown at serving time is ignored: a new genre has no
 * trained embedding, and dropping it keeps every index meaningful (a movie with only unknown genres
 * encodes as the empty set). "{@value #NO_GENRES}" is either a genre of its own or the empty set,
 * by {@link NoGenresHandling}. Names are trimmed, empty names skipped, repeats counted once.
 *
 * <p>In the index-list form, a movie's genre indices come in ascending order, then padding: index 0
 * with mask 0 (0 is also a real genre, so always apply the mask). The width is set by
 * {@link Builder#maxGenres(int)} or else is the most genres any training movie has (at least 1);
 * a movie with more genres than that keeps its lowest indices.
 *
 * <p>Lifecycle: {@link #builder()} gives an unfitted encoder, {@link #fit(Collection)} a new fitted
 * one. Instances are immutable and thread-safe; Jackson serializes them, and a round trip gives an
 * equal encoder.
 *
 * <pre>{@code
 * GenreEncoder genres = GenreEncoder.builder().build().fit(trainGenreLists);
 * float[] multiHot = genres.multiHot(batchGenreLists);   // [batch, genres.size()]
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class GenreEncoder {

    /** MovieLens's marker for a movie without genres. */
    public static final String NO_GENRES = "(no genres listed)";

    /** What "{@value #NO_GENRES}" means. */
    public enum NoGenresHandling {
        /** A genre of its own, with its own index. */
        AS_VALUE,
        /** No genre: the empty set. */
        EMPTY
    }

    private final NoGenresHandling noGenres;
    /** The width asked for, or 0 to take the widest training movie. */
    private final int maxGenres;
    private final List<String> genres;
    private final int width;

    @JsonIgnore
    private final Map<String, Integer> index;

    @JsonCreator
    private GenreEncoder(@JsonProperty("noGenres") NoGenresHandling noGenres,
                         @JsonProperty("maxGenres") int maxGenres,
                         @JsonProperty("genres") List<String> genres,
                         @JsonProperty("width") int width) {
        this.noGenres = Objects.requireNonNull(noGenres, "noGenres");
        if (maxGenres < 0) {
            throw new IllegalArgumentException("maxGenres must be at least 1, found " + maxGenres);
        }
        this.maxGenres = maxGenres;
        if (genres == null) {
            this.genres = null;
            this.width = 0;
            this.index = null;
            return;
        }
        if (width < 1 || (maxGenres > 0 && width != maxGenres)) {
            throw new IllegalArgumentException("width must be at least 1 and equal maxGenres when set, found width "
                    + width + ", maxGenres " + maxGenres);
        }
        this.genres = List.copyOf(genres);
        this.width = width;
        this.index = new HashMap<>(genres.size() * 2);
        for (int i = 0; i < this.genres.size(); i++) {
            if (index.put(this.genres.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate genre: " + this.genres.get(i));
            }
        }
    }

    /** A builder of an unfitted encoder: "(no genres listed)" as its own value, width from training. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Splits a MovieLens genres field: "Action|Adventure|Sci-Fi" gives [Action, Adventure, Sci-Fi].
     *
     * @param pipeSeparated genre names separated by '|'
     * @return the names in order, as written (trimming and empty-skipping happen when encoding)
     * @throws NullPointerException if {@code pipeSeparated} is null
     */
    public static List<String> split(String pipeSeparated) {
        Objects.requireNonNull(pipeSeparated, "pipeSeparated");
        return List.of(pipeSeparated.split("\\|", -1));
    }

    /**
     * Fits the genre set, and the width unless set, on training movies, ignoring any earlier fit.
     *
     * @param genresPerMovie each training movie's genre names
     * @return a new fitted encoder with this one's settings
     * @throws NullPointerException if {@code genresPerMovie}, a list or a name is null
     */
    public GenreEncoder fit(Collection<? extends Collection<String>> genresPerMovie) {
        Objects.requireNonNull(genresPerMovie, "genresPerMovie");
        TreeSet<String> seen = new TreeSet<>();
        int widest = 1;
        for (Collection<String> movie : genresPerMovie) {
            List<String> names = clean(movie, "genresPerMovie");
            seen.addAll(names);
            widest = Math.max(widest, names.size());
        }
        return new GenreEncoder(noGenres, maxGenres, new ArrayList<>(seen), maxGenres > 0 ? maxGenres : widest);
    }

    /**
     * The genre indices of one movie.
     *
     * @param genres genre names; unknown ones are ignored
     * @return the distinct known genre indices, ascending, possibly none
     * @throws NullPointerException if {@code genres} or a name is null
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(Collection<String> genres) {
        Objects.requireNonNull(genres, "genres");
        requireFitted();
        return clean(genres, "genres").stream()
                .map(index::get)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    /**
     * The genre indices of one movie given as a MovieLens field.
     *
     * @param pipeSeparated e.g. "Action|Adventure|Sci-Fi"
     * @return {@code encode(split(pipeSeparated))}
     * @throws NullPointerException if {@code pipeSeparated} is null
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(String pipeSeparated) {
        return encode(split(pipeSeparated));
    }

    /**
     * Multi-hot encoding of a batch of movies.
     *
     * @param genresPerMovie {@code [batch]} genre lists
     * @return {@code [batch, size()]} row-major, 1 where the movie has the genre, else 0
     * @throws IllegalStateException if not fitted
     */
    public float[] multiHot(List<? extends Collection<String>> genresPerMovie) {
        Objects.requireNonNull(genresPerMovie, "genresPerMovie");
        requireFitted();
        int size = genres.size();
        float[] out = new float[genresPerMovie.size() * size];
        for (int row = 0; row < genresPerMovie.size(); row++) {
            for (int genre : encode(genresPerMovie.get(row))) {
                out[row * size + genre] = 1f;
            }
        }
        return out;
    }

    /**
     * Padded index lists of a batch of movies.
     *
     * @param genresPerMovie {@code [batch]} genre lists
     * @return indices and mask, {@code [batch, width()]} each; padding is index 0 with mask 0
     * @throws IllegalStateException if not fitted
     */
    public MaskedIndices indices(List<? extends Collection<String>> genresPerMovie) {
        Objects.requireNonNull(genresPerMovie, "genresPerMovie");
        requireFitted();
        int[] indices = new int[genresPerMovie.size() * width];
        float[] mask = new float[genresPerMovie.size() * width];
        for (int row = 0; row < genresPerMovie.size(); row++) {
            int[] movie = encode(genresPerMovie.get(row));
            for (int i = 0; i < movie.length && i < width; i++) {
                indices[row * width + i] = movie[i];
                mask[row * width + i] = 1f;
            }
        }
        return new MaskedIndices(genresPerMovie.size(), width, indices, mask);
    }

    /** Whether {@link #fit} produced this encoder. */
    public boolean isFitted() {
        return genres != null;
    }

    /** What "{@value #NO_GENRES}" means. */
    public NoGenresHandling noGenresHandling() {
        return noGenres;
    }

    /**
     * Number of genres: the multi-hot width and the row count of a genre embedding table.
     *
     * @throws IllegalStateException if not fitted
     */
    public int size() {
        requireFitted();
        return genres.size();
    }

    /**
     * Slots per movie in {@link #indices(List)}.
     *
     * @throws IllegalStateException if not fitted
     */
    public int width() {
        requireFitted();
        return width;
    }

    /**
     * The genres in index order.
     *
     * @return an unmodifiable list
     * @throws IllegalStateException if not fitted
     */
    public List<String> genres() {
        requireFitted();
        return genres;
    }

    /** Trimmed, non-empty, distinct names, with "(no genres listed)" dropped when it means none. */
    private List<String> clean(Collection<String> names, String argument) {
        Objects.requireNonNull(names, () -> "a genre list in " + argument + " is null");
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null) {
                throw new NullPointerException("a genre name in " + argument + " is null: "
                        + Arrays.toString(names.toArray()));
            }
            String trimmed = name.strip();
            if (!trimmed.isEmpty() && !(noGenres == NoGenresHandling.EMPTY && trimmed.equals(NO_GENRES))
                    && !out.contains(trimmed)) {
                out.add(trimmed);
            }
        }
        return out;
    }

    private void requireFitted() {
        if (genres == null) {
            throw new IllegalStateException("GenreEncoder is not fitted: call fit(...) on training genres first");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenreEncoder other
                && noGenres == other.noGenres
                && maxGenres == other.maxGenres
                && width == other.width
                && Objects.equals(genres, other.genres);
    }

    @Override
    public int hashCode() {
        return Objects.hash(noGenres, maxGenres, width, genres);
    }

    @Override
    public String toString() {
        return "GenreEncoder{noGenres=" + noGenres
                + (genres == null ? ", unfitted}" : ", genres=" + genres + ", width=" + width + "}");
    }

    /** Settings of a {@link GenreEncoder}; {@link #build()} gives the unfitted encoder. */
    public static final class Builder {
        private NoGenresHandling noGenres = NoGenresHandling.AS_VALUE;
        private int maxGenres;
        private boolean maxGenresSet;

        private Builder() {
        }

        /** What "(no genres listed)" means; default {@link NoGenresHandling#AS_VALUE}. */
        public Builder noGenres(NoGenresHandling noGenres) {
            this.noGenres = Objects.requireNonNull(noGenres, "noGenres");
            return this;
        }

        /**
         * Fixed width of the index-list form, at least 1; default: the most genres any training
         * movie has.
         */
        public Builder maxGenres(int maxGenres) {
            this.maxGenres = maxGenres;
            this.maxGenresSet = true;
            return this;
        }

        /**
         * The unfitted encoder.
         *
         * @throws IllegalArgumentException if maxGenres was set below 1
         */
        public GenreEncoder build() {
            if (maxGenresSet && maxGenres < 1) {
                throw new IllegalArgumentException("maxGenres must be at least 1, found " + maxGenres);
            }
            return new GenreEncoder(noGenres, maxGenres, null, 0);
        }
    }
}
