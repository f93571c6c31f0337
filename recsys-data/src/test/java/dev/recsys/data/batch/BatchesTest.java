package dev.recsys.data.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Fixtures;
import dev.recsys.data.Interactions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** 10 rows whose timestamps 0..9 identify them. */
    private final Interactions data = Fixtures.interactions(Fixtures.movies(1), rowsWithTimestamps(10));

    private static double[][] rowsWithTimestamps(int n) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {1, 1, 3, i};
        }
        return rows;
    }

    private static List<Long> visited(Iterable<Interactions> epoch, List<Integer> sizes) {
        List<Long> order = new ArrayList<>();
        for (Interactions batch : epoch) {
            sizes.add(batch.size());
            for (long t : batch.timestamps()) {
                order.add(t);
            }
        }
        return order;
    }

    @Test
    void keepsOrDropsTheLastPartialBatch() {
        List<Integer> sizes = new ArrayList<>();
        Batches kept = Batches.builder(data, 4).noShuffle().build();
        assertThat(visited(kept.epoch(0), sizes)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(kept.batchesPerEpoch()).isEqualTo(3);

        sizes.clear();
        Batches dropped = Batches.builder(data, 4).noShuffle().dropLast(true).build();
        assertThat(visited(dropped.epoch(0), sizes)).hasSize(8);
        assertThat(sizes).containsExactly(4, 4);
    }

    @Test
    void shufflesEachEpochDifferentlyAndReproducibly() {
        Batches batches = Batches.builder(data, 3).shuffle(7).build();
        List<Long> epoch0 = visited(batches.epoch(0), new ArrayList<>());
        List<Long> epoch1 = visited(batches.epoch(1), new ArrayList<>());

        assertThat(epoch0).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(epoch1).containsExactlyInAnyOrderElementsOf(epoch0);
        assertThat(epoch1).isNotEqualTo(epoch0);
        assertThat(visited(batches.epoch(0), new ArrayList<>())).isEqualTo(epoch0);
        assertThat(visited(Batches.builder(data, 3).shuffle(7).build().epoch(1), new ArrayList<>())).isEqualTo(epoch1);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> Batches.builder(data, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be > 0, found 0");
        assertThatThrownBy(() -> Batches.builder(data, 2).build().epoch(-1)).hasMessageContaining("found -1");
    }
}
