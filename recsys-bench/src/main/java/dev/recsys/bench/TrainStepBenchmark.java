package dev.recsys.bench;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.optim.Adam;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One retrieval training step as the {@link Trainer} runs it ({@link TrainingStep}: one tape per
 * step borrowing from one array pool, Adam on every store) on shuffled batches, as the trainer
 * draws them: forward through both towers (32-dim outputs, one hidden layer of 64, every
 * seed-protocol feature), in-batch softmax with the logQ correction and removal of accidental
 * hits, backward, update; on a synthetic MovieLens-sized world (610 users, 9,742 movies). Target:
 * under 60 ms at batch 2048.
 *
 * <pre>
 * java -jar recsys-bench/target/benchmarks.jar TrainStepBenchmark
 * </pre>
 *
 * <p>Five one-second warm-up iterations are enough for the step's Java loops (id encoding,
 * sparse gradients, optimizer updates) to compile; the ND4J kernels are native and need none.
 * One fork: the step is dominated by native calls, whose speed does not depend on JIT choices.
 * {@code threads} sets ND4J's OpenMP and OpenBLAS threads through {@code Nd4jRuntime.threads} (0 keeps
 * ND4J's defaults, one per core); on a loaded machine one thread avoids spin-waiting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBenchmark {

    /** Examples per step. */
    @Param("2048")
    public int batch;

    /** ND4J threads ({@code Nd4jRuntime.threads}), 0 for ND4J's default. */
    @Param({"1", "0"})
    public int threads;

    private UserTower users;
    private MovieTower movies;
    private RetrievalModel model;
    private List<Examples> batches;
    private TrainingStep step;
    private int next;

    /** Builds the world, the towers and a ring of batches. */
    @Setup(Level.Trial)
    public void setUp() {
        if (threads > 0) {
            Nd4jRuntime.threads(threads);
        }
        MovieLensData data = SyntheticMovieLens.builder(7).users(610).movies(9_742).ratings(60_000).build().generate();
        Examples train = data.ratings().toExamples();
        Catalog catalog = data.movies().toCatalog();
        long[] times = train.timestamps();
        users = UserTower.builder(IdEncoder.builder().build().fit(train.userIds()), 32)
                .timeBuckets(Discretizer.equalWidth(1000).fit(times), 32)
                .cyclicTime(CyclicTimeEncoder.standard(), 8)
                .normalizedTimestamp(Normalizer.create().fit(times))
                .hidden(64)
                .build();
        movies = MovieTower.builder(IdEncoder.builder().build().fit(train.movieIds()), 32)
                .catalog(catalog)
                .title(TitleVectorizer.builder().build().fit(catalog.titles()), 32, Pooling.MEAN)
                .genres(GenreEncoder.builder().build().fit(catalog.genres()), 32)
                .hidden(64)
                .build();
        model = RetrievalModel.builder(users, movies, catalog)
                .task(Retrieval.builder().samplingCorrection(true).build())
                .build();
        model.beforeTraining(train);
        // Shuffled rows, as the trainer draws them (a user-sorted slice has few distinct users
        // and so far fewer embedding rows to update).
        int[] order = new int[train.size()];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        batches = new ArrayList<>();
        for (int from = 0; from + batch <= train.size(); from += batch) {
            batches.add(train.select(Arrays.copyOfRange(order, from, from + batch)));
        }
        step = new TrainingStep(model, () -> Adam.builder(0.005).build());
    }

    /** Frees the parameters. */
    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        users.close();
        movies.close();
    }

    /** Forward, backward and optimizer update of one batch; returns the loss. */
    @Benchmark
    public double step() {
        Examples examples = batches.get(next);
        next = (next + 1) % batches.size();
        return step.run(examples);
    }
}
