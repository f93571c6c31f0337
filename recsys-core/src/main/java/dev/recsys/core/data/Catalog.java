package dev.recsys.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidate movies: ids with their titles and genre lists, one row per movie in a fixed
 * order. Retrieval scores every row; towers pre-encode titles and genres once per row. Immutable.
 */
public final class Catalog {

    private final int[] ids;
    private final List<String> titles;
    private final List<List<String>> genres;
    private final Map<Integer, Integer> rowOfId;

    private Catalog(int[] ids, List<String> titles, List<List<String>> genres, Map<Integer, Integer> rowOfId) {
        this.ids = ids;
        this.titles = titles;
        this.genres = genres;
        this.rowOfId = rowOfId;
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
        Map<Integer, Integer> rowOfId = new HashMap<>(ids.length * 2);
        List<List<String>> genreCopies = new ArrayList<>(ids.length);
        for (int row = 0; row < ids.length; row++) {
            if (rowOfId.put(ids[row], row) != null) {
                throw new IllegalArgumentException("duplicate movie id in catalog: " + ids[row]);
            }
            if (titles.get(row) == null || genres.get(row) == null) {
                throw new NullPointerException("titles, genres: null title or genres for movie id " + ids[row]);
            }
            genreCopies.add(List.copyOf(genres.get(row)));
        }
        return new Catalog(ids.clone(), List.copyOf(titles), List.copyOf(genreCopies), rowOfId);
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

    /** Row of a movie id, or -1 when the catalogue lacks it. */
    public int rowOf(int movieId) {
        Integer row = rowOfId.get(movieId);
        return row == null ? -1 : row;
    }

    /** Titles in row order (unmodifiable). */
    public List<String> titles() {
        return titles;
    }

    /** Genre lists in row order (unmodifiable). */
    public List<List<String>> genres() {
        return genres;
    }

    @Override
    public String toString() {
        return "Catalog[" + size() + " movies]";
    }
}
