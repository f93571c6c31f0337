package dev.recsys.examples;

import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.TimeFeatures;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The exploratory statistics {@link ExploreData} prints, as an ordered map ready for JSON. */
final class DataSummary {

    private DataSummary() {
    }

    /** Counts, distributions, time span, genres and the seed filter's effect on {@code data}. */
    static Map<String, Object> of(MovieLensData data) {
        Interactions ratings = data.ratings();
        Movies movies = data.movies();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ratings", ratings.size());
        int[] perUser = positive(ratings.countsPerUser());
        int[] perMovie = positive(ratings.countsPerMovie());
        out.put("users", perUser.length);
        out.put("movies", movies.size());
        out.put("ratedMovies", perMovie.length);
        out.put("tags", data.tags().size());
        out.put("skippedRows", data.report().totalSkipped());
        out.put("ratingsWithoutMovie", data.report().unmatchedMovieRatings());

        Map<String, Long> distribution = new TreeMap<>();
        for (float r : ratings.ratings()) {
            distribution.merge(Float.toString(r), 1L, Long::sum);
        }
        out.put("ratingDistribution", distribution);
        out.put("ratingsPerUser", spread(perUser));
        out.put("ratingsPerMovie", spread(perMovie));

        long[] times = ratings.timestamps();
        if (times.length > 0) {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("first", Instant.ofEpochSecond(Arrays.stream(times).min().getAsLong()).toString());
            span.put("last", Instant.ofEpochSecond(Arrays.stream(times).max().getAsLong()).toString());
            out.put("timeSpan", span);
        }
        out.put("ratingsPerYear", ratingsPerYear(ratings));

        Map<String, Integer> genres = new TreeMap<>();
        for (int m = 0; m < movies.size(); m++) {
            for (String genre : movies.genres(m)) {
                genres.merge(genre, 1, Integer::sum);
            }
        }
        out.put("moviesPerGenre", genres);

        Interactions seed = Preprocessing.seedProtocol().run(ratings).interactions();
        Map<String, Object> seedFilter = new LinkedHashMap<>();
        seedFilter.put("minRatingsExclusive", 20);
        seedFilter.put("ratings", seed.size());
        seedFilter.put("movies", positive(seed.countsPerMovie()).length);
        seedFilter.put("users", positive(seed.countsPerUser()).length);
        out.put("seedFilter", seedFilter);
        return out;
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
