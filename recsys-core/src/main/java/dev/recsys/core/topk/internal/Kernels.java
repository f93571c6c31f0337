package dev.recsys.core.topk.internal;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link VectorKernels} once per JVM, in the manner of Lucene's
 * {@code VectorizationProvider}.
 *
 * <p>The system property {@value #PROPERTY} selects the kernel: {@code auto} (default) uses SIMD
 * when the module {@code jdk.incubator.vector} is readable, else scalar; {@code scalar} forces
 * scalar; {@code simd} asks for SIMD and falls back to scalar with a warning when the module is
 * missing. One INFO line logs the choice and how to get the other kernel.
 */
public final class Kernels {

    /** System property that forces a kernel: {@code auto}, {@code scalar} or {@code simd}. */
    public static final String PROPERTY = "recsys.vector";

    private static final String MODULE = "jdk.incubator.vector";
    private static final String SIMD_CLASS = "dev.recsys.core.topk.internal.SimdKernels";
    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    private static final VectorKernels DEFAULT = choose();

    private Kernels() {
    }

    /** The kernels chosen for this JVM; the same instance on every call. */
    public static VectorKernels get() {
        return DEFAULT;
    }

    /** The scalar kernels, available on every JVM. */
    public static VectorKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The SIMD kernels, or empty when {@code jdk.incubator.vector} is not readable (start the JVM
     * with {@code --add-modules jdk.incubator.vector}) or the CPU has no usable vector unit.
     */
    public static Optional<VectorKernels> simd() {
        return SimdHolder.KERNELS;
    }

    private static VectorKernels choose() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "scalar":
                LOG.info("recsys vector kernels: scalar (forced by -D{}=scalar)", PROPERTY);
                return scalar();
            case "simd":
                if (simd().isEmpty()) {
                    LOG.warn("recsys vector kernels: scalar; -D{}=simd asked for SIMD but {} is not readable:"
                            + " start the JVM with --add-modules {}", PROPERTY, MODULE, MODULE);
                    return scalar();
                }
                break;
            case "auto":
                break;
            default:
                LOG.warn("ignoring -D{}={}: expected auto, scalar or simd", PROPERTY, wanted);
                break;
        }
        Optional<VectorKernels> simd = simd();
        if (simd.isPresent()) {
            LOG.info("recsys vector kernels: {} on {}; -D{}=scalar forces the scalar kernels",
                    simd.get(), MODULE, PROPERTY);
            return simd.get();
        }
        LOG.info("recsys vector kernels: scalar; start the JVM with --add-modules {} for the faster SIMD kernels",
                MODULE);
        return scalar();
    }

    /** Loads the SIMD class on first use only, and only when its module is readable. */
    private static final class SimdHolder {
        static final Optional<VectorKernels> KERNELS = load();

        private static Optional<VectorKernels> load() {
            if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of((VectorKernels) Class.forName(SIMD_CLASS)
                        .getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
                LOG.warn("{} is readable but the SIMD kernels could not be loaded: {}", MODULE, e.toString());
                return Optional.empty();
            }
        }
    }
}
