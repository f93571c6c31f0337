package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.optim.Adagrad;
import dev.recsys.core.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** End-to-end training of the two-tower sketch in float32: learning, determinism, memory. */
class TrainingTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingTest.class);

    private static double epoch(TwoTowerSketch model, ParameterStore store, Optimizer optimizer, SyntheticRetrieval data,
            ArrayPool pool) {
        double total = 0;
        for (TwoTowerSketch.Batch batch : data.batches) {
            try (Tape tape = new Tape(pool)) {
                Variable loss = model.loss(tape, batch);
                total += loss.value().getDouble(0);
                tape.backward(loss);
            }
            optimizer.step(store);
        }
        return total / data.batches.size();
    }

    @Test
    void sameSeedSameParametersAfterTraining() {
        try (SyntheticRetrieval data = new SyntheticRetrieval(1, 4, 64);
                ParameterStore a = new ParameterStore(5);
                ParameterStore b = new ParameterStore(5);
                ParameterStore c = new ParameterStore(6);
                ArrayPool pool = new ArrayPool()) {
            for (ParameterStore store : List.of(a, b, c)) {
                TwoTowerSketch model = SyntheticRetrieval.model(store, 8);
                Optimizer optimizer = Adagrad.builder(0.1).build();
                for (int e = 0; e < 3; e++) {
                    epoch(model, store, optimizer, data, pool);
                }
            }
            for (Parameter parameter : a.parameters()) {
                assertThat(parameter.value()).as(parameter.name()).isEqualTo(b.get(parameter.name()).value());
            }
            assertThat(a.get("query/out/kernel").value()).isNotEqualTo(c.get("query/out/kernel").value());
        }
    }

    /**
     * 50 epochs of 2 steps at batch 512: after warm-up, the resident set must stay flat. A leak
     * of only the [512, 512] float logits of each step would add 1 MiB x 80 steps = 80 MiB.
     */
    @Test
    void fiftyEpochsDoNotGrowNativeMemoryAndTheLossFalls() {
        try (SyntheticRetrieval data = new SyntheticRetrieval(2, 2, 512);
                ParameterStore store = new ParameterStore(9);
                ArrayPool pool = new ArrayPool()) {
            TwoTowerSketch model = SyntheticRetrieval.model(store, 16);
            Optimizer optimizer = Adagrad.builder(0.1).build();
            List<Double> losses = new ArrayList<>();
            long[] resident = new long[50];
            long[] heap = new long[50];
            for (int e = 0; e < 50; e++) {
                losses.add(epoch(model, store, optimizer, data, pool));
                System.gc();
                resident[e] = Pointer.physicalBytes();
                heap[e] = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                LOG.info("epoch {} loss {} physicalBytes {} MiB heapUsed {} MiB", e + 1,
                        String.format("%.4f", losses.get(e)), resident[e] >> 20, heap[e] >> 20);
            }
            long growth = resident[49] - resident[9];
            LOG.info("physicalBytes growth epochs 10..50: {} KiB", growth >> 10);
            assertThat(growth).as("resident growth from epoch 10 to 50").isLessThan(32L << 20);
            // ln(512) = 6.24 at the start; the users' clusters are learnable.
            assertThat(losses.get(49)).isLessThan(losses.get(0) - 1.0);
        }
    }
}
