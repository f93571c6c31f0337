package dev.recsys.models.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.models.io.ModelLimits;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieAge;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The movie age feature learns freshness and serves as it trained. In this world every user rates
 * every movie once, each in the year of its release (eight movies a year, 2000 to 2009), so only a
 * movie's age at the query time tells which movies a query wants: user and movie ids carry no
 * time, and no user prefers one movie to another.
 */
class MovieAgeServingTest {

    private static final int FIRST_YEAR = 2000;
    private static final int YEARS = 10;
    private static final int PER_YEAR = 8;
    private static final int USERS = 20;

    /** A graph index even for these 80 movies, with a beam that visits them all. */
    private static final IndexChoice GRAPH = IndexChoice.builder().annThreshold(1).threads(1).searchBeamWidth(100).build();

    private static Catalog catalog;
    private static Examples train;

    @BeforeAll
    static void world() {
        int[] ids = new int[YEARS * PER_YEAR];
        List<String> titles = new ArrayList<>();
        List<List<String>> genres = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i;
            titles.add("movie " + ids[i] + " (" + releaseYear(ids[i]) + ")");
            genres.add(List.of());
        }
        catalog = Catalog.of(ids, titles, genres);
        SplittableRandom random = new SplittableRandom(7);
        int n = USERS * ids.length;
        int[] users = new int[n];
        long[] times = new long[n];
        int[] movies = new int[n];
        int i = 0;
        for (int user = 1; user <= USERS; user++) {
            for (int movie : ids) {
                users[i] = user;
                times[i] = startOf(releaseYear(movie)) + random.nextLong(360 * 86_400L);
                movies[i++] = movie;
            }
        }
        train = Examples.of(users, times, movies, new float[n]);
    }

    @Test
    void withAgeTheModelRecommendsTheQueryYearsMoviesWithoutItItCannot() {
        assertThat(shareOfTheQueryYear(true)).as("with age").isGreaterThanOrEqualTo(0.9);
        assertThat(shareOfTheQueryYear(false)).as("without age (chance is 1/10)").isLessThan(0.3);
    }

    @Test
    void servedFromMemoryAndFromAFileTheScoresAreTheModels(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("age.zip");
        try (UserTower users = users(); MovieTower movies = movies(true)) {
            RetrievalModel model = trained(users, movies);
            Recommender inMemory = Recommender.of(model);
            SavedModel.builder().retrieval(model).build().save(file);
            Recommender loaded = Recommender.load(file);
            // a graph stored in the file is built over the candidate vectors with their age columns
            Path withGraph = dir.resolve("age-graph.zip");
            SavedModel.builder().retrieval(model).index(GRAPH).build().save(withGraph);
            Recommender graph = Recommender.load(withGraph, ModelLimits.defaults(), GRAPH);
            assertThat(graph.retrievesExactly()).isFalse();
            try (SavedModel saved = SavedModel.load(file)) {
                Recommender rebuilt = Recommender.of(saved);
                for (int user = 1; user <= USERS; user += 7) {
                    for (long t : new long[] {startOf(2003) + 86_400L, startOf(2009) + 86_400L, startOf(2030)}) {
                        float[] scores = model.scores(new int[] {user}, new long[] {t})[0];
                        List<Recommendation> expected = inMemory.recommend(user, t, 8);
                        for (Recommendation r : expected) {
                            assertThat(r.retrievalScore()).as("user %d at %d, movie %d", user, t, r.movieId())
                                    .isCloseTo(scores[catalog.rowOf(r.movieId())], within(1e-4f));
                        }
                        assertThat(loaded.recommend(user, t, 8)).isEqualTo(expected);
                        assertThat(rebuilt.recommend(user, t, 8)).isEqualTo(expected);
                        assertThat(graph.recommend(user, t, 8)).as("graph, user %d at %d", user, t).isEqualTo(expected);
                    }
                }
                // a query after the training period counts as its last year, 2009 (the user tower has no time feature)
                assertThat(loaded.recommend(1, startOf(2030), 8)).isEqualTo(loaded.recommend(1, startOf(2009) + 86_400L, 8))
                        .isNotEqualTo(loaded.recommend(1, startOf(2008) + 86_400L, 8));
            }
        }
    }

    /** Share of the top 8 released in the query year, over users and the years 2001-2009. */
    private static double shareOfTheQueryYear(boolean age) {
        try (UserTower users = users(); MovieTower movies = movies(age)) {
            Recommender recommender = Recommender.of(trained(users, movies));
            int hits = 0;
            int total = 0;
            for (int user = 1; user <= USERS; user += 2) {
                for (int year = FIRST_YEAR + 1; year < FIRST_YEAR + YEARS; year++) {
                    for (Recommendation r : recommender.recommend(user, startOf(year) + 180 * 86_400L, PER_YEAR)) {
                        hits += releaseYear(r.movieId()) == year ? 1 : 0;
                        total++;
                    }
                }
            }
            return hits / (double) total;
        }
    }

    private static RetrievalModel trained(UserTower users, MovieTower movies) {
        RetrievalModel model = RetrievalModel.builder(users, movies, catalog).build();
        Trainer.builder().epochs(8).batchSize(64).optimizer(() -> Adam.builder(0.05).build()).build()
                .fit(model, train, null);
        return model;
    }

    private static UserTower users() {
        return UserTower.builder(IdEncoder.builder().build().fit(train.userIds()), 8).build();
    }

    private static MovieTower movies(boolean age) {
        return MovieTower.builder(IdEncoder.builder().build().fit(train.movieIds()), 8).catalog(catalog)
                .age(age ? MovieAge.fit(train.timestamps(), 5) : null).build();
    }

    private static int releaseYear(int movieId) {
        return FIRST_YEAR + (movieId - 1000) / PER_YEAR;
    }

    private static long startOf(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
