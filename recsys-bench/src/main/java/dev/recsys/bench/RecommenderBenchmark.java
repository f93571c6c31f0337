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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One recommend call on the ml-latest-small model: encode the query with the frozen user tower,
 * retrieve the best 100 of 9,742 candidates by brute force, predict the 100 ratings with the
 * frozen ranking head, return the best 10. Targets: p50 0.3 ms, p99 1 ms, p99.9 3 ms single-threaded,
 * at most 10 KB allocated per call, two threads at least 1.8× one thread's throughput; no
 * environment variable needed (the request path does not touch ND4J).
 *
 * <pre>
 * java -jar recsys-bench/target/benchmarks.jar RecommenderBenchmark -p model=target/recsys-model.zip
 * java -jar recsys-bench/target/benchmarks.jar RecommenderBenchmark.latency -p model=target/recsys-model.zip -prof gc
 * java -jar recsys-bench/target/benchmarks.jar RecommenderBenchmark -p model=target/recsys-model.zip \
 *     -jvmArgsAppend "--add-modules=jdk.incubator.vector"                                   # SIMD kernels
 * </pre>
 *
 * <p>{@code latency} samples single calls (Mode.SampleTime gives the percentiles, p99.9 included);
 * {@code throughput1} and {@code throughput2} run one and two threads on one shared recommender,
 * so their ratio is the scaling. {@code -prof gc} reports {@code gc.alloc.rate.norm}, the bytes
 * allocated per call.
 *
 * <p>Setup loads {@code model} with {@code Recommender.load} when given (e.g. QuickStart's file),
 * else trains one epoch of each model on the seed protocol's split of {@code data} and loads
 * that: latency depends on the shapes, not on how well the weights are trained. Five one-second
 * warm-up iterations let C2 compile the request path (all plain Java now); one fork, since the
 * path has no native or JIT-profile-dependent branch worth averaging over forks.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecommenderBenchmark {

    /** A model file saved by SavedModel, or "" to train one in setup. */
    @Param("")
    public String model;

    /** The MovieLens folder setup trains on when {@code model} is "". */
    @Param("../shared/datasets/ml-latest-small")
    public String data;

    private Recommender recommender;
    private int[] users;
    private long time;

    /** Loads (or trains and loads) the model. */
    @Setup
    public void setUp() throws IOException {
        Path file;
        if (model.isEmpty()) {
            file = Files.createTempFile("recommender-benchmark", ".zip");
            train(Path.of(data), file);
        } else {
            file = Path.of(model);
        }
        recommender = Recommender.load(file);
        if (model.isEmpty()) {
            Files.delete(file);
        }
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

    /** Calls per millisecond, one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @Threads(1)
    public List<Recommendation> throughput1(Cursor cursor) {
        return recommend(cursor);
    }

    /** Calls per millisecond with two threads sharing the recommender. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @Threads(2)
    public List<Recommendation> throughput2(Cursor cursor) {
        return recommend(cursor);
    }

    private List<Recommendation> recommend(Cursor cursor) {
        int user = users[cursor.next++ % users.length];
        return recommender.recommend(Recommender.Request.builder(user, time).retrieve(100).k(10).build());
    }
}
