package dev.recsys.bench;

import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.TopKIndex;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The exact index's single query against the memory floor, measured for a shared machine: the
 * floor (the fastest read of the candidate array, {@link VectorKernels#sum} on SIMD when the
 * module is readable) and the searches run in alternation, one of each per round, and each is
 * timed by the thread's CPU clock as well as the wall clock. CPU time leaves out the time the
 * thread waited for a core, which on a loaded machine is most of the wall time; the ratio of the
 * medians of the two CPU times, taken from the same rounds, is the figure to read.
 *
 * <pre>
 * java -Xmx4g --add-modules jdk.incubator.vector -cp recsys-bench/target/benchmarks.jar \
 *     dev.recsys.bench.ExactScanBenchmark --n 1000000 --dim 64 --rounds 40
 * </pre>
 *
 * <p>Options: {@code --n} candidates (1000000), {@code --dim} (64), {@code --k} (100),
 * {@code --rounds} measured rounds (40) after {@code --warmup} rounds (15). Methods per round:
 * {@code floor}; {@code scores} (the kernel's scores of every candidate, in chunks of 1024 as
 * the index computes them, without selection); {@code search} (no filter); {@code search20} (a filter that excludes a seeded
 * random 20% of the ids, the same filter object every time). Uses only the public API, so the
 * same program measures an older build of recsys-core when put on the classpath in front.
 * Prints one JSON object on stdout.
 */
public final class ExactScanBenchmark {

    private ExactScanBenchmark() {
    }

    /** Runs the rounds; see the class comment for the options. */
    public static void main(String[] args) {
        Map<String, String> options = ProgramOptions.parse(args);
        int n = Integer.parseInt(options.getOrDefault("n", "1000000"));
        int dim = Integer.parseInt(options.getOrDefault("dim", "64"));
        int k = Integer.parseInt(options.getOrDefault("k", "100"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "40"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "15"));
        String loadBefore = ProgramOptions.loadAverage();

        Random random = new Random(42);
        float[] data = new float[n * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1_000_000 + i;
        }
        float[][] queries = new float[16][dim];
        for (float[] query : queries) {
            for (int d = 0; d < dim; d++) {
                query[d] = (float) random.nextGaussian();
            }
        }
        int[] excluded = new int[n / 5];
        for (int i = 0; i < excluded.length; i++) {
            excluded[i] = ids[random.nextInt(n)];
        }
        ItemFilter twentyPercent = ItemFilter.excluding(excluded);
        TopKIndex index = BruteForceIndex.builder(ids, data, dim).build();
        VectorKernels floorKernels = Kernels.simd().orElse(Kernels.scalar());

        String[] methods = {"floor", "scores", "search", "search20"};
        VectorKernels kernels = Kernels.get();
        float[] scores = new float[1024];
        long[][] cpu = new long[methods.length][rounds];
        long[][] wall = new long[methods.length][rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        float sink = 0;
        for (int round = -warmup; round < rounds; round++) {
            float[] query = queries[Math.floorMod(round, queries.length)];
            for (int m = 0; m < methods.length; m++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                sink += run(m, query, k, index, twentyPercent, floorKernels, kernels, data, dim, scores);
                long wallTime = System.nanoTime() - wallStart;
                long cpuTime = threads.getCurrentThreadCpuTime() - cpuStart;
                if (round >= 0) {
                    cpu[m][round] = cpuTime;
                    wall[m][round] = wallTime;
                }
            }
        }
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"n\":%d,\"dim\":%d,\"k\":%d,\"rounds\":%d,\"kernels\":\"%s\","
                + "\"jdk\":\"%s\",\"loadBefore\":\"%s\",\"loadAfter\":\"%s\",\"sink\":%s,\"methods\":{", n, dim, k,
                rounds, Kernels.get().name(), System.getProperty("java.vm.version"), loadBefore, ProgramOptions.loadAverage(),
                Float.isFinite(sink) ? "true" : "false"));
        double floorCpu = median(cpu[0]);
        double floorCpuMin = min(cpu[0]);
        for (int m = 0; m < methods.length; m++) {
            json.append(String.format(Locale.ROOT, "%s\"%s\":{\"cpuMedianMs\":%.3f,\"cpuMinMs\":%.3f,"
                    + "\"wallMedianMs\":%.3f,\"wallMinMs\":%.3f,\"cpuMedianOverFloor\":%.3f,\"cpuMinOverFloor\":%.3f}",
                    m == 0 ? "" : ",", methods[m], median(cpu[m]) / 1e6, min(cpu[m]) / 1e6, median(wall[m]) / 1e6,
                    min(wall[m]) / 1e6, median(cpu[m]) / floorCpu, min(cpu[m]) / floorCpuMin));
        }
        json.append("}}");
        System.out.println(json);
    }

    /** One call of method {@code m}; a separate method, so that it is compiled on its own, not as part of main. */
    private static float run(int m, float[] query, int k, TopKIndex index, ItemFilter filter, VectorKernels floorKernels,
            VectorKernels kernels, float[] data, int dim, float[] scores) {
        switch (m) {
            case 0:
                return floorKernels.sum(data, 0, data.length);
            case 1:
                int n = data.length / dim;
                for (int first = 0; first < n; first += scores.length) {
                    kernels.dotRows(query, data, dim, first, Math.min(scores.length, n - first), scores);
                }
                return scores[0];
            case 2:
                return index.search(query, k).score(0);
            default:
                return index.search(query, k, filter).score(0);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }
}
