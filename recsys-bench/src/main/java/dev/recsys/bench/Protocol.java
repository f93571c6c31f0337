package dev.recsys.bench;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.TimeField;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.Tags;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.Steps;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A protocol of DESIGN.md, ready for the models, with the encoders fitted on the training part
 * only and every movie of movies.csv as a candidate. {@link #seed}: the seed protocol, movies with
 * more than 20 ratings, a seeded shuffle into 60,000 train and the rest test. {@link #temporal}:
 * every rating (no movie filter), each user's latest 20% by time as test.
 */
final class Protocol {

    static final int TRAIN_COUNT = 60_000;
    static final long SPLIT_SEED = 42;
    static final double TEMPORAL_TEST_FRACTION = 0.2;

    /** {@code seed} or {@code temporal}. */
    final String name;
    final Examples train;
    final Examples test;
    final Catalog candidates;
    final IdEncoder userIds;
    final IdEncoder movieIds;
    final Discretizer timeBuckets;
    final Normalizer timestamps;
    final IdEncoder years;
    final CyclicTimeEncoder cyclic = CyclicTimeEncoder.standard();
    final TitleVectorizer titles;
    final GenreEncoder genres;
    /** Tag texts by movie id (all of tags.csv). */
    final Map<Integer, List<String>> tags;

    private Protocol(String name, Examples train, Examples test, Catalog candidates,
            Map<Integer, List<String>> tags) {
        this.name = name;
        this.tags = tags;
        this.train = train;
        this.test = test;
        this.candidates = candidates;
        this.userIds = IdEncoder.builder().build().fit(train.userIds());
        this.movieIds = IdEncoder.builder().build().fit(train.movieIds());
        long[] trainTimes = train.timestamps();
        this.timeBuckets = Discretizer.equalWidth(1000).fit(trainTimes);
        this.timestamps = Normalizer.create().fit(trainTimes);
        int[] trainYears = new int[trainTimes.length];
        for (int i = 0; i < trainYears.length; i++) {
            trainYears[i] = TimeField.YEAR.of(trainTimes[i]);
        }
        this.years = IdEncoder.builder().build().fit(trainYears);
        Set<Integer> trainMovies = new LinkedHashSet<>();
        for (int id : train.movieIds()) {
            trainMovies.add(id);
        }
        List<String> trainTitles = new ArrayList<>();
        List<List<String>> trainGenres = new ArrayList<>();
        for (int id : trainMovies) {
            int row = candidates.rowOf(id);
            trainTitles.add(candidates.titles().get(row));
            trainGenres.add(candidates.genres().get(row));
        }
        this.titles = TitleVectorizer.builder().build().fit(trainTitles);
        this.genres = GenreEncoder.builder().build().fit(trainGenres);
    }

    /** Reads, preprocesses and splits the MovieLens folder {@code dir}, then fits the encoders. */
    static Protocol seed(Path dir) throws IOException {
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();
        return of("seed", Splits.randomByCount(kept, TRAIN_COUNT, SPLIT_SEED), data);
    }

    /**
     * The temporal protocol: every rating of a movie in movies.csv (the seed protocol's
     * more-than-20-ratings filter is not applied: a product ranks every movie, and the filter
     * would hide the cold tail), each user's latest {@link #TEMPORAL_TEST_FRACTION} of ratings by
     * time as test.
     */
    static Protocol temporal(Path dir) throws IOException {
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Interactions kept = Preprocessing.of(Steps.dropMissing(), Steps.mergeWithMovies()).run(data.ratings())
                .interactions();
        return of("temporal", Splits.temporalPerUser(kept, TEMPORAL_TEST_FRACTION), data);
    }

    private static Protocol of(String name, Split split, MovieLensData data) {
        Movies movies = data.movies();
        Tags tags = data.tags();
        int[] tagged = tags.movieIndices();
        Map<Integer, List<String>> tagsByMovie = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            if (tagged[i] >= 0) {
                tagsByMovie.computeIfAbsent(movies.id(tagged[i]), id -> new ArrayList<>()).add(tags.texts().get(i));
            }
        }
        return new Protocol(name, split.train().toExamples(), split.test().toExamples(), movies.toCatalog(),
                tagsByMovie);
    }
}
