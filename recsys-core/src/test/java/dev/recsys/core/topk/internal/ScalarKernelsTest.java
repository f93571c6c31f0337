package dev.recsys.core.topk.internal;

import org.junit.jupiter.api.Test;

class ScalarKernelsTest {

    private final KernelContract contract = new KernelContract(Kernels.scalar());

    @Test
    void dotMatchesDoubleReferenceOnOddSizes() {
        contract.dotMatchesReference();
    }

    @Test
    void dotRowsMatchesDoubleReference() {
        contract.dotRowsMatchesReference();
    }

    @Test
    void blockScorerMatchesDoubleReference() {
        contract.blockScorerMatchesReference();
    }

    @Test
    void addVectorMatrixMatchesDoubleReference() {
        contract.addVectorMatrixMatchesReference();
    }

    @Test
    void indexAboveMatchesLinearScan() {
        contract.indexAboveMatchesLinearScan();
    }

    @Test
    void nonFiniteScoresAreNegativeInfinity() {
        contract.nonFiniteScoresAreNegativeInfinity();
    }

    @Test
    void sumMatchesDoubleReference() {
        contract.sumMatchesReference();
    }
}
