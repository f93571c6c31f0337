package dev.recsys.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-made and random datasets for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Where the shared MovieLens latest-small copy lives, relative to a module folder. */
    public static final Path LATEST_SMALL = Path.of("../../shared/datasets/ml-latest-small");

    /** The shared ml-latest-small folder; skips the calling test, saying why, when it is absent. */
    public static Path latestSmallOrSkip() {
        assumeTrue(Files.isRegularFile(LATEST_SMALL.resolve("ratings.csv")),
                () -> "skipped: MovieLens latest-small not found at " + LATEST_SMALL.toAbsolutePath().normalize());
        return LATEST_SMALL;
    }

    /** A catalogue of movies with ids {@code 1..count}, titled "Movie i (2000)", genre "Drama". */
    public static Movies movies(int count) {
        Movies.Builder b = Movies.builder();
        for (int id = 1; id <= count; id++) {
            b.add(id, "Movie " + id + " (2000)", List.of("Drama"));
        }
        return b.build();
    }

    /**
     * Interactions from rows of {@code {userId, movieId, rating, timestamp}}; a movie id above
     * {@code movies.size()} is unknown to the catalogue.
     */
    public static Interactions interactions(Movies movies, double[][] rows) {
        Interactions.Builder b = Interactions.builder(movies);
        for (double[] r : rows) {
            b.add((int) r[0], (int) r[1], (float) r[2], (long) r[3]);
        }
        return b.build();
    }

    /**
     * Random interactions: {@code users} users, {@code movieCount} movies, {@code rows} rows with
     * ratings on the half-star scale and timestamps in 2000–2020, rows grouped by user as in
     * MovieLens files.
     */
    public static Interactions random(int users, int movieCount, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder(movies(movieCount));
        int[] userOfRow = random.ints(rows, 1, users + 1).sorted().toArray();
        for (int userId : userOfRow) {
            b.add(userId, 1 + random.nextInt(movieCount), 0.5f * (1 + random.nextInt(10)),
                    946_684_800L + random.nextLong(631_152_000L));
        }
        return b.build();
    }
}
