package dev.recsys.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.optim.Sgd;
import dev.recsys.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The training loop on a scripted model, and its configuration errors. */
class TrainerTest {

    private static final Examples FOUR = Examples.of(new int[] {1, 2, 3, 4}, new long[4], new int[] {5, 6, 7, 8},
            new float[] {1, 2, 3, 4});

    /**
     * One parameter {@code p} (start 1) with loss {@code p}: SGD at rate 0.1 over one batch per
     * epoch lowers it by exactly 0.1 per epoch, so {@code p} tells how many epochs it has seen. The
     * validation metric is a script indexed by that count.
     */
    private static final class ScriptedModel implements Model {
        final ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        final DenseParameter p = store.dense("p", Initializer.constant(1.0), 1, 1);
        final double[] script;

        ScriptedModel(double... script) {
            this.script = script;
        }

        int epochsSeen() {
            return (int) Math.round((1.0 - p.value().getDouble(0)) / 0.1);
        }

        @Override
        public Variable loss(Tape tape, Examples batch) {
            return Ops.sum(tape.parameter(p));
        }

        @Override
        public Map<String, Double> evaluate(Examples examples) {
            return Map.of("score", script[epochsSeen()]);
        }

        @Override
        public String validationMetric() {
            return "score";
        }

        @Override
        public boolean higherIsBetter() {
            return true;
        }

        @Override
        public List<ParameterStore> parameterStores() {
            return List.of(store);
        }
    }

    private static Trainer.Builder sgd() {
        return Trainer.builder().batchSize(4).optimizer(() -> Sgd.builder(0.1).build());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        // Evaluations after epochs 1..4 give 0.1, 0.3, 0.2, 0.25: best at epoch 2, then two
        // evaluations without improvement, so patience 2 stops after epoch 4 and restores p = 0.8.
        ScriptedModel model = new ScriptedModel(0, 0.1, 0.3, 0.2, 0.25, 0.9, 0.9);
        TrainingResult result = sgd().epochs(6).earlyStopping(2).build().fit(model, FOUR, FOUR);

        assertThat(result.epochs()).isEqualTo(4);
        assertThat(result.bestEpoch()).isEqualTo(2);
        assertThat(model.p.value().getDouble(0)).isCloseTo(0.8, within(1e-12));
        assertThat(result.metrics()).containsEntry("score", 0.3);
        assertThat(result.history()).hasSize(4);
    }

    @Test
    void listenersSeeEveryEpochWithMetricsOnlyWhenEvaluated() {
        List<EpochReport> seen = new ArrayList<>();
        ScriptedModel model = new ScriptedModel(0, 1, 2, 3, 4, 5);
        sgd().epochs(5).evaluateEvery(2).listener(seen::add).build().fit(model, FOUR, FOUR);

        assertThat(seen).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5);
        // Evaluated at epochs 2 and 4, and after the last epoch.
        assertThat(seen).extracting(r -> r.metrics().isEmpty()).containsExactly(true, false, true, false, false);
        assertThat(seen.get(0).loss()).isCloseTo(1.0, within(1e-12));   // p before the first step
        assertThat(seen.get(4).remainingSeconds()).isZero();
    }

    @Test
    void withoutEarlyStoppingTheLastWeightsStay() {
        ScriptedModel model = new ScriptedModel(0, 0.5, 0.1, 0.1);
        TrainingResult result = sgd().epochs(3).build().fit(model, FOUR, FOUR);
        assertThat(model.epochsSeen()).isEqualTo(3);
        assertThat(result.bestEpoch()).isEqualTo(3);
    }

    @Test
    void badConfigurationIsRejectedWithWhatWasFound() {
        assertThatThrownBy(() -> Trainer.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be positive, found 0");
        assertThatThrownBy(() -> Trainer.builder().epochs(-1).build()).hasMessage("epochs must be positive, found -1");
        assertThatThrownBy(() -> Trainer.builder().evaluateEvery(0).build())
                .hasMessage("evaluateEvery must be positive, found 0");
        Examples empty = Examples.of(new int[0], new long[0], new int[0], new float[0]);
        assertThatThrownBy(() -> Trainer.builder().build().fit(new ScriptedModel(0), empty, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training set is empty: expected at least one example");
    }
}
