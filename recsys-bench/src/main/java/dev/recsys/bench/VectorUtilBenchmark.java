package dev.recsys.bench;

import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One dot product of two {@code size}-float vectors: the scalar and SIMD kernels of the TopK
 * index, and Lucene's {@code VectorUtil.dotProduct} as an outside reference. Odd sizes exercise
 * the tails after whole vectors.
 *
 * <pre>
 * java -jar recsys-bench/target/benchmarks.jar VectorUtilBenchmark
 * </pre>
 *
 * <p>The fork always adds {@code jdk.incubator.vector} so that both kernels run in the same JVM.
 * Calls take nanoseconds, so 3 x 1 s of warm-up is plenty for C2, and 5 x 1 s measured with
 * one fork gives a stable mean (the single call site sees one kernel per parameter set).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class VectorUtilBenchmark {

    @Param({"7", "31", "64", "100", "207", "1021"})
    int size;

    @Param({"scalar", "simd"})
    String kernel;

    private float[] a;
    private float[] b;
    private VectorKernels kernels;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        a = new float[size];
        b = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextFloat() * 2 - 1;
            b[i] = random.nextFloat() * 2 - 1;
        }
        kernels = "simd".equals(kernel)
                ? Kernels.simd().orElseThrow(() -> new IllegalStateException("jdk.incubator.vector is not readable"))
                : Kernels.scalar();
    }

    @Benchmark
    public float dot() {
        return kernels.dot(a, 0, b, 0, size);
    }

    /** Independent of {@code kernel}: Lucene picks its own implementation. */
    @Benchmark
    public float lucene() {
        return VectorUtil.dotProduct(a, b);
    }
}
