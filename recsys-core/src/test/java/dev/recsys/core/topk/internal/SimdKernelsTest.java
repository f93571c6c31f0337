package dev.recsys.core.topk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs in the surefire execution that adds {@code --add-modules jdk.incubator.vector}. */
class SimdKernelsTest {

    private VectorKernels simd;

    @BeforeEach
    void requireModule() {
        assumeTrue(Kernels.simd().isPresent(),
                "SIMD kernels skipped: jdk.incubator.vector is not readable (run with --add-modules jdk.incubator.vector)");
        simd = Kernels.simd().orElseThrow();
    }

    @Test
    void dotMatchesDoubleReferenceOnOddSizes() {
        new KernelContract(simd).dotMatchesReference();
    }

    @Test
    void dotRowsMatchesDoubleReference() {
        new KernelContract(simd).dotRowsMatchesReference();
    }

    @Test
    void blockScorerMatchesDoubleReference() {
        new KernelContract(simd).blockScorerMatchesReference();
    }

    @Test
    void addVectorMatrixMatchesDoubleReference() {
        new KernelContract(simd).addVectorMatrixMatchesReference();
    }

    @Test
    void indexAboveMatchesLinearScan() {
        new KernelContract(simd).indexAboveMatchesLinearScan();
    }

    @Test
    void nonFiniteScoresAreNegativeInfinity() {
        new KernelContract(simd).nonFiniteScoresAreNegativeInfinity();
    }

    @Test
    void sumMatchesDoubleReference() {
        new KernelContract(simd).sumMatchesReference();
    }

    @Test
    void simdAgreesWithScalarOnOddSizes() {
        KernelContract data = new KernelContract(simd);
        for (int n : KernelContract.SIZES) {
            float[] a = data.randomFloats(n);
            float[] b = data.randomFloats(n);
            double abs = KernelContract.referenceDot(a, 0, b, 0, n)[1];
            // Each kernel is within tolerance of the exact value, so they are within twice of each other.
            assertThat((double) simd.dot(a, 0, b, 0, n)).as("n = %d", n)
                    .isCloseTo(Kernels.scalar().dot(a, 0, b, 0, n), Offset.offset(2 * KernelContract.tolerance(n, abs)));
        }
    }
}
