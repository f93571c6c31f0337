package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.topk.TopK;
import dev.recsys.models.CandidateScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Content-based recommendation by TF-IDF and cosine similarity. Each movie is a document of
 * title words (the trailing "(year)" stripped), genres (as {@code genre:<name>} terms, so they
 * never match a title word) and the words of its user tags; all lower-cased, split on anything
 * but letters and digits. A term's weight is {@code tf · ln(N / df)} (raw count in the document,
 * {@code N} catalogue movies, {@code df} movies containing it), and each movie vector is
 * L2-normalized, so a dot product is a cosine.
 *
 * <p>A user's profile is the sum of the vectors of the movies they rated at or above their own
 * mean training rating (so every user with ratings has a profile, whatever their scale); a
 * candidate's score is its cosine with that profile. Immutable once fitted.
 */
public final class ContentBased implements CandidateScorer {

    private static final Pattern YEAR = Pattern.compile("\\s*\\(\\d{4}(?:-\\d{4})?\\)\\s*$");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Catalog candidates;
    private final int[][] terms;
    private final float[][] weights;
    private final int vocabulary;
    private final Map<Integer, int[]> likedByUser;

    private ContentBased(Catalog candidates, int[][] terms, float[][] weights, int vocabulary,
            Map<Integer, int[]> likedByUser) {
        this.candidates = candidates;
        this.terms = terms;
        this.weights = weights;
        this.vocabulary = vocabulary;
        this.likedByUser = likedByUser;
    }

    /**
     * Starts the settings.
     *
     * @param candidates the movies, with titles and genres
     */
    public static Builder builder(Catalog candidates) {
        Objects.requireNonNull(candidates, "candidates");
        return new Builder(candidates);
    }

    /**
     * Cosine similarity of two movies' TF-IDF vectors, in {@code [0, 1]}.
     *
     * @throws IllegalArgumentException if a movie is not in the catalogue
     */
    public double similarity(int movieIdA, int movieIdB) {
        return dot(row(movieIdA), row(movieIdB));
    }

    /**
     * The {@code n} movies most similar to a movie, most similar first, the movie itself excluded;
     * equal similarities keep catalogue order.
     *
     * @return up to {@code n} movie ids
     * @throws IllegalArgumentException if the movie is not in the catalogue or {@code n} is not positive
     */
    public int[] similarMovies(int movieId, int n) {
        int self = row(movieId);
        float[] profile = new float[vocabulary];
        for (int t = 0; t < terms[self].length; t++) {
            profile[terms[self][t]] = weights[self][t];
        }
        return ids(TopK.select(score(profile), n, rowsExcept(self)));
    }

    /**
     * Recommendations for a user from the profile of the movies they liked in training, those
     * movies excluded.
     *
     * @return up to {@code n} movie ids, best first; empty for a user without training ratings
     */
    public int[] recommend(int userId, int n) {
        int[] liked = likedByUser.get(userId);
        if (liked == null) {
            return new int[0];
        }
        return ids(TopK.select(score(profile(liked)), n, rowsExcept(liked)));
    }

    private boolean[] rowsExcept(int... rows) {
        boolean[] excluded = new boolean[candidates.size()];
        for (int row : rows) {
            excluded[row] = true;
        }
        return excluded;
    }

    private int[] ids(int[] rows) {
        int[] ids = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = candidates.id(rows[i]);
        }
        return ids;
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** Cosine of each candidate with the user's profile (all zero without one); timestamps are ignored. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        float[][] out = new float[userIds.length][];
        for (int q = 0; q < userIds.length; q++) {
            int[] liked = likedByUser.get(userIds[q]);
            out[q] = liked == null ? new float[candidates.size()] : score(profile(liked));
        }
        return out;
    }

    private float[] profile(int[] liked) {
        float[] profile = new float[vocabulary];
        for (int row : liked) {
            for (int t = 0; t < terms[row].length; t++) {
                profile[terms[row][t]] += weights[row][t];
            }
        }
        double norm = 0;
        for (float v : profile) {
            norm += v * v;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int t = 0; t < profile.length; t++) {
                profile[t] *= scale;
            }
        }
        return profile;
    }

    private float[] score(float[] profile) {
        float[] out = new float[terms.length];
        for (int row = 0; row < terms.length; row++) {
            float sum = 0;
            for (int t = 0; t < terms[row].length; t++) {
                sum += profile[terms[row][t]] * weights[row][t];
            }
            out[row] = sum;
        }
        return out;
    }

    private int row(int movieId) {
        int row = candidates.rowOf(movieId);
        if (row < 0) {
            throw new IllegalArgumentException("movie id " + movieId + " is not in the catalog of "
                    + candidates.size() + " movies");
        }
        return row;
    }

    private double dot(int a, int b) {
        // Term arrays are sorted: a merge walk.
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < terms[a].length && j < terms[b].length) {
            int c = Integer.compare(terms[a][i], terms[b][j]);
            if (c == 0) {
                sum += weights[a][i++] * weights[b][j++];
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    /** The words of a title without its trailing year, lower-cased. */
    static List<String> titleWords(String title) {
        return words(YEAR.matcher(title).replaceFirst(""));
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Settings of a {@link ContentBased} model; {@link #fit} builds the vectors and the profiles. */
    public static final class Builder {
        private final Catalog candidates;
        private Map<Integer, List<String>> tags = Map.of();

        private Builder(Catalog candidates) {
            this.candidates = candidates;
        }

        /** Tag texts by movie id, added to the movies' documents; default none. */
        public Builder tags(Map<Integer, List<String>> tagsByMovieId) {
            Objects.requireNonNull(tagsByMovieId, "tagsByMovieId");
            this.tags = Map.copyOf(tagsByMovieId);
            return this;
        }

        /**
         * Builds the TF-IDF vectors of the catalogue and the users' liked movies.
         *
         * @param train the ratings the user profiles come from (may be empty: similarity only)
         * @throws IllegalArgumentException if the catalogue is missing or empty
         */
        public ContentBased fit(Examples train) {
            Objects.requireNonNull(train, "train");
            if (candidates == null || candidates.size() == 0) {
                throw new IllegalArgumentException("expected a non-empty candidate catalog, found "
                        + (candidates == null ? "none" : "an empty one"));
            }
            int n = candidates.size();
            Map<String, Integer> vocabulary = new HashMap<>();
            List<Map<Integer, Integer>> counts = new ArrayList<>(n);
            List<Integer> df = new ArrayList<>();
            for (int row = 0; row < n; row++) {
                List<String> doc = new ArrayList<>(titleWords(candidates.titles().get(row)));
                for (String genre : candidates.genres().get(row)) {
                    doc.add("genre:" + genre.toLowerCase(Locale.ROOT));
                }
                for (String tag : tags.getOrDefault(candidates.id(row), List.of())) {
                    doc.addAll(words(tag));
                }
                Map<Integer, Integer> tf = new TreeMap<>();
                for (String word : doc) {
                    int term = vocabulary.computeIfAbsent(word, w -> vocabulary.size());
                    if (term == df.size()) {
                        df.add(0);
                    }
                    if (tf.merge(term, 1, Integer::sum) == 1) {
                        df.set(term, df.get(term) + 1);
                    }
                }
                counts.add(tf);
            }
            int[][] terms = new int[n][];
            float[][] weights = new float[n][];
            for (int row = 0; row < n; row++) {
                Map<Integer, Integer> tf = counts.get(row);
                terms[row] = new int[tf.size()];
                double[] w = new double[tf.size()];
                double norm = 0;
                int t = 0;
                for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
                    terms[row][t] = e.getKey();
                    w[t] = e.getValue() * Math.log((double) n / df.get(e.getKey()));
                    norm += w[t] * w[t];
                    t++;
                }
                weights[row] = new float[w.length];
                for (t = 0; t < w.length; t++) {
                    weights[row][t] = norm == 0 ? 0 : (float) (w[t] / Math.sqrt(norm));
                }
            }
            return new ContentBased(candidates, terms, weights, vocabulary.size(), liked(train));
        }

        /** Per user, the catalogue rows rated at or above the user's mean training rating. */
        private Map<Integer, int[]> liked(Examples train) {
            Map<Integer, double[]> sums = new HashMap<>();
            for (int i = 0; i < train.size(); i++) {
                double[] s = sums.computeIfAbsent(train.userId(i), u -> new double[2]);
                s[0] += train.rating(i);
                s[1]++;
            }
            Map<Integer, List<Integer>> rows = new HashMap<>();
            for (int i = 0; i < train.size(); i++) {
                double[] s = sums.get(train.userId(i));
                int row = candidates.rowOf(train.movieId(i));
                if (row >= 0 && train.rating(i) >= s[0] / s[1]) {
                    rows.computeIfAbsent(train.userId(i), u -> new ArrayList<>()).add(row);
                }
            }
            Map<Integer, int[]> out = new HashMap<>();
            rows.forEach((user, list) -> out.put(user, list.stream().mapToInt(Integer::intValue).distinct().toArray()));
            return Map.copyOf(out);
        }
    }
}
