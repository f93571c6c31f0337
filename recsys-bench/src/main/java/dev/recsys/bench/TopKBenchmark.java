package dev.recsys.bench;

import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Top-k retrieval of {@code batch} queries against {@code n} candidates of {@code dim} floats:
 * our {@link BruteForceIndex} against what a user would otherwise write, all on the same data.
 * One operation scores the whole batch: divide by {@code batch} for the cost per query.
 *
 * <p>The kernel of {@code recsys} follows the fork's flags: without any flag the library runs
 * its scalar kernels (and the floor is the scalar sum); {@code --add-modules=jdk.incubator.vector}
 * selects SIMD; adding {@code -Drecsys.vector=scalar} measures the scalar kernels against the same
 * SIMD floor. The full grid is 36 parameter sets x 6 methods (hours, because
 * {@code nd4jMmulSort} at n = 1M, batch 64 takes about a minute per operation). A reduced grid
 * that fits in about 20 minutes on a quiet 2-core machine:
 * <pre>
 * J="java -jar recsys-bench/target/benchmarks.jar"
 * SIMD="--add-modules=jdk.incubator.vector"
 * $J 'TopKBenchmark.(recsys|naiveLoopHeap|luceneVectorUtil|memoryFloor|nd4jGemmHeap)' \
 *    -p n=100000,1000000 -p dim=64 -p k=100 -p batch=1,64 -jvmArgsAppend "$SIMD" -rf json -rff topk-simd.json
 * $J 'TopKBenchmark.recsys' -p n=100000,1000000 -p dim=64 -p k=100 -p batch=1,64 \
 *    -jvmArgsAppend "$SIMD -Drecsys.vector=scalar" -rf json -rff topk-scalar.json
 * # slow baseline: a single warm-up and 3 iterations are enough for seconds-long operations
 * $J 'TopKBenchmark.nd4jMmulSort' -p n=100000,1000000 -p dim=64 -p k=100 -p batch=1,64 \
 *    -wi 1 -i 3 -jvmArgsAppend "$SIMD" -rf json -rff topk-nd4j.json
 * $J VectorUtilBenchmark -rf json -rff vectorutil.json
 * </pre>
 *
 * <p>Warm-up and forks: every operation calls the kernels hundreds to thousands of times (once
 * per chunk of 1024 candidates or block of queries), so C2 has compiled them within the first
 * operations; 3 warm-up iterations of 2 s leave room for the slower baselines and for the
 * first-touch cost of the large arrays, and 5 measured iterations of 2 s give an error bar. One fork is enough
 * because the results do not depend on JIT profile accidents between forks (one kernel is
 * chosen per JVM, so the call sites stay monomorphic), and the setup of the n = 1M case costs
 * seconds and about 2 GB; the heap is fixed at 6 GB so GC sizing does not vary between runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g"})
public class TopKBenchmark {

    private static final int GEMM_BLOCK = 16_384;

    @Param({"10000", "100000", "1000000"})
    int n;

    @Param({"32", "64", "128"})
    int dim;

    @Param({"10", "100"})
    int k;

    @Param({"1", "64"})
    int batch;

    /** Candidates {@code [n * dim]} row-major, shared by the naive loop and the memory floor. */
    private float[] data;
    /** The same candidates as {@code [n][dim]} rows, the shape Lucene's VectorUtil takes. */
    private float[][] rows;
    private int[] ids;
    private float[][] queries;
    private BruteForceIndex index;
    private INDArray candidateMatrix;
    private INDArray queryMatrix;
    private VectorKernels floorKernels;
    /** Transposed views {@code [dim, GEMM_BLOCK]} of consecutive candidate rows, for gemm. */
    private List<INDArray> candidateBlocks;
    private INDArray gemmOut;
    private float[] gemmScores;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        data = new float[n * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        rows = new float[n][];
        ids = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
            ids[i] = 1_000_000 + i;
        }
        queries = new float[batch][dim];
        for (float[] query : queries) {
            for (int d = 0; d < dim; d++) {
                query[d] = (float) random.nextGaussian();
            }
        }
        index = BruteForceIndex.builder(ids, data, dim).build();
        candidateMatrix = Nd4j.create(data, new long[] {n, dim}, DataType.FLOAT);
        queryMatrix = Nd4j.create(queries);
        candidateBlocks = new ArrayList<>();
        for (int first = 0; first < n; first += GEMM_BLOCK) {
            candidateBlocks.add(candidateMatrix.get(NDArrayIndex.interval(first, Math.min(n, first + GEMM_BLOCK)),
                    NDArrayIndex.all()).transpose());
        }
        gemmOut = Nd4j.create(DataType.FLOAT, batch, GEMM_BLOCK);
        gemmScores = new float[batch * GEMM_BLOCK];
        // The fastest read this JVM can do: SIMD whenever the module is readable, even when the
        // index is forced to the scalar kernels.
        floorKernels = Kernels.simd().orElse(Kernels.scalar());
    }

    @TearDown
    public void tearDown() {
        candidateMatrix.close();
        queryMatrix.close();
        gemmOut.close();
    }

    @Benchmark
    public void recsys(Blackhole bh) {
        if (batch == 1) {
            bh.consume(index.search(queries[0], k));
        } else {
            bh.consume(index.searchBatch(queries, k));
        }
    }

    /** What an ND4J user writes: one gemm for the batch, a full sort of each row, the first k. */
    @Benchmark
    public void nd4jMmulSort(Blackhole bh) {
        try (INDArray scores = queryMatrix.mmul(candidateMatrix.transpose())) {
            INDArray[] sorted = Nd4j.sortWithIndices(scores, 1, false);
            try (INDArray top = sorted[0].get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)).dup()) {
                int[][] positions = top.toIntMatrix();
                for (int[] row : positions) {
                    for (int r = 0; r < k; r++) {
                        row[r] = ids[row[r]];
                    }
                }
                bh.consume(positions);
            }
            sorted[0].close();
            sorted[1].close();
        }
    }

    /**
     * The alternative design for batches: ND4J gemm of the batch against blocks of
     * {@value #GEMM_BLOCK} candidates, scores copied back, then the same threshold-and-heap
     * selection as the other baselines. Compare with {@code recsys} at batch 64 to see which
     * scoring path a batch should take.
     */
    @Benchmark
    public void nd4jGemmHeap(Blackhole bh) {
        List<PriorityQueue<Scored>> heaps = new ArrayList<>();
        for (int q = 0; q < batch; q++) {
            heaps.add(new PriorityQueue<>(k));
        }
        for (int b = 0; b < candidateBlocks.size(); b++) {
            INDArray block = candidateBlocks.get(b);
            int count = (int) block.size(1);
            INDArray out = count == GEMM_BLOCK ? gemmOut : Nd4j.create(DataType.FLOAT, batch, count);
            queryMatrix.mmuli(block, out);
            out.data().asNioFloat().get(gemmScores, 0, batch * count);
            for (int q = 0; q < batch; q++) {
                PriorityQueue<Scored> heap = heaps.get(q);
                for (int i = 0; i < count; i++) {
                    offer(heap, gemmScores[q * count + i], ids[b * GEMM_BLOCK + i]);
                }
            }
            if (out != gemmOut) {
                out.close();
            }
        }
        for (PriorityQueue<Scored> heap : heaps) {
            bh.consume(drain(heap));
        }
    }

    /** A straightforward double loop (one accumulator) and a {@link PriorityQueue} of size k. */
    @Benchmark
    public void naiveLoopHeap(Blackhole bh) {
        for (float[] query : queries) {
            PriorityQueue<Scored> heap = new PriorityQueue<>(k);
            for (int i = 0; i < n; i++) {
                float s = 0f;
                for (int d = 0; d < dim; d++) {
                    s += query[d] * data[i * dim + d];
                }
                offer(heap, s, ids[i]);
            }
            bh.consume(drain(heap));
        }
    }

    /** Lucene's {@code VectorUtil.dotProduct} per candidate, the same heap as the naive loop. */
    @Benchmark
    public void luceneVectorUtil(Blackhole bh) {
        for (float[] query : queries) {
            PriorityQueue<Scored> heap = new PriorityQueue<>(k);
            for (int i = 0; i < n; i++) {
                offer(heap, VectorUtil.dotProduct(query, rows[i]), ids[i]);
            }
            bh.consume(drain(heap));
        }
    }

    /**
     * One read of all candidates with the fastest sum available (several vector accumulators):
     * no scan of the same data can beat it, whatever the batch size.
     */
    @Benchmark
    public float memoryFloor() {
        return floorKernels.sum(data, 0, data.length);
    }

    private void offer(PriorityQueue<Scored> heap, float score, int id) {
        if (heap.size() < k) {
            heap.add(new Scored(score, id));
        } else if (score > heap.peek().score) {
            heap.poll();
            heap.add(new Scored(score, id));
        }
    }

    private static int[] drain(PriorityQueue<Scored> heap) {
        int[] out = new int[heap.size()];
        for (int r = out.length - 1; r >= 0; r--) {
            out[r] = heap.poll().id;
        }
        return out;
    }

    /** Heap entry of the baselines; ordered worst first. */
    private static final class Scored implements Comparable<Scored> {
        final float score;
        final int id;

        Scored(float score, int id) {
            this.score = score;
            this.id = id;
        }

        @Override
        public int compareTo(Scored o) {
            return Float.compare(score, o.score);
        }
    }

}
