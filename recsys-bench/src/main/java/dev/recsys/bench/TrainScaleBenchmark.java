package dev.recsys.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.optim.Adam;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the two-tower retrieval model on the 25M-rating synthetic dataset (ml-25m's shape:
 * 162,541 users, 62,423 movies, 25,000,095 ratings) read from the CSV files the generator writes,
 * and reports examples/s and the validation metrics after the epochs on a held-out slice. A plain
 * program, not part of {@code mvn verify}: one epoch is the quantity of interest (target: at most
 * 5 minutes on 2 cores with a heap of at most 4 GB).
 *
 * <pre>
 * java -Xmx4g -XX:+UseParallelGC -cp recsys-bench/target/benchmarks.jar dev.recsys.bench.TrainScaleBenchmark --data target/synthetic-25m
 * </pre>
 *
 * <p>The throughput collector trained the 25M epoch about 10% faster than the default G1 on two
 * quiet cores (275.5 against 305.6 s of training steps; recsys-bench's README).
 *
 * <p>Options: {@code --data DIR} where the CSV files are, generated there first when
 * {@code ratings.csv} is missing (default {@code target/synthetic-25m}; about 700 MB);
 * {@code --ratings N} for a smaller generated set (default 25,000,095); {@code --epochs} (1);
 * {@code --batch} (512, the {@code Trainer}'s default: the in-batch softmax costs O(batch) per
 * example, and on a 1M-rating slice batch 2048 trained 0.6× as many examples/s to the same
 * validation recall@100); {@code --validation N} held-out rows, a seeded random sample (10,000);
 * {@code --threads N} ND4J's threads via Nd4jRuntime (1; 0 for ND4J's defaults); {@code --out FILE} a copy
 * of the JSON. The model is the README's two-tower model: user id and time buckets, movie id,
 * 32 dims, in-batch softmax with the logQ correction, Adam 0.005.
 *
 * <p>Memory: the data is read into columnar arrays (about 20 bytes per rating) and copied once
 * into the training examples; batches are built from those arrays, so no full-dataset INDArray
 * exists; the parameters and optimizer state of 225k embeddings of 32 floats live off-heap.
 */
public final class TrainScaleBenchmark {

    private TrainScaleBenchmark() {
    }

    /** Generates (when needed), reads, trains, evaluates; prints JSON on stdout. */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = ProgramOptions.parse(args);
        Path dir = Path.of(options.getOrDefault("data", "target/synthetic-25m"));
        int ratings = Integer.parseInt(options.getOrDefault("ratings", "25000095"));
        int epochs = Integer.parseInt(options.getOrDefault("epochs", "1"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "512"));
        int validationRows = Integer.parseInt(options.getOrDefault("validation", "10000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        json.put("maxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
        json.put("loadAverageAtStart", ProgramOptions.loadAverage());

        if (!Files.exists(dir.resolve("ratings.csv"))) {
            long start = System.nanoTime();
            SyntheticMovieLens.builder(25).users(162_541).movies(62_423).ratings(ratings).build().writeCsv(dir);
            json.put("generateSeconds", seconds(start));
            System.err.printf("generated %,d ratings into %s in %.1f s%n", ratings, dir, seconds(start));
        }
        long start = System.nanoTime();
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Catalog catalog = data.movies().toCatalog();
        Examples all = data.ratings().toExamples();
        data = null; // the columnar copy in `all` is all that training needs
        json.put("readSeconds", seconds(start));
        json.put("ratings", all.size());
        System.err.printf("read %,d ratings in %.1f s%n", all.size(), seconds(start));

        // A seeded random held-out slice; the rest, in file order, is the training set.
        boolean[] heldOut = new boolean[all.size()];
        SplittableRandom random = new SplittableRandom(7);
        for (int chosen = 0; chosen < validationRows; ) {
            int row = random.nextInt(all.size());
            if (!heldOut[row]) {
                heldOut[row] = true;
                chosen++;
            }
        }
        int[] trainRows = new int[all.size() - validationRows];
        int[] validationIndex = new int[validationRows];
        for (int row = 0, t = 0, v = 0; row < heldOut.length; row++) {
            if (heldOut[row]) {
                validationIndex[v++] = row;
            } else {
                trainRows[t++] = row;
            }
        }
        Examples train = all.select(trainRows);
        Examples validation = all.select(validationIndex);
        all = null;
        trainRows = null;
        json.put("trainRows", train.size());
        json.put("validationRows", validation.size());

        if (threads > 0) {
            Nd4jRuntime.threads(threads);
        }
        int dim = 32;
        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());
        IdEncoder movieIds = IdEncoder.builder().build().fit(train.movieIds());
        Discretizer time = Discretizer.equalWidth(1000).fit(train.timestamps());
        try (UserTower users = UserTower.builder(userIds, dim).timeBuckets(time, dim).outputDim(dim).build();
             MovieTower movies = MovieTower.builder(movieIds, dim).catalog(catalog).outputDim(dim).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, catalog)
                    .task(Retrieval.builder().samplingCorrection(true).build())
                    .build();
            start = System.nanoTime();
            long cpuStart = processCpuNanos();
            TrainingResult result = Trainer.builder()
                    .epochs(epochs).batchSize(batch).optimizer(() -> Adam.builder(0.005).build())
                    .build()
                    .fit(model, train, validation);
            double seconds = seconds(start);
            json.put("batch", batch);
            json.put("epochs", result.epochs());
            json.put("trainSeconds", seconds);
            // With one ND4J thread the process's CPU time is about what a quiet machine's wall time would be.
            json.put("trainCpuSeconds", Math.round((processCpuNanos() - cpuStart) / 1e8) / 10.0);
            json.put("secondsPerEpoch", result.history().stream().mapToDouble(r -> train.size() / r.examplesPerSecond())
                    .boxed().toList());
            json.put("examplesPerSecond", result.history().stream().mapToLong(r -> Math.round(r.examplesPerSecond()))
                    .boxed().toList());
            json.put("validationMetrics", result.metrics());
        }
        json.put("heapPeakMB", peakHeapMegabytes());
        json.put("loadAverageAtEnd", ProgramOptions.loadAverage());
        String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        System.out.println(text);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), text + System.lineSeparator());
        }
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }

    /** Sum of the heap pools' peak usage since start. */
    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** CPU time of every thread of this JVM (GC and JIT included), nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
