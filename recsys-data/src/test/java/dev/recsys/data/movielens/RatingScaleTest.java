package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    /** Values near and on the scales, quarter steps, arbitrary doubles and the non-finite ones. */
    @Provide
    Arbitrary<Double> ratingLike() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-4, 28).map(q -> q / 4.0),
                Arbitraries.doubles().between(-1, 7),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                        Math.nextUp(5.0), Math.nextDown(0.5), Math.nextUp(3.0)));
    }
}
