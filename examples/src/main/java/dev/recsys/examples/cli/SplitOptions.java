package dev.recsys.examples.cli;

import dev.recsys.core.data.Examples;
import dev.recsys.data.Interactions;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.Steps;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.models.eval.Evaluator;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How {@code train} and {@code evaluate} cut the data into train, validation and test parts: the
 * same options give the same parts, so {@code evaluate} finds the test part {@code train} left
 * out.
 */
final class SplitOptions {

    /** The kinds of split. */
    enum Kind {
        /** A seeded shuffle of the rows. */
        RANDOM,
        /** Per user, the latest rows by time are test and the slice before them validation. */
        TEMPORAL
    }

    @Option(names = "--split", paramLabel = "KIND", defaultValue = "random", description = "random (a seeded shuffle)"
            + " or temporal (each user's latest interactions are test, the ones before them validation; needs a time"
            + " column) (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "Share of the rows (of each user's rows, temporal) for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "Share of the rows (of each user's rows, temporal) for test (default: ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the training (default:"
            + " ${DEFAULT-VALUE}).")
    long seed;

    /**
     * Keeps the rows with a catalogue item and a rating, and splits them.
     *
     * @throws UsageException if the fractions are out of range, or a temporal split has no times
     * @throws IOException if no row is left to split
     */
    Split split(Dataset data) throws IOException {
        if (!(validation >= 0 && test > 0 && validation + test < 1)) {
            throw new UsageException("expected --validation >= 0, --test > 0 and a sum below 1, found " + validation
                    + " and " + test);
        }
        Interactions kept = usable(data);
        if (kind == Kind.TEMPORAL) {
            if (!data.timestamps()) {
                throw new UsageException("a temporal split needs times: give --time-col");
            }
            return Splits.temporalPerUser(kept, validation, test);
        }
        return Splits.randomByRatio(kept, 1 - validation - test, validation, seed);
    }

    /**
     * The rows with a catalogue item and a rating.
     *
     * @throws IOException if none is left
     */
    static Interactions usable(Dataset data) throws IOException {
        Interactions kept = Preprocessing.of(Steps.dropMissing(), Steps.mergeWithMovies()).run(data.interactions())
                .interactions();
        if (kept.size() == 0) {
            throw new IOException("no usable interactions in " + data.description() + " (every row lacks a rating or"
                    + " a catalogue item)");
        }
        return kept;
    }

    /** How validation is evaluated: per row (random), or per user with the training items left out (temporal). */
    Evaluator validationEvaluator(Split split) {
        return evaluator(split.train().toExamples());
    }

    /** How test is evaluated: per row (random), or per user with train and validation items left out (temporal). */
    Evaluator testEvaluator(Split split) {
        return evaluator(split.trainAndValidation().toExamples());
    }

    private Evaluator evaluator(Examples seen) {
        return kind == Kind.TEMPORAL ? Evaluator.builder().perUser(true).exclude(seen).build()
                : Evaluator.builder().build();
    }

    /** The ranking metric early stopping watches: factorized top-100 per row, Recall@10 per user. */
    String rankingMonitor() {
        return kind == Kind.TEMPORAL ? "recall@10" : "factorizedTop@100";
    }

    /** For messages and provenance. */
    String describe() {
        return String.format(Locale.ROOT, "%s split, %.2f validation, %.2f test%s", kind.name().toLowerCase(Locale.ROOT),
                validation, test, kind == Kind.RANDOM ? ", seed " + seed : "");
    }
}
