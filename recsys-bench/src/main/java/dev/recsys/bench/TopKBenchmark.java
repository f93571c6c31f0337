package dev.recsys.bench;

import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.TopKHeap;
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
import org.nd4j.linalg.api.ops.impl.transforms.custom.TopK;
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
 * <p>The baselines are meant to be fair: {@code nd4jGemmTopK} is ND4J's gemm and its native
 * {@code top_k} op, {@code nd4jGemmHeap} is the same gemm (in blocks) with our own selector
 * ({@link TopKHeap} and the kernels' threshold scan, as in the index), and both run once with
 * one ND4J thread ({@code nd4jThreads=1}: OpenMP, OpenBLAS and ND4J's own pool, which stall on
 * a shared 2-core machine) and once with ND4J's defaults ({@code nd4jThreads=0}).
 * {@code luceneVectorUtil} is scalar on JDK 17; its SIMD code runs on JDK 21 and later (Lucene
 * 9.12 vectorizes up to Java 23 by default, higher with the system property below).
 *
 * <p>The kernel of {@code recsys} follows the fork's flags: without any flag the library runs
 * its scalar kernels (and the floor is the scalar sum); {@code --add-modules=jdk.incubator.vector}
 * selects SIMD; adding {@code -Drecsys.vector=scalar} measures the scalar kernels against the same
 * SIMD floor. A reduced grid (about 40 minutes on a quiet 2-core machine):
 * <pre>
 * J="java -jar recsys-bench/target/benchmarks.jar"
 * SIMD="--add-modules=jdk.incubator.vector"
 * P="-p n=100000,1000000 -p dim=64 -p k=100 -p batch=1,64"
 * $J 'TopKBenchmark.(recsys|naiveLoopHeap|luceneVectorUtil|memoryFloor)' $P -jvmArgsAppend "$SIMD" -rf json -rff topk-simd.json
 * $J 'TopKBenchmark.recsys' $P -jvmArgsAppend "$SIMD -Drecsys.vector=scalar" -rf json -rff topk-scalar.json
 * $J 'TopKBenchmark.nd4j' $P -p nd4jThreads=1,0 -jvmArgsAppend "$SIMD" -rf json -rff topk-nd4j.json
 * # Lucene's SIMD VectorUtil: the same jar on JDK 25
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar recsys-bench/target/benchmarks.jar 'TopKBenchmark.luceneVectorUtil' $P \
 *    -jvmArgsAppend "$SIMD -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25" -rf json -rff topk-lucene25.json
 * $J VectorUtilBenchmark -rf json -rff vectorutil.json
 * </pre>
 *
 * <p>Warm-up and forks: every operation calls the kernels hundreds to thousands of times (once
 * per chunk of 1024 candidates or block of queries), so C2 has compiled them within the first
 * operations; 3 warm-up iterations of 2 s leave room for the slower baselines and for the
 * first-touch cost of the large arrays, and 5 measured iterations of 2 s give an error bar. One
 * fork is enough because the results do not depend on JIT profile accidents between forks (one
 * kernel is chosen per JVM, so the call sites stay monomorphic), and the setup of the n = 1M case
 * costs seconds and about 2 GB; the heap is fixed at 6 GB so GC sizing does not vary between runs.
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
    private VectorKernels floorKernels;

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
        // The fastest read this JVM can do: SIMD whenever the module is readable, even when the
        // index is forced to the scalar kernels.
        floorKernels = Kernels.simd().orElse(Kernels.scalar());
    }

    /** ND4J's copy of the data and its thread setting; only the ND4J methods create it. */
    @State(Scope.Benchmark)
    public static class Nd4jState {
        /** 1: one thread for OpenMP, OpenBLAS and ND4J; 0: ND4J's defaults (one per core). */
        @Param({"1", "0"})
        int nd4jThreads;

        INDArray candidateMatrix;
        INDArray candidatesTransposed;
        INDArray queryMatrix;
        INDArray scores;
        /** Transposed views {@code [dim, GEMM_BLOCK]} of consecutive candidate rows, for gemm. */
        List<INDArray> candidateBlocks;
        INDArray blockOut;
        float[] blockScores;

        @Setup
        public void setUp(TopKBenchmark b) {
            if (nd4jThreads > 0) {
                Nd4jRuntime.threads(nd4jThreads);
            }
            candidateMatrix = Nd4j.create(b.data, new long[] {b.n, b.dim}, DataType.FLOAT);
            candidatesTransposed = candidateMatrix.transpose();
            queryMatrix = Nd4j.create(b.queries);
            scores = Nd4j.create(DataType.FLOAT, b.batch, b.n);
            candidateBlocks = new ArrayList<>();
            for (int first = 0; first < b.n; first += GEMM_BLOCK) {
                candidateBlocks.add(candidateMatrix.get(NDArrayIndex.interval(first, Math.min(b.n, first + GEMM_BLOCK)),
                        NDArrayIndex.all()).transpose());
            }
            blockOut = Nd4j.create(DataType.FLOAT, b.batch, GEMM_BLOCK);
            blockScores = new float[b.batch * GEMM_BLOCK];
        }

        @TearDown
        public void tearDown() {
            candidateMatrix.close();
            queryMatrix.close();
            scores.close();
            blockOut.close();
        }
    }

    @Benchmark
    public void recsys(Blackhole bh) {
        if (batch == 1) {
            bh.consume(index.search(queries[0], k));
        } else {
            bh.consume(index.searchBatch(queries, k));
        }
    }

    /** ND4J end to end: one gemm of the batch against every candidate, then the native {@code top_k} op. */
    @Benchmark
    public void nd4jGemmTopK(Nd4jState s, Blackhole bh) {
        s.queryMatrix.mmuli(s.candidatesTransposed, s.scores);
        INDArray[] top = Nd4j.exec(new TopK(s.scores, k, true));
        int[][] positions = top[1].toIntMatrix();
        for (int[] row : positions) {
            for (int r = 0; r < row.length; r++) {
                row[r] = ids[row[r]];
            }
        }
        bh.consume(positions);
        bh.consume(top[0].toFloatMatrix());
        top[0].close();
        top[1].close();
    }

    /**
     * ND4J gemm of the batch against blocks of {@value #GEMM_BLOCK} candidates, scores copied
     * back, then our selector exactly as the index runs it (threshold scan, bounded heap): the
     * alternative design for the scoring half. Compare with {@code recsys} at batch 64 to see which
     * scoring path a batch should take.
     */
    @Benchmark
    public void nd4jGemmHeap(Nd4jState s, Blackhole bh) {
        TopKHeap[] heaps = new TopKHeap[batch];
        for (int q = 0; q < batch; q++) {
            heaps[q] = new TopKHeap(k);
        }
        for (int b = 0; b < s.candidateBlocks.size(); b++) {
            INDArray block = s.candidateBlocks.get(b);
            int count = (int) block.size(1);
            INDArray out = count == GEMM_BLOCK ? s.blockOut : Nd4j.create(DataType.FLOAT, batch, count);
            s.queryMatrix.mmuli(block, out);
            out.data().asNioFloat().get(s.blockScores, 0, batch * count);
            for (int q = 0; q < batch; q++) {
                select(s.blockScores, q * count, count, b * GEMM_BLOCK, heaps[q]);
            }
            if (out != s.blockOut) {
                out.close();
            }
        }
        for (TopKHeap heap : heaps) {
            int[] positions = new int[heap.size()];
            heap.drain(positions, new float[positions.length]);
            bh.consume(positions);
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

    /** The index's selection loop: push until full, then only scores above the worst kept. */
    private void select(float[] scores, int offset, int count, int first, TopKHeap heap) {
        int end = offset + count;
        int i = offset;
        for (; i < end && !heap.isFull(); i++) {
            heap.push(scores[i], first + i - offset);
        }
        while ((i = floorKernels.indexAbove(scores, i, end, heap.worst())) < end) {
            heap.push(scores[i], first + i - offset);
            i++;
        }
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
