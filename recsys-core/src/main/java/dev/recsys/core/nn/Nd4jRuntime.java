package dev.recsys.core.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place to set how many threads ND4J uses for training and batched work:
 * {@link #threads(int)} sets the OpenMP threads of ND4J's native ops and the OpenBLAS threads of
 * its matrix products, for the whole process.
 *
 * <pre>{@code
 * Nd4jRuntime.threads(1);   // before training
 * }</pre>
 *
 * <p>Why one thread is often best here: ND4J's per-op overhead (17 to 60 µs) dominates the small
 * matrices of a two-tower model, and handing work to a pool costs more than it parallelizes; the
 * examples and the quality harness train with one thread by default (their {@code --threads}
 * option changes it). Larger models or batches may gain from more: measure.
 *
 * <p>libnd4j also keeps a pool of its own, sized from {@code OMP_NUM_THREADS} (default: one per
 * core) when the native library loads; {@code Nd4j.getEnvironment().setMaxThreads(n)} does not
 * shrink it afterwards (on 2 cores it still reports 2 after {@code setMaxThreads(1)}), so start the
 * JVM with {@code OMP_NUM_THREADS=n} to size that one too.
 *
 * <p>Serving never needs this: the {@code Recommender} answers on plain Java arrays without ND4J.
 */
public final class Nd4jRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

    private Nd4jRuntime() {
    }

    /**
     * Sets the OpenMP and OpenBLAS threads ND4J uses, for the whole process; loads the native
     * library if it is not loaded yet.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
        // Nd4j first: it loads the backend, whose properties NativeOpsHolder reads
        Nd4j.factory().blas().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        LOG.debug("ND4J threads set to {} (OpenMP, OpenBLAS)", threads);
    }

    /** The OpenBLAS threads, as {@link #threads(int)} last set them (or ND4J chose at start-up). */
    public static int threads() {
        return Nd4j.factory().blas().getMaxThreads();
    }
}
