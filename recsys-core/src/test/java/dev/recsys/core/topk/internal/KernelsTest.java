package dev.recsys.core.topk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void choosesSimdExactlyWhenTheModuleIsReadableAndNothingIsForced() {
        boolean moduleReadable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String forced = System.getProperty(Kernels.PROPERTY);
        String expected = "scalar".equals(forced) || !moduleReadable ? "scalar" : "simd";
        assertThat(Kernels.get().name()).isEqualTo(expected);
        assertThat(Kernels.simd().isPresent()).isEqualTo(moduleReadable);
    }

    @Test
    void scalarKernelsAreAlwaysAvailable() {
        assertThat(Kernels.scalar().name()).isEqualTo("scalar");
        assertThat(Kernels.scalar().dot(new float[] {1, 2, 3}, 0, new float[] {4, 5, 6}, 0, 3)).isEqualTo(32f);
    }
}
