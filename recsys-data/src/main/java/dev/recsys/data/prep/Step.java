package dev.recsys.data.prep;

import dev.recsys.data.Interactions;

/**
 * One preprocessing step: takes interactions and returns those it keeps. Steps are stateless and
 * compose in a {@link Preprocessing} pipeline, which reports the rows each step removed.
 */
public interface Step {

    /** A short name for reports, e.g. "keep movies with more than 20 ratings". */
    String name();

    /** The rows of {@code input} this step keeps, in their order. */
    Interactions apply(Interactions input);
}
