package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpdInverseTest {

    @Test
    void aTwoByTwoByHand() {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / (4·3 − 2·2 = 8)
        assertThat(SpdInverse.invert(new double[] {4, 2, 2, 3}, 2))
                .containsExactly(new double[] {3 / 8.0, -2 / 8.0, -2 / 8.0, 4 / 8.0}, within(1e-12));
    }

    /** Sizes on both sides of the substitution block (96), so the recursion with gemms runs too. */
    @Property(tries = 12)
    void timesTheMatrixIsTheIdentity(@ForAll @IntRange(min = 1, max = 260) int n, @ForAll long seed) {
        double[] a = randomSpd(n, new SplittableRandom(seed));
        double[] inverse = SpdInverse.invert(a, n);
        for (int i = 0; i < n; i += 1 + n / 20) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[i * n + k] * inverse[k * n + j];
                }
                assertThat(sum).as("(A·A⁻¹)[%d][%d], n = %d", i, j, n).isCloseTo(i == j ? 1 : 0, within(1e-8));
            }
        }
    }

    @Test
    void aMatrixSplitThreeLevelsDeep() {
        // 400 -> 200 -> 100 -> 50: three levels of blocks above plain substitution
        int n = 400;
        double[] a = randomSpd(n, new SplittableRandom(3));
        double[] inverse = SpdInverse.invert(a, n);
        for (int i = 0; i < n; i += 37) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[i * n + k] * inverse[k * n + j];
                }
                assertThat(sum).as("(A·A⁻¹)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-8));
            }
        }
    }

    /** {@code G + I} for a Gram matrix {@code G} of {@code 2n} random vectors. */
    private static double[] randomSpd(int n, SplittableRandom random) {
        double[] a = new double[n * n];
        for (int k = 0; k < 2 * n; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextDouble() - 0.5;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += v[i] * v[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 1;
        }
        return a;
    }
}
