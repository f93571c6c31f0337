package dev.recsys.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.HnswIndex;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.TopKIndex;
import dev.recsys.core.topk.TopKResult;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ANN harness: {@link HnswIndex} against the exact {@link BruteForceIndex} on the same data
 * in the same JVM, printing one JSON object on stdout and a markdown table on stderr. Per data
 * set: the build time, the index's memory against the raw vectors, the exact index's queries/s,
 * and per search beam: recall@10 and recall@100 against the exact top k, queries/s with one and
 * with two threads, all without and with a filter that excludes a random 20% of the items.
 *
 * <pre>
 * java -Xmx6g --add-modules jdk.incubator.vector -cp recsys-bench/target/benchmarks.jar \
 *     dev.recsys.bench.AnnBenchmark --n 100000,1000000 --movies ../shared/datasets/ml-latest-small
 * </pre>
 *
 * <p>Options: {@code --n} synthetic sizes (default 100000), {@code --dim} (64), {@code --clusters}
 * (1000), {@code --spread} (0.5), {@code --queries} per data set (500), {@code --ef} search
 * beams, each at least 100 so that one search for k = 100 also gives the top 10 of a search for
 * k = 10 (default 100,200,400), {@code --m} (16), {@code --beam} (100), {@code --build-threads}
 * (2), {@code --transform true|false} ({@link HnswIndex.Builder#euclideanTransform}, default
 * true), {@code --movies DIR}: also trained movie embeddings (a two-tower model trained on the
 * temporal protocol of that MovieLens folder, queries the test rows' user embeddings),
 * {@code --out FILE} a copy of the JSON.
 *
 * <p>Method: queries/s is the number of queries divided by the wall time of one pass after a
 * warm-up pass over the same queries (the JIT has compiled the search by then), for k = 100; the
 * two-thread figure runs every query on each of two threads at once. Twenty per cent filters:
 * ten seeded random sets of 20% of the ids, query q using set q mod 10 (built before timing).
 * Recall@k is the share of the exact top k (with the same filter) that the index returns, averaged
 * over the queries.
 */
public final class AnnBenchmark {

    private static final int K = 100;
    private static final int FILTERS = 10;

    private AnnBenchmark() {
    }

    /** Runs the data sets named by the options; see the class comment. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = ProgramOptions.parse(args);
        int dim = Integer.parseInt(options.getOrDefault("dim", "64"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "500"));
        int clusters = Integer.parseInt(options.getOrDefault("clusters", "1000"));
        float spread = Float.parseFloat(options.getOrDefault("spread", "0.5"));
        int[] efs = ints(options.getOrDefault("ef", "100,200,400"));
        for (int ef : efs) {
            if (ef < K) {
                throw new IllegalArgumentException("--ef values must be at least " + K + ", found " + ef);
            }
        }
        Settings settings = new Settings(Integer.parseInt(options.getOrDefault("m", "16")),
                Integer.parseInt(options.getOrDefault("beam", "100")),
                Integer.parseInt(options.getOrDefault("build-threads", "2")), efs,
                Boolean.parseBoolean(options.getOrDefault("transform", "true")));
        List<Map<String, Object>> results = new ArrayList<>();
        for (int n : ints(options.getOrDefault("n", "100000"))) {
            ClusteredVectors data = ClusteredVectors.generate(n, n, dim, clusters, spread, queries);
            results.add(run("synthetic clustered " + n + " x " + dim, data.points, dim, data.queries, settings));
        }
        if (options.containsKey("movies")) {
            Movies movies = movieEmbeddings(Path.of(options.get("movies")), queries);
            results.add(run("ml-latest-small movie embeddings (two-tower, temporal protocol, " + movies.dim + " dims)", movies.vectors,
                    movies.dim, movies.queries, settings));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        json.put("kernels", Kernels.get().name());
        json.put("loadAverageAtEnd", ProgramOptions.loadAverage());
        json.put("results", results);
        String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        System.out.println(text);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), text + System.lineSeparator());
        }
        for (Map<String, Object> result : results) {
            System.err.println(markdown(result));
        }
    }

    private record Settings(int m, int beam, int buildThreads, int[] efs, boolean transform) {
    }

    private static Map<String, Object> run(String name, float[] vectors, int dim, float[][] queries, Settings s)
            throws Exception {
        int n = vectors.length / dim;
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> 1_000_000 + i);
        System.err.printf(Locale.ROOT, "== %s, %d queries, load %s%n", name, queries.length, ProgramOptions.loadAverage());
        BruteForceIndex exact = BruteForceIndex.builder(ids, vectors, dim).build();
        long start = System.nanoTime();
        HnswIndex ann = HnswIndex.builder(ids, vectors, dim).maxConnections(s.m).beamWidth(s.beam)
                .threads(s.buildThreads).euclideanTransform(s.transform).build();
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        List<ItemFilter> filters = twentyPercentFilters(ids);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", name);
        out.put("n", n);
        out.put("dim", dim);
        out.put("queries", queries.length);
        out.put("m", s.m);
        out.put("beamWidth", s.beam);
        out.put("buildThreads", s.buildThreads);
        out.put("euclideanTransform", s.transform);
        out.put("buildSeconds", round(buildSeconds));
        out.put("loadAverageAfterBuild", ProgramOptions.loadAverage());
        long raw = 4L * n * dim;
        out.put("rawVectorBytes", raw);
        out.put("indexBytes", ann.sizeInBytes());
        out.put("indexOverRaw", round(ann.sizeInBytes() / (double) raw));

        // Exact answers (and the exact index's speed) for both query sets.
        TopKResult[] truth = new TopKResult[queries.length];
        TopKResult[] filteredTruth = new TopKResult[queries.length];
        Map<String, Object> exactOut = new LinkedHashMap<>();
        exactOut.put("qps1", round(qps(exact, queries, null, 1, truth)));
        exactOut.put("qps2", round(qps(exact, queries, null, 2, null)));
        exactOut.put("qps1Filtered", round(qps(exact, queries, filters, 1, filteredTruth)));
        out.put("exact", exactOut);
        System.err.printf(Locale.ROOT, "exact: %s%n", exactOut);

        List<Map<String, Object>> beams = new ArrayList<>();
        for (int ef : s.efs) {
            HnswIndex index = ann.withSearchBeamWidth(ef);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ef", ef);
            TopKResult[] found = new TopKResult[queries.length];
            double qps1 = qps(index, queries, null, 1, found);
            row.put("recall10", round(recall(truth, found, 10)));
            row.put("recall100", round(recall(truth, found, K)));
            row.put("qps1", round(qps1));
            row.put("qps2", round(qps(index, queries, null, 2, null)));
            row.put("speedupOverExact", round(qps1 / (double) exactOut.get("qps1")));
            double filteredQps = qps(index, queries, filters, 1, found);
            row.put("recall10Filtered", round(recall(filteredTruth, found, 10)));
            row.put("recall100Filtered", round(recall(filteredTruth, found, K)));
            row.put("qps1Filtered", round(filteredQps));
            row.put("speedupOverExactFiltered", round(filteredQps / (double) exactOut.get("qps1Filtered")));
            beams.add(row);
            System.err.printf(Locale.ROOT, "ef %d: %s%n", ef, row);
        }
        out.put("ann", beams);
        out.put("loadAverageAtEnd", ProgramOptions.loadAverage());
        return out;
    }

    /**
     * Queries per second of one timed pass after a warm-up pass, each of {@code threads} threads
     * running every query; with {@code results}, the first thread's answers are stored there.
     */
    private static double qps(TopKIndex index, float[][] queries, List<ItemFilter> filters, int threads,
            TopKResult[] results) throws Exception {
        pass(index, queries, filters, results);
        if (threads == 1) {
            long start = System.nanoTime();
            pass(index, queries, filters, results);
            return queries.length / ((System.nanoTime() - start) / 1e9);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> pass(index, queries, filters, null)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return threads * queries.length / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static void pass(TopKIndex index, float[][] queries, List<ItemFilter> filters, TopKResult[] results) {
        for (int q = 0; q < queries.length; q++) {
            ItemFilter filter = filters == null ? ItemFilter.none() : filters.get(q % filters.size());
            TopKResult result = index.search(queries[q], K, filter);
            if (results != null) {
                results[q] = result;
            }
        }
    }

    /**
     * Mean share of the exact top k found in the first k of each approximate result. Ties count:
     * a result scoring at least the exact k-th score is a hit (both indexes score with the same
     * kernel, so the scores compare exactly), because among equal scores (movies that share an
     * embedding) which ids make the top k is arbitrary.
     */
    private static double recall(TopKResult[] truth, TopKResult[] found, int k) {
        double sum = 0;
        for (int q = 0; q < truth.length; q++) {
            int wanted = Math.min(k, truth[q].size());
            float kth = truth[q].score(wanted - 1);
            int hits = 0;
            for (int r = 0; r < Math.min(k, found[q].size()); r++) {
                hits += found[q].score(r) >= kth ? 1 : 0;
            }
            sum += hits / (double) wanted;
        }
        return sum / truth.length;
    }

    private static List<ItemFilter> twentyPercentFilters(int[] ids) {
        SplittableRandom random = new SplittableRandom(20);
        List<ItemFilter> filters = new ArrayList<>();
        for (int f = 0; f < FILTERS; f++) {
            int[] excluded = Arrays.stream(ids).filter(id -> random.nextInt(5) == 0).toArray();
            filters.add(ItemFilter.excluding(excluded));
        }
        return filters;
    }

    private record Movies(float[] vectors, int dim, float[][] queries) {
    }

    /**
     * Trains a two-tower model (user id and time buckets; movie id, title and genres, so that
     * movies without ratings still get distinct embeddings; 32 dims; Adam 0.005 with the logQ
     * correction; 8 epochs of batch 2048) on the temporal protocol's training part and returns
     * every catalogue movie's embedding and the user embeddings of the first test rows.
     */
    private static Movies movieEmbeddings(Path dir, int queryCount) throws IOException {
        Nd4jRuntime.threads(1);
        Protocol p = Protocol.of("temporal", dir);
        Features f = new Features(p.train, p.candidates);
        int dim = 32;
        try (UserTower users = UserTower.builder(f.userIds, dim).timeBuckets(f.timeBuckets, dim).outputDim(dim).build();
             MovieTower movies = MovieTower.builder(f.movieIds, dim).catalog(p.candidates)
                     .title(f.titles, dim, Pooling.MEAN).genres(f.genres, dim).outputDim(dim).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, p.candidates)
                    .task(Retrieval.builder().samplingCorrection(true).build())
                    .build();
            Trainer.builder().epochs(8).batchSize(2048).optimizer(() -> Adam.builder(0.005).build()).build()
                    .fit(model, p.train, null);
            try (INDArray candidates = model.candidateEmbeddings();
                 INDArray queries = model.queryEmbeddings(p.test.slice(0, Math.min(queryCount, p.test.size())))) {
                return new Movies(candidates.dup().data().asFloat(), dim, queries.toFloatMatrix());
            }
        }
    }

    private static String markdown(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        @SuppressWarnings("unchecked")
        Map<String, Object> exact = (Map<String, Object>) r.get("exact");
        sb.append(String.format(Locale.ROOT, "%n%s: build %s s (%s threads), index %,d MB = %.2f x raw vectors; "
                + "exact %s q/s (1 thread), %s q/s (2 threads), %s q/s filtered%n", r.get("dataset"),
                r.get("buildSeconds"), r.get("buildThreads"), ((Long) r.get("indexBytes")) >> 20, r.get("indexOverRaw"),
                exact.get("qps1"), exact.get("qps2"), exact.get("qps1Filtered")));
        sb.append("| ef | recall@10 | recall@100 | q/s 1 thread | q/s 2 threads | x exact | recall@10, 20% filtered "
                + "| recall@100, filtered | q/s filtered | x exact filtered |\n|---|---|---|---|---|---|---|---|---|---|\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> beams = (List<Map<String, Object>>) r.get("ann");
        for (Map<String, Object> b : beams) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", b.get("ef"),
                    b.get("recall10"), b.get("recall100"), b.get("qps1"), b.get("qps2"), b.get("speedupOverExact"),
                    b.get("recall10Filtered"), b.get("recall100Filtered"), b.get("qps1Filtered"),
                    b.get("speedupOverExactFiltered")));
        }
        return sb.toString();
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }
}
