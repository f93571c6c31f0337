package dev.recsys.bench;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One recommend call on the ml-latest-small model (target: p99 under 5 ms single-threaded):
 * encode the query, retrieve the best 100 of 9,742 candidates by brute force, predict the 100
 * ratings with the ranking model, return the best 10. {@code latency} samples single calls
 * (Mode.SampleTime gives the percentiles); {@code throughput} runs two threads on one shared
 * recommender.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -jar recsys-bench/target/benchmarks.jar RecommenderBenchmark -p data=../shared/datasets/ml-latest-small
 * OMP_NUM_THREADS=1 java -jar recsys-bench/target/benchmarks.jar RecommenderBenchmark -p model=target/recsys-model.zip
 * </pre>
 *
 * <p>{@code OMP_NUM_THREADS=1} matters for the tail: ND4J's OpenMP and OpenBLAS thread pools are
 * sized from it when the native library loads, and with their default two threads on a 2-core
 * machine a call now and then waits ~100 ms for a spinning pool thread (measured p99 1.9 ms with
 * the variable, 12–100 ms without; the median is 0.6 ms either way). Setting ND4J's thread count
 * from Java after start-up does not shrink those pools.
 *
 * <p>Setup loads {@code model} when given (e.g. QuickStart's file), else trains one epoch of each
 * model on the seed protocol's split of {@code data}: latency depends on the shapes, not on how
 * well the weights are trained. Five one-second warm-up iterations compile the Java side (id
 * encoding, top-k heap, result building); the native kernels need none. One fork: the call is
 * dominated by native ND4J work and the vector kernels, not by JIT choices. ND4J runs one OpenMP
 * thread: the matrices are small and the benchmark's own threads supply the parallelism.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecommenderBenchmark {

    /** A model saved by SavedModel, or "" to train one in setup. */
    @Param("")
    public String model;

    /** The MovieLens folder setup trains on when {@code model} is "". */
    @Param("../shared/datasets/ml-latest-small")
    public String data;

    private SavedModel saved;
    private Recommender recommender;
    private int[] users;
    private long time;

    /** Loads or trains the model and builds the recommender. */
    @Setup
    public void setUp() throws IOException {
        Nd4j.getEnvironment().setMaxThreads(1);
        Path file;
        if (model.isEmpty()) {
            file = Files.createTempFile("recommender-benchmark", ".zip");
            train(Path.of(data), file);
        } else {
            file = Path.of(model);
        }
        saved = SavedModel.load(file);
        if (model.isEmpty()) {
            Files.delete(file);
        }
        recommender = Recommender.of(saved);
        users = new int[610];
        for (int i = 0; i < users.length; i++) {
            users[i] = i + 1;
        }
        time = 1_529_784_000L;
    }

    private static void train(Path dir, Path out) throws IOException {
        Protocol p = Protocol.of("seed", dir);
        Features f = new Features(p.trainAndValidation, p.candidates);
        try (UserTower users = UserTower.builder(f.userIds, 32).timeBuckets(f.timeBuckets, 32).outputDim(32).build();
             MovieTower movies = MovieTower.builder(f.movieIds, 32).catalog(p.candidates).outputDim(32).build();
             UserTower rankUsers = UserTower.builder(f.userIds, 32).timeBuckets(f.timeBuckets, 32)
                     .cyclicTime(CyclicTimeEncoder.standard(), 8).normalizedTimestamp(f.timestamps).outputDim(32).build();
             MovieTower rankMovies = MovieTower.builder(f.movieIds, 32).catalog(p.candidates).outputDim(32).build();
             RankingModel ranking = RankingModel.builder(rankUsers, rankMovies).build()) {
            RetrievalModel retrieval = RetrievalModel.builder(users, movies, p.candidates).build();
            Trainer trainer = Trainer.builder().epochs(1).batchSize(2048)
                    .optimizer(() -> Adam.builder(0.005).build()).build();
            trainer.fit(retrieval, p.trainAndValidation, null);
            trainer.fit(ranking, p.trainAndValidation, null);
            SavedModel.builder().retrieval(retrieval).ranking(ranking).build().save(out);
        }
    }

    /** Frees the model. */
    @TearDown
    public void tearDown() {
        saved.close();
    }

    /** Which user a thread asks for next: every call a different user. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Single-threaded latency of one call; read p99 from the sample-time percentiles. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public List<Recommendation> latency(Cursor cursor) {
        return recommend(cursor);
    }

    /** Calls per millisecond with two threads sharing the recommender. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @Threads(2)
    public List<Recommendation> throughput(Cursor cursor) {
        return recommend(cursor);
    }

    private List<Recommendation> recommend(Cursor cursor) {
        int user = users[cursor.next++ % users.length];
        return recommender.recommend(Recommender.Request.builder(user, time).retrieve(100).k(10).build());
    }
}
