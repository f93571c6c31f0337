package dev.recsys.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candidate movies: ids with their titles and genre lists, one row per movie in a fixed
 * order, and each movie's release year as its title gives it. Retrieval scores every row; towers
 * pre-encode titles and genres once per row. Immutable.
 */
public final class Catalog {

    /** The release year of a movie whose title carries none. */
    public static final int NO_YEAR = -1;

    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})(?:\\s*[-–]\\s*\\d{0,4})?\\)\\s*$");

    private final int[] ids;
    private final List<String> titles;
    private final List<List<String>> genres;
    /** Release years by row, parsed on first use (most catalogues are never asked); racing threads parse alike. */
    private volatile int[] years;
    /** The ids ascending, and the row of each: {@link #rowOf} by binary search, with no boxing. */
    private final int[] sortedIds;
    private final int[] rowOfSorted;

    private Catalog(int[] ids, List<String> titles, List<List<String>> genres, int[] sortedIds, int[] rowOfSorted) {
        this.ids = ids;
        this.titles = titles;
        this.genres = genres;
        this.sortedIds = sortedIds;
        this.rowOfSorted = rowOfSorted;
    }

    /**
     * A catalogue from equally long columns (copied).
     *
     * @param ids {@code [n]} distinct movie ids
     * @param titles {@code [n]} titles, none null
     * @param genres {@code [n]} genre lists, none null (possibly empty)
     * @throws NullPointerException if an argument, a title or a genre list is null
     * @throws IllegalArgumentException if the lengths differ or an id repeats
     */
    public static Catalog of(int[] ids, List<String> titles, List<? extends List<String>> genres) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(titles, "titles");
        Objects.requireNonNull(genres, "genres");
        if (titles.size() != ids.length || genres.size() != ids.length) {
            throw new IllegalArgumentException("column length mismatch: ids " + ids.length + ", titles "
                    + titles.size() + ", genres " + genres.size());
        }
        long[] pairs = new long[ids.length];
        List<List<String>> genreCopies = new ArrayList<>(ids.length);
        for (int row = 0; row < ids.length; row++) {
            if (titles.get(row) == null || genres.get(row) == null) {
                throw new NullPointerException("titles, genres: null title or genres for movie id " + ids[row]);
            }
            genreCopies.add(List.copyOf(genres.get(row)));
            pairs[row] = (long) ids[row] << 32 | row; // sorts by id, then row
        }
        Arrays.sort(pairs);
        int[] sortedIds = new int[ids.length];
        int[] rowOfSorted = new int[ids.length];
        for (int i = 0; i < pairs.length; i++) {
            sortedIds[i] = (int) (pairs[i] >> 32);
            rowOfSorted[i] = (int) pairs[i];
            if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
                throw new IllegalArgumentException("duplicate movie id in catalog: " + sortedIds[i]);
            }
        }
        return new Catalog(ids.clone(), List.copyOf(titles), List.copyOf(genreCopies), sortedIds, rowOfSorted);
    }

    /** Number of movies. */
    public int size() {
        return ids.length;
    }

    /** Movie id of a row. */
    public int id(int row) {
        return ids[row];
    }

    /** Movie ids {@code [n]} in row order (a copy). */
    public int[] ids() {
        return ids.clone();
    }

    /** Row of a movie id, or -1 when the catalogue lacks it; allocates nothing (a serving hot path). */
    public int rowOf(int movieId) {
        int i = Arrays.binarySearch(sortedIds, movieId);
        return i < 0 ? -1 : rowOfSorted[i];
    }

    /** Titles in row order (unmodifiable). */
    public List<String> titles() {
        return titles;
    }

    /** Genre lists in row order (unmodifiable). */
    public List<List<String>> genres() {
        return genres;
    }

    /** Release year of a row, {@link #yearOf parsed} from its title, or {@link #NO_YEAR}. */
    public int year(int row) {
        int[] parsed = years;
        if (parsed == null) {
            parsed = titles.stream().mapToInt(Catalog::yearOf).toArray();
            years = parsed;
        }
        return parsed[row];
    }

    /**
     * The year in a title's trailing parentheses, as MovieLens writes it: "Heat (1995)" gives
     * 1995, "Babylon 5 (1994–1998)" gives 1994, "Hamlet" gives {@link #NO_YEAR}.
     */
    public static int yearOf(String title) {
        Objects.requireNonNull(title, "title");
        Matcher m = YEAR.matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : NO_YEAR;
    }

    @Override
    public String toString() {
        return "Catalog[" + size() + " movies]";
    }
}
