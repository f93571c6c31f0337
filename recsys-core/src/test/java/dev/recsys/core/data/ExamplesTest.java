package dev.recsys.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExamplesTest {

    private static final Examples WHOLE = Examples.of(new int[] {1, 2, 3}, new long[] {10, 20, 30},
            new int[] {7, 8, 9}, new float[] {1, 5, 3}, RatingScale.WHOLE_STARS);

    @Test
    void subsetsKeepTheScale() {
        assertThat(WHOLE.scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(WHOLE.select(new int[] {2, 0}).scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(WHOLE.slice(1, 2).scale()).isEqualTo(RatingScale.WHOLE_STARS);
    }

    @Test
    void withoutAScaleTheDataIsOnHalfStarsAndUnchecked() {
        // query examples carry placeholder ratings of 0, below the half-star scale's 0.5
        Examples queries = Examples.of(new int[] {1}, new long[1], new int[] {7}, new float[1]);
        assertThat(queries.scale()).isEqualTo(RatingScale.HALF_STARS);
    }

    @Test
    void aRatingOffTheGivenScaleIsRefused() {
        assertThatThrownBy(() -> Examples.of(new int[] {1, 2}, new long[2], new int[] {7, 8}, new float[] {4, 0.5f},
                RatingScale.WHOLE_STARS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rating 0.5 at row 1 is outside the whole-star scale 1 to 5");
        assertThatThrownBy(() -> Examples.of(new int[1], new long[1], new int[1], new float[1], null))
                .isInstanceOf(NullPointerException.class).hasMessage("scale");
    }
}
