package dev.recsys.bench;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.Tags;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.Steps;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.models.RatingPredictor;
import dev.recsys.models.eval.Evaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A protocol of DESIGN.md with its validation part: what is trained on, what chooses settings and
 * epochs, what is tested once, and how each part is evaluated. Every movie of movies.csv is a
 * candidate.
 *
 * <ul>
 *   <li>{@code seed}: movies with more than 20 ratings, a seeded shuffle into 60,000 training
 *       ratings (54,000 train + 6,000 validation) and 6,658 test ratings, the same test rows as
 *       the reference notebook's split; every row a query, nothing excluded; early stopping
 *       watches {@code factorizedTop@100}.
 *   <li>{@code temporal}: every rating; for each user the latest 20% by time is test and the 10%
 *       just before it validation; one query per user, the user's earlier movies excluded; watches
 *       {@code ndcg@10}.
 *   <li>{@code temporal-global}: one cut-off time for everyone: the last 10% of ratings by time
 *       are test, the 10% before validation; no later rating or popularity leaks into training;
 *       per user as {@code temporal}.
 * </ul>
 *
 * <p>Side data (tags) is cut at the training part's latest rating while choosing settings, and at
 * the latest rating of train and validation for the final model.
 */
final class Protocol {

    static final List<String> NAMES = List.of("seed", "temporal", "temporal-global");
    static final int SEED_TRAIN = 54_000;
    static final int SEED_VALIDATION = 6_000;
    static final long SPLIT_SEED = 42;
    static final double TEMPORAL_VALIDATION = 0.1;
    static final double TEMPORAL_TEST = 0.2;
    static final double GLOBAL_VALIDATION_START = 0.8;
    static final double GLOBAL_TEST_START = 0.9;

    final String name;
    final Examples train;
    final Examples validation;
    final Examples test;
    /** Train and validation together: what the final model is fitted on. */
    final Examples trainAndValidation;
    final Catalog candidates;
    /** Tag texts by movie id, cut at the latest training rating (for choosing settings). */
    final Map<Integer, List<String>> trainTags;
    /** Tag texts by movie id, cut at the latest rating of train and validation (for the final model). */
    final Map<Integer, List<String>> finalTags;
    /** Evaluates models fitted on {@link #train} on {@link #validation}. */
    final Evaluator validationEvaluator;
    /** Evaluates models fitted on {@link #trainAndValidation} on {@link #test}. */
    final Evaluator testEvaluator;
    /** The ranking metric that chooses settings and epochs. */
    final String monitor;

    private Protocol(String name, Split split, MovieLensData data) {
        this.name = name;
        this.train = split.train().toExamples();
        this.validation = split.validation().toExamples();
        this.test = split.test().toExamples();
        this.trainAndValidation = split.trainAndValidation().toExamples();
        this.candidates = data.movies().toCatalog();
        this.trainTags = tagsByMovie(data.movies(), data.tags().before(latest(train) + 1));
        this.finalTags = tagsByMovie(data.movies(), data.tags().before(latest(trainAndValidation) + 1));
        boolean seed = name.equals("seed");
        this.monitor = seed ? "factorizedTop@100" : "ndcg@10";
        this.validationEvaluator = seed ? Evaluator.builder().build()
                : Evaluator.builder().perUser(true).exclude(train).build();
        this.testEvaluator = seed ? Evaluator.builder().build()
                : Evaluator.builder().perUser(true).exclude(trainAndValidation).build();
    }

    /**
     * Reads the MovieLens folder {@code dir} and splits it by the protocol {@code name}.
     *
     * @throws IllegalArgumentException for an unknown protocol name
     */
    static Protocol of(String name, Path dir) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown protocol " + name + "; expected one of " + NAMES);
        }
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        if (name.equals("seed")) {
            Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();
            return new Protocol(name, Splits.randomByCount(kept, SEED_TRAIN, SEED_VALIDATION, SPLIT_SEED), data);
        }
        // A product ranks every movie: no more-than-20-ratings filter, which would hide the cold tail.
        Interactions kept = Preprocessing.of(Steps.dropMissing(), Steps.mergeWithMovies()).run(data.ratings())
                .interactions();
        Split split = name.equals("temporal")
                ? Splits.temporalPerUser(kept, TEMPORAL_VALIDATION, TEMPORAL_TEST)
                : Splits.temporalGlobal(kept, Splits.timeAtQuantile(kept, GLOBAL_VALIDATION_START),
                        Splits.timeAtQuantile(kept, GLOBAL_TEST_START));
        return new Protocol(name, split, data);
    }

    /**
     * The metric that chooses a model's settings and epochs: RMSE for a rating predictor (also when
     * it scores candidates), else the protocol's ranking metric.
     */
    String validationMetricOf(Object model) {
        return model instanceof RatingPredictor ? "rmse" : monitor;
    }

    /** Whether queries are per user with seen movies excluded. */
    boolean perUser() {
        return !name.equals("seed");
    }

    private static long latest(Examples examples) {
        long latest = Long.MIN_VALUE;
        for (long t : examples.timestamps()) {
            latest = Math.max(latest, t);
        }
        return latest;
    }

    private static Map<Integer, List<String>> tagsByMovie(Movies movies, Tags tags) {
        int[] tagged = tags.movieIndices();
        Map<Integer, List<String>> byMovie = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            if (tagged[i] >= 0) {
                byMovie.computeIfAbsent(movies.id(tagged[i]), id -> new ArrayList<>()).add(tags.texts().get(i));
            }
        }
        return byMovie;
    }
}
