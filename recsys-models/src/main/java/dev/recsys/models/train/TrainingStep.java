package dev.recsys.models.train;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ArrayPool;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.optim.Optimizer;
import dev.recsys.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One optimisation step of a model, exactly as {@link Trainer} runs it: forward on a tape that
 * borrows its large arrays from one {@link ArrayPool}, backward, then one optimizer per parameter
 * store. Public so that benchmarks time the trainer's own step; not thread-safe; close it to free
 * the pool.
 *
 * <pre>{@code
 * try (TrainingStep step = new TrainingStep(model, () -> Adam.builder(0.005).build())) {
 *     double loss = step.run(batch);
 * }
 * }</pre>
 */
public final class TrainingStep implements AutoCloseable {

    private final Model model;
    private final List<ParameterStore> stores;
    private final List<Optimizer> optimizers = new ArrayList<>();
    private final ArrayPool pool = new ArrayPool();

    /**
     * Creates the optimizers of a run (one per parameter store; optimizers carry state).
     *
     * @param model     the model to train in place
     * @param optimizer makes a new optimizer per parameter store
     */
    public TrainingStep(Model model, Supplier<? extends Optimizer> optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        this.stores = model.parameterStores();
        for (int i = 0; i < stores.size(); i++) {
            optimizers.add(optimizer.get());
        }
    }

    /**
     * Forward, backward and update on one batch. A loss that is NaN or infinite is returned
     * without backward or update, so the caller can stop with the weights of the last good step.
     *
     * @param batch at least one example
     * @return the batch's mean loss before the update
     */
    public double run(Examples batch) {
        Objects.requireNonNull(batch, "batch");
        double loss;
        try (Tape tape = new Tape(pool)) {
            Variable value = model.loss(tape, batch);
            loss = value.value().getDouble(0);
            if (!Double.isFinite(loss)) {
                return loss;
            }
            tape.backward(value);
        }
        for (int s = 0; s < stores.size(); s++) {
            optimizers.get(s).step(stores.get(s));
        }
        return loss;
    }

    /** Frees the pooled arrays. */
    @Override
    public void close() {
        pool.close();
    }
}
