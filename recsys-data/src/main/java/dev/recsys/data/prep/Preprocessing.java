package dev.recsys.data.prep;

import dev.recsys.data.Interactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered pipeline of {@link Step}s that reports how many rows each removed.
 *
 * <p>{@link #seedProtocol()} is the reference notebook's: movies with more than 20 ratings, drop
 * missing values, merge with the catalogue. Time features and timestamp normalization are not
 * row steps here: the encoders compute them, fitted on the training split only.
 */
public final class Preprocessing {
    private static final Logger LOG = LoggerFactory.getLogger(Preprocessing.class);

    private final List<Step> steps;

    private Preprocessing(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** A pipeline running {@code steps} in order. */
    public static Preprocessing of(Step... steps) {
        Objects.requireNonNull(steps, "steps");
        return new Preprocessing(List.of(steps));
    }

    /** The seed protocol of DESIGN.md: more than 20 ratings per movie, drop missing, merge. */
    public static Preprocessing seedProtocol() {
        return of(Steps.keepMoviesRatedMoreThan(20), Steps.dropMissing(), Steps.mergeWithMovies());
    }

    /** The steps, in order. */
    public List<Step> steps() {
        return steps;
    }

    /** Runs every step in order, logging and returning what each removed. */
    public Result run(Interactions input) {
        Objects.requireNonNull(input, "input");
        List<StepReport> reports = new ArrayList<>(steps.size());
        Interactions current = input;
        for (Step step : steps) {
            Interactions next = step.apply(current);
            reports.add(new StepReport(step.name(), current.size(), next.size()));
            LOG.info("{}: {} -> {} rows", step.name(), current.size(), next.size());
            current = next;
        }
        return new Result(current, reports);
    }

    /**
     * The output of a pipeline.
     *
     * @param interactions the rows kept
     * @param steps one report per step, in order
     */
    public record Result(Interactions interactions, List<StepReport> steps) {
        /** Copies the list. */
        public Result {
            Objects.requireNonNull(interactions, "interactions");
            Objects.requireNonNull(steps, "steps");
            steps = List.copyOf(steps);
        }
    }

    /**
     * Rows before and after one step.
     *
     * @param step the step's name
     * @param rowsIn rows it received
     * @param rowsOut rows it kept
     */
    public record StepReport(String step, int rowsIn, int rowsOut) {
        /** Checks that the step is named. */
        public StepReport {
            Objects.requireNonNull(step, "step");
        }

        /** Rows the step removed. */
        public int removed() {
            return rowsIn - rowsOut;
        }
    }
}
