package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ParameterStoreTest {

    @Test
    void sameSeedSameValuesAndOtherParametersDoNotShiftThem() {
        try (ParameterStore a = new ParameterStore(42);
                ParameterStore b = new ParameterStore(42);
                ParameterStore c = new ParameterStore(43)) {
            a.dense("w", Initializer.glorotUniform(), 4, 3);
            b.embedding("extra", 10, 2, Initializer.uniform(0.05)); // created first in b only
            b.dense("w", Initializer.glorotUniform(), 4, 3);
            c.dense("w", Initializer.glorotUniform(), 4, 3);
            assertThat(a.get("w").value()).isEqualTo(b.get("w").value());
            assertThat(a.get("w").value()).isNotEqualTo(c.get("w").value());
        }
    }

    @Test
    void initializersStayInTheirRange() {
        try (ParameterStore store = new ParameterStore(1)) {
            // Glorot limit for [30, 20]: sqrt(6 / 50) = 0.34641
            Parameter kernel = store.dense("k", Initializer.glorotUniform(), 30, 20);
            assertThat(kernel.value().amaxNumber().doubleValue()).isLessThanOrEqualTo(0.34641).isGreaterThan(0.3);
            Parameter table = store.embedding("e", 100, 8, Initializer.uniform(0.05));
            assertThat(table.value().amaxNumber().doubleValue()).isLessThanOrEqualTo(0.05).isGreaterThan(0.04);
            Parameter normal = store.dense("n", Initializer.normal(2.0), 100, 100);
            assertThat(normal.value().stdNumber().doubleValue()).isBetween(1.9, 2.1);
            assertThat(normal.value().meanNumber().doubleValue()).isBetween(-0.1, 0.1);
            assertThat(store.size()).isEqualTo(600 + 800 + 10_000);
        }
    }

    @Test
    void restoreBringsBackSnapshottedValues() {
        try (ParameterStore store = new ParameterStore(1)) {
            Parameter w = store.dense("w", Initializer.uniform(1), 2, 3);
            Parameter e = store.embedding("e", 4, 2, Initializer.uniform(1));
            java.util.Map<String, double[]> best = store.snapshot();
            double[] original = w.value().dup().data().asDouble();
            w.value().assign(7);
            e.value().assign(-7);
            store.restore(best);
            assertThat(w.value().data().asDouble()).containsExactly(original);
            assertThat(e.value().amaxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
            best.put("w", new double[5]);
            assertThatThrownBy(() -> store.restore(best)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("snapshot does not match parameter 'w': expected 6 values, found 5");
        }
    }

    @Test
    void badDefinitionsAreRejected() {
        try (ParameterStore store = new ParameterStore(1)) {
            store.dense("w", Initializer.zeros(), 2, 2);
            assertThatThrownBy(() -> store.dense("w", Initializer.zeros(), 2, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate parameter name 'w'");
            assertThatThrownBy(() -> store.embedding("e", 0, 4, Initializer.zeros()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter 'e' needs positive dimensions, found [0, 4]");
            assertThatThrownBy(() -> store.get("missing"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parameter named 'missing'");
        }
    }

    @Test
    void lookupRejectsIdsOutsideTheTable() {
        try (ParameterStore store = new ParameterStore(1); Tape tape = new Tape()) {
            EmbeddingTable table = store.embedding("movies", 3, 2, Initializer.zeros());
            assertThatThrownBy(() -> Ops.lookup(tape, table, new int[] {0, 3}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("embedding id out of range for 'movies': expected 0..2, found 3");
        }
    }

    @Test
    void lookupGathersTheRequestedRows() {
        try (ParameterStore store = new ParameterStore(1); Tape tape = new Tape()) {
            EmbeddingTable table = store.embedding("t", 3, 2, Initializer.zeros());
            table.value().assign(Nd4j.create(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
            Variable rows = Ops.lookup(tape, table, new int[] {2, 0, 2});
            assertThat(rows.value().toFloatMatrix()).isDeepEqualTo(new float[][] {{5, 6}, {1, 2}, {5, 6}});
        }
    }

    @Test
    void weightsCopyEveryParameterToTheHeapAndRestoreBringsThemBack() {
        dev.recsys.core.nn.frozen.Weights weights;
        try (ParameterStore a = new ParameterStore(1)) {
            a.dense("w", Initializer.glorotUniform(), 2, 3);
            a.embedding("e", 4, 2, Initializer.uniform(0.05));
            weights = a.weights();
            assertThat(weights.names()).containsExactly("w", "e");
            assertThat(weights.shape("w")).containsExactly(2, 3);
            assertThat(weights.values("e")).containsExactly(a.get("e").value().data().asFloat());
            try (ParameterStore b = new ParameterStore(2)) {
                b.dense("w", Initializer.glorotUniform(), 2, 3);
                b.embedding("e", 4, 2, Initializer.uniform(0.05));
                b.restore(weights);
                assertThat(b.get("w").value()).isEqualTo(a.get("w").value());
                assertThat(b.get("e").value()).isEqualTo(a.get("e").value());
            }
        }
        // the copy outlives the store
        assertThat(weights.values("w")).hasSize(6);
        try (ParameterStore c = new ParameterStore(3)) {
            c.dense("w", Initializer.glorotUniform(), 3, 2);
            assertThatThrownBy(() -> c.restore(weights)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter 'w' has shape [3, 2], found values of shape [2, 3]");
        }
        try (ParameterStore d = new ParameterStore(3)) {
            d.dense("w", Initializer.glorotUniform(), 2, 3);
            assertThatThrownBy(() -> d.restore(weights)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("values for an unknown parameter 'e'; this store has [w]");
        }
    }
}
