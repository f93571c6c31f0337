package dev.recsys.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RatingScaleTest {
    private static final Set<Double> HALF = Set.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0);
    private static final Set<Double> WHOLE = Set.of(1.0, 2.0, 3.0, 4.0, 5.0);

    @Property
    void halfStarsAreExactlyTheTenValues(@ForAll("ratingLike") double value) {
        assertThat(RatingScale.HALF_STARS.contains(value)).isEqualTo(HALF.contains(value));
    }

    @Property
    void wholeStarsAreExactlyTheFiveValues(@ForAll("ratingLike") double value) {
        assertThat(RatingScale.WHOLE_STARS.contains(value)).isEqualTo(WHOLE.contains(value));
    }

    @Property
    void aContinuousScaleContainsItsWholeRange(@ForAll("ratingLike") double value) {
        assertThat(RatingScale.continuous(0.5, 5).contains(value)).isEqualTo(value >= 0.5 && value <= 5);
    }

    /** Values near and on the scales, quarter steps, arbitrary doubles and the non-finite ones. */
    @Provide
    Arbitrary<Double> ratingLike() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-4, 28).map(q -> q / 4.0),
                Arbitraries.doubles().between(-1, 7),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                        Math.nextUp(5.0), Math.nextDown(0.5), Math.nextUp(3.0)));
    }

    @Test
    void clipLimitsToTheRange() {
        assertThat(RatingScale.WHOLE_STARS.clip(7.2)).isEqualTo(5.0);
        assertThat(RatingScale.WHOLE_STARS.clip(-3)).isEqualTo(1.0);
        assertThat(RatingScale.WHOLE_STARS.clip(3.3)).isEqualTo(3.3);
        assertThat(RatingScale.IMPLICIT.contains(1)).isTrue();
        assertThat(RatingScale.IMPLICIT.contains(0.5)).isFalse();
    }

    @Test
    void badScalesAreRefusedSayingWhatWasFound() {
        assertThatThrownBy(() -> RatingScale.of(5, 1, 1))
                .hasMessage("rating scale must be finite with min < max, found [5.0, 1.0]");
        assertThatThrownBy(() -> RatingScale.continuous(0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatingScale.of(1, 5, 5)).hasMessage("rating step must be in [0, max - min] = [0, 4.0], found 5.0");
        assertThatThrownBy(() -> RatingScale.of(1, 5, -1)).hasMessageContaining("found -1.0");
    }

    @Test
    void messagesNameTheScale() {
        assertThat(RatingScale.HALF_STARS).hasToString("half-star scale 0.5 to 5.0");
        assertThat(RatingScale.WHOLE_STARS).hasToString("whole-star scale 1 to 5");
        assertThat(RatingScale.of(1, 10, 1)).hasToString("scale 1 to 10 in steps of 1");
        assertThat(RatingScale.continuous(0, 2.5)).hasToString("scale 0 to 2.5 (continuous)");
    }
}
