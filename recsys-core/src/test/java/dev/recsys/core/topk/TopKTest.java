package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void skipsExcludedAndBreaksTiesByPosition() {
        float[] scores = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f};
        boolean[] excluded = {false, false, true, false, false};
        // by score: positions 1 and 2 (tie: lower first), 4, 0, 3; position 2 excluded
        assertThat(TopK.select(scores, 3, excluded)).containsExactly(1, 4, 0);
        assertThat(TopK.select(scores, 10)).containsExactly(1, 2, 4, 0, 3);
    }

    @Test
    void nonFiniteScoresAreNeverSelected() {
        // a NaN first used to freeze a sorted-insertion list; infinities are not scores either
        float[] scores = {Float.NaN, 0.2f, Float.POSITIVE_INFINITY, 0.9f, Float.NEGATIVE_INFINITY, 0.5f};
        assertThat(TopK.select(scores, 2)).containsExactly(3, 5);
        assertThat(TopK.select(scores, 6)).containsExactly(3, 5, 1);
        assertThat(TopK.select(new float[] {Float.NaN, Float.NaN}, 1)).isEmpty();
    }

    @Property
    void matchesAFullSort(@ForAll @Size(min = 1, max = 60) float[] raw, @ForAll @IntRange(min = 1, max = 70) int k) {
        float[] scores = raw.clone();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Float.isFinite(scores[i]) ? Math.round(scores[i] % 5) : scores[i]; // many ties, NaN/Inf kept
        }
        boolean[] excluded = new boolean[scores.length];
        for (int i = 1; i < scores.length; i += 3) {
            excluded[i] = true;
        }
        int[] expected = IntStream.range(0, scores.length).filter(i -> !excluded[i] && Float.isFinite(scores[i]))
                .boxed().sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).limit(k).toArray();
        assertThat(TopK.select(scores, k, excluded)).containsExactly(expected);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TopK.select(new float[1], 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be positive, found 0");
        assertThatThrownBy(() -> TopK.select(new float[3], 1, new boolean[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one exclusion flag per score: 3 scores, found 2 flags");
        assertThatThrownBy(() -> TopK.select(null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("scores");
    }
}
