package dev.recsys.data;

import dev.recsys.core.data.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The movie catalogue: one row per movie, addressed by a dense index {@code 0..size()-1} in file
 * order. Immutable.
 *
 * <p>Genres are kept as listed by the file ("(no genres listed)" included); the year is parsed
 * from a trailing "(1995)" or "(2006–2007)" in the title, {@link #NO_YEAR} when absent.
 */
public final class Movies {
    /** The year of a movie whose title carries none. */
    public static final int NO_YEAR = Catalog.NO_YEAR;

    private final int[] ids;
    private final String[] titles;
    private final String[][] genres;
    private final int[] years;
    private final IntIdIndex index;

    private Movies(int[] ids, String[] titles, String[][] genres, int[] years, IntIdIndex index) {
        this.ids = ids;
        this.titles = titles;
        this.genres = genres;
        this.years = years;
        this.index = index;
    }

    /** The whole catalogue as retrieval candidates, rows in this catalogue's index order. */
    public Catalog toCatalog() {
        List<List<String>> genreLists = new ArrayList<>(ids.length);
        for (String[] movieGenres : genres) {
            genreLists.add(List.of(movieGenres));
        }
        return Catalog.of(ids, List.of(titles), genreLists);
    }

    /** A builder that appends movies in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of movies. */
    public int size() {
        return ids.length;
    }

    /** MovieLens id of the movie at {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    /** Index of the movie with this MovieLens id, or -1 when the catalogue lacks it. */
    public int indexOf(int movieId) {
        return index.indexOf(movieId);
    }

    /** Title as written in the file, year included. */
    public String title(int index) {
        return titles[index];
    }

    /** Genres of the movie at {@code index}, in file order; never null, possibly empty. */
    public List<String> genres(int index) {
        return List.of(genres[index]);
    }

    /** Year parsed from the title, or {@link #NO_YEAR}. */
    public int year(int index) {
        return years[index];
    }

    /**
     * The year in a title's trailing parentheses: "Heat (1995)" gives 1995, "Babylon 5 (1994–1998)"
     * gives 1994, "Hamlet" gives {@link #NO_YEAR}.
     */
    public static int parseYear(String title) {
        return Catalog.yearOf(title);
    }

    /** Appends movies; ids must be unique. */
    public static final class Builder {
        private final IntIdIndex index = new IntIdIndex();
        private final List<String> titles = new ArrayList<>();
        private final List<String[]> genres = new ArrayList<>();
        private final Map<String, String> interned = new HashMap<>();
        private boolean built;

        private Builder() {
        }

        /** Whether a movie with this id was added. */
        public boolean contains(int movieId) {
            return index.indexOf(movieId) >= 0;
        }

        /**
         * Adds a movie.
         *
         * @throws IllegalArgumentException when the id was already added
         */
        public Builder add(int movieId, String title, List<String> genreNames) {
            Objects.requireNonNull(genreNames, "genreNames");
            Objects.requireNonNull(title, "title");
            if (built) {
                throw new IllegalStateException("build() was called: start a new builder");
            }
            if (contains(movieId)) {
                throw new IllegalArgumentException("duplicate movie id " + movieId);
            }
            index.add(movieId);
            titles.add(title);
            genres.add(genreNames.stream().map(g -> interned.computeIfAbsent(g, k -> k)).toArray(String[]::new));
            return this;
        }

        /** The immutable catalogue. */
        public Movies build() {
            built = true;
            int n = index.size();
            int[] years = new int[n];
            for (int i = 0; i < n; i++) {
                years[i] = parseYear(titles.get(i));
            }
            return new Movies(index.ids(), titles.toArray(String[]::new), genres.toArray(String[][]::new),
                    years, index);
        }
    }

    @Override
    public String toString() {
        return "Movies[" + size() + "]";
    }

    /** For tests and summaries: the distinct genres in first-seen order. */
    public List<String> distinctGenres() {
        return Arrays.stream(genres).flatMap(Arrays::stream).distinct().toList();
    }
}
