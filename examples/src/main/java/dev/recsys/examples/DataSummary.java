package dev.recsys.examples;

import dev.recsys.core.data.RatingScale;
import dev.recsys.core.report.SvgChart;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.TimeFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exploratory statistics {@link ExploreData} and {@code recsys explore} print, as an ordered
 * map ready for JSON, and their charts.
 */
public final class DataSummary {

    private DataSummary() {
    }

    /** Counts, distributions, time span, genres and the seed filter's effect on a MovieLens dataset. */
    public static Map<String, Object> of(MovieLensData data) {
        return of(data.ratings(), data.movies(), data.tags().size(), data.report(), true, true);
    }

    /**
     * Counts, distributions, time span (when the rows have times), categories and, for MovieLens,
     * the seed protocol filter's effect. Keys: ratings (rows), users, movies (catalogue items),
     * ratedMovies, tags, skippedRows, ratingsWithoutMovie, scale, ratingDistribution,
     * ratingsPerUser, ratingsPerMovie, timeSpan, ratingsPerYear, moviesPerGenre, seedFilter.
     */
    public static Map<String, Object> of(Interactions ratings, Movies movies, int tags, ReadReport report,
            boolean timestamps, boolean seedFilter) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ratings", ratings.size());
        int[] perUser = positive(ratings.countsPerUser());
        int[] perMovie = positive(ratings.countsPerMovie());
        out.put("users", perUser.length);
        out.put("movies", movies.size());
        out.put("ratedMovies", perMovie.length);
        out.put("tags", tags);
        out.put("skippedRows", report.totalSkipped());
        out.put("ratingsWithoutMovie", report.unmatchedMovieRatings());
        out.put("scale", ratings.scale().toString());

        Map<String, Long> distribution = new TreeMap<>();
        for (float r : ratings.ratings()) {
            distribution.merge(Float.toString(r), 1L, Long::sum);
        }
        out.put("ratingDistribution", distribution);
        out.put("ratingsPerUser", spread(perUser));
        out.put("ratingsPerMovie", spread(perMovie));

        long[] times = ratings.timestamps();
        if (timestamps && times.length > 0) {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("first", Instant.ofEpochSecond(Arrays.stream(times).min().getAsLong()).toString());
            span.put("last", Instant.ofEpochSecond(Arrays.stream(times).max().getAsLong()).toString());
            out.put("timeSpan", span);
            out.put("ratingsPerYear", ratingsPerYear(ratings));
        }

        Map<String, Integer> genres = new TreeMap<>();
        for (int m = 0; m < movies.size(); m++) {
            for (String genre : movies.genres(m)) {
                genres.merge(genre, 1, Integer::sum);
            }
        }
        out.put("moviesPerGenre", genres);

        if (seedFilter) {
            Interactions seed = Preprocessing.seedProtocol().run(ratings).interactions();
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("minRatingsExclusive", 20);
            filter.put("ratings", seed.size());
            filter.put("movies", positive(seed.countsPerMovie()).length);
            filter.put("users", positive(seed.countsPerUser()).length);
            out.put("seedFilter", filter);
        }
        return out;
    }

    /**
     * Writes the charts of a summary {@link #of} made: the rating histogram (explicit ratings
     * only), ratings per movie on a log scale, and ratings per year (when the rows have times);
     * for implicit feedback the charts count interactions.
     *
     * @return the files written
     */
    @SuppressWarnings("unchecked")
    public static List<Path> writeCharts(Interactions ratings, Map<String, Object> summary, Path out)
            throws IOException {
        List<Path> written = new ArrayList<>();
        boolean implicit = ratings.scale().equals(RatingScale.IMPLICIT);
        String counted = implicit ? "interactions" : "ratings";
        String title = implicit ? "Interactions" : "Ratings";
        if (!implicit) {
            Map<String, Long> distribution = (Map<String, Long>) summary.get("ratingDistribution");
            Path file = out.resolve("rating-histogram.svg");
            SvgChart.bars(file, "Ratings by value", "ratings", new ArrayList<>(distribution.keySet()),
                    distribution.values().stream().mapToDouble(Long::doubleValue).toArray());
            written.add(file);
        }
        int[] perMovie = positive(ratings.countsPerMovie());
        if (perMovie.length > 0) {
            double[] descending = Arrays.stream(perMovie).boxed().sorted((a, b) -> b - a)
                    .mapToDouble(Integer::doubleValue).toArray();
            Path file = out.resolve("ratings-per-movie.svg");
            SvgChart.line(file, title + " per item (log scale)", "items, most " + (implicit ? "used" : "rated")
                    + " first", counted, descending, true);
            written.add(file);
        }
        Map<Integer, Integer> perYear = (Map<Integer, Integer>) summary.get("ratingsPerYear");
        if (perYear != null) {
            List<String> years = perYear.keySet().stream().map(String::valueOf).toList();
            Path file = out.resolve("ratings-per-year.svg");
            SvgChart.bars(file, title + " per year (UTC)", counted, years,
                    perYear.values().stream().mapToDouble(Integer::doubleValue).toArray());
            written.add(file);
        }
        return written;
    }

    /** Ratings per calendar year (UTC), in year order. */
    static Map<Integer, Integer> ratingsPerYear(Interactions ratings) {
        Map<Integer, Integer> perYear = new TreeMap<>();
        for (int year : TimeFeatures.of(ratings).year()) {
            perYear.merge(year, 1, Integer::sum);
        }
        return perYear;
    }

    /** Min, median, 90th percentile and max (nearest-rank percentiles) of {@code counts}. */
    static Map<String, Integer> spread(int[] counts) {
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        Map<String, Integer> out = new LinkedHashMap<>();
        if (sorted.length == 0) {
            return out;
        }
        out.put("min", sorted[0]);
        out.put("median", nearestRank(sorted, 0.5));
        out.put("p90", nearestRank(sorted, 0.9));
        out.put("max", sorted[sorted.length - 1]);
        return out;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of the values at or below it. */
    static int nearestRank(int[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The non-zero entries of {@code counts}. */
    static int[] positive(int[] counts) {
        return Arrays.stream(counts).filter(c -> c > 0).toArray();
    }
}
