package dev.recsys.models.train;

/** Receives the trainer's progress, e.g. to draw a learning curve. */
@FunctionalInterface
public interface TrainingListener {

    /** Called after every epoch (and its evaluation, if any). */
    void onEpoch(EpochReport report);
}
