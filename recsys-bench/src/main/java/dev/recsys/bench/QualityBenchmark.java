package dev.recsys.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.optim.Adagrad;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.optim.Optimizer;
import dev.recsys.core.report.SvgChart;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Model;
import dev.recsys.models.baseline.BiasedMatrixFactorization;
import dev.recsys.models.baseline.ContentBased;
import dev.recsys.models.baseline.Ease;
import dev.recsys.models.baseline.Popularity;
import dev.recsys.models.baseline.RecentPopularity;
import dev.recsys.models.baseline.WeightedRating;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.eval.Report;
import dev.recsys.models.task.Negatives;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieAge;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The quality harness: for each chosen model, settings and epochs are chosen on the protocol's
 * validation part (models fitted on train), then the model is fitted again on train and
 * validation with those settings and evaluated once on test. Everything goes through the public
 * {@link Evaluator}. Prints only one JSON object on stdout,
 * {@code {"protocol":…,"split":{"train":n,"validation":n,"test":n},"models":{"<name>":{"settings":{…},
 * "validation":{…},"test":{…},"epochs":n,"trainSeconds":s,"curve":[…]}}}}, and a markdown table and
 * progress on stderr, so {@code … | python3 -m json.tool} works.
 *
 * <pre>
 * java -cp recsys-bench/target/benchmarks.jar dev.recsys.bench.QualityBenchmark \
 *     --protocol seed|temporal|temporal-global --data ../shared/datasets/ml-latest-small [--models a,b] [--out DIR]
 * </pre>
 *
 * <p>Models ({@code --models}, default all): {@code popularity} (training count), {@code mean}
 * (mean rating), {@code weighted} (IMDB weighted rating, m chosen on validation RMSE),
 * {@code content} (TF-IDF of title, genres and tags), {@code mf} (biased matrix factorization,
 * factors and regularization chosen on validation RMSE), {@code twotower} (the retrieval model:
 * movie id, user id and time features), {@code twotower-id} (ids only), {@code ranking} (the rating
 * model, movie id) and {@code hybrid} (the rating model with title tokens and genres); the bar to
 * beat: {@code recent-popularity} (window chosen on validation) and {@code ease} (λ chosen on
 * validation); with the user's history: {@code twotower-history} (user id and history; movie id)
 * and {@code ranking-history} (the rating model's user features and history). Neural
 * models train on train with validation after every epoch (early stopping, patience 3, at most
 * {@code --retrieval-epochs} / {@code --ranking-epochs}); the best epoch count is then used on
 * train and validation. A ranking model is chosen by the protocol's monitored metric
 * ({@code factorizedTop@100} for seed, {@code ndcg@10} otherwise), a rating model by RMSE.
 * {@code trainSeconds} is the final fit's time in training, evaluation excluded.
 *
 * <p>With {@code --out DIR}: {@code quality-<protocol>.json}, {@code recall-<protocol>.svg} (test
 * factorized top-k accuracy or Recall@k for k = 1..100) and {@code curve-<protocol>.svg} (the
 * validation learning curves). Options of the neural models: {@code --retrieval-lr},
 * {@code --ranking-lr}, {@code --optimizer adagrad|adam}, {@code --temperature}, {@code --dim},
 * {@code --hidden} (0 for none), {@code --batch}, {@code --ranking-batch}, {@code --logq},
 * {@code --l2}; of the rating models, each a comma-separated grid chosen on validation:
 * {@code --ranking-l2} (default 0,0.001,0.003), {@code --ranking-dropout} (of the head's input,
 * default 0), {@code --ranking-head} (of {@code mlp}, {@code mlp+biases}, {@code mlp+dot},
 * {@code mlp+biases+dot}: the rating head alone, with the mean rating and user and movie biases,
 * with the dot product of the towers; default mlp,mlp+biases,mlp+biases+dot);
 * {@code --user-features id,time,year,cyclic,norm},
 * {@code --movie-features id,title,genres}, {@code --movie-age} (of {@code twotower} and
 * {@code twotower-history}: the movie age feature's maxAge, 0 for none; a grid, default 0,20),
 * {@code --ranking-user-features},
 * {@code --ranking-movie-features}, {@code --pooling mean|gru}, {@code --negatives in-batch|all};
 * of the history: {@code --history-pooling mean|gru|attention}, {@code --history-length},
 * {@code --history-rating-weighted}, {@code --history-half-life} (in history slots; a grid, default
 * Infinity,10), {@code --history-layers},
 * {@code --history-heads}, {@code --history-dropout}, {@code --history-user-features} (default
 * id,history), {@code --history-shared} (of the retrieval models with a history, e.g.
 * {@code twotower-history}: whether the history embeds its movies with the movie tower's id table
 * instead of a table of its own; a grid of false/true, default false), {@code --user-id on|off};
 * {@code --threads N} (ND4J's threads
 * through {@code Nd4jRuntime.threads}, 0 for ND4J's default; default 1: on 2 cores, OpenMP spin-waiting
 * made each call several times slower with 2 threads).
 */
public final class QualityBenchmark {

    /** The reference notebook's results (DESIGN.md). */
    static final double REFERENCE_TOP100 = 0.226;
    static final double REFERENCE_RMSE = 0.852;

    static final List<String> MODELS = List.of("popularity", "recent-popularity", "mean", "weighted", "content", "mf",
            "ease", "twotower", "twotower-id", "twotower-history", "ranking", "ranking-history", "hybrid");

    /** Cut-offs of the k = 1..100 test curve. */
    private static final int[] CURVE_KS = IntStream.rangeClosed(1, 100).toArray();
    private static final int PATIENCE = 3;

    private static final Set<String> OPTIONS = Set.of("--protocol", "--data", "--out", "--models", "--retrieval-epochs",
            "--ranking-epochs", "--retrieval-lr", "--ranking-lr", "--optimizer", "--ranking-optimizer", "--temperature",
            "--dim", "--hidden", "--user-features", "--movie-features", "--pooling", "--batch", "--ranking-batch",
            "--threads", "--logq", "--l2", "--ranking-l2", "--ranking-user-features", "--ranking-movie-features",
            "--negatives", "--history-pooling", "--history-length", "--history-rating-weighted",
            "--history-half-life", "--history-user-features", "--user-id", "--history-layers", "--history-heads",
            "--history-dropout", "--ranking-head", "--ranking-dropout", "--movie-age", "--history-shared");

    /** Rating head variants: the MLP alone, with the mean rating and user and movie biases, and with the dot product too. */
    static final List<String> HEADS = List.of("mlp", "mlp+biases", "mlp+dot", "mlp+biases+dot");

    private QualityBenchmark() {}

    /** A fitted model, what it cost, and how its training went. */
    record Fitted(Object model, int epochs, double trainSeconds, List<EpochReport> curve, AutoCloseable resources) {

        static Fitted of(Object model, long startNanos) {
            return new Fitted(model, 0, (System.nanoTime() - startNanos) / 1e9, List.of(), () -> { });
        }
    }

    /** One configuration of a model, fitted on a training part. */
    interface Recipe {
        /** The settings, for the JSON. */
        Map<String, Object> settings();

        /**
         * Fits the model.
         *
         * @param validation the part early stopping watches, or null for the final fit
         * @param epochs the epochs to run (final fit), or 0 to let validation choose
         */
        Fitted fit(Examples train, Examples validation, Map<Integer, List<String>> tags, int epochs);
    }

    /** One model's figures: JSON fields, its test curve for k = 1..100 (scorers), its validation learning curve. */
    record Outcome(Map<String, Object> json, double[] testCurve, double[] learningCurve) {}

    /**
     * Runs the harness.
     *
     * @param args see the class documentation
     * @throws IOException if the data cannot be read or the output written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = parse(args);
        if (!options.containsKey("--data")) {
            throw new IllegalArgumentException("--data DIR is required: a MovieLens ml-latest-small folder");
        }
        List<String> models = options.containsKey("--models") ? List.of(options.get("--models").split(",")) : MODELS;
        for (String model : models) {
            if (!MODELS.contains(model)) {
                throw new IllegalArgumentException("unknown model " + model + "; expected some of " + MODELS);
            }
        }
        Settings settings = Settings.from(options);
        int threads = Integer.parseInt(options.getOrDefault("--threads", "1"));
        if (threads > 0) {
            Nd4jRuntime.threads(threads);
        }
        long start = System.nanoTime();
        Protocol protocol = Protocol.of(options.getOrDefault("--protocol", "seed"), Path.of(options.get("--data")));
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, double[]> testCurves = new LinkedHashMap<>();
        Map<String, double[]> learningCurves = new LinkedHashMap<>();
        for (String model : models) {
            Outcome outcome = run(model, protocol, settings);
            results.put(model, outcome.json());
            if (outcome.testCurve() != null) {
                testCurves.put(model, outcome.testCurve());
            }
            if (outcome.learningCurve() != null) {
                learningCurves.put(model, outcome.learningCurve());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("protocol", protocol.name);
        json.put("split", Map.of("train", protocol.train.size(), "validation", protocol.validation.size(),
                "test", protocol.test.size()));
        json.put("models", results);
        String text = new ObjectMapper().writeValueAsString(json);
        System.out.println(text);
        if (options.containsKey("--out")) {
            write(Path.of(options.get("--out")), protocol, text, testCurves, learningCurves);
        }
        System.err.println(table(protocol, results, (System.nanoTime() - start) / 1e9));
    }

    private static void write(Path dir, Protocol protocol, String json, Map<String, double[]> testCurves,
            Map<String, double[]> learningCurves) throws IOException {
        Path out = Files.createDirectories(dir);
        Files.writeString(out.resolve("quality-" + protocol.name + ".json"), json + System.lineSeparator());
        boolean seed = protocol.name.equals("seed");
        if (!testCurves.isEmpty()) {
            SvgChart.lines(out.resolve("recall-" + protocol.name + ".svg"),
                    protocol.name + " protocol, test: " + (seed ? "factorized top-k accuracy" : "Recall@k"), "k",
                    seed ? "top-k accuracy" : "Recall@k", new ArrayList<>(testCurves.keySet()),
                    new ArrayList<>(testCurves.values()));
        }
        if (!learningCurves.isEmpty()) {
            SvgChart.lines(out.resolve("curve-" + protocol.name + ".svg"),
                    protocol.name + " protocol, validation " + protocol.monitor + " by epoch", "epoch",
                    protocol.monitor, new ArrayList<>(learningCurves.keySet()), new ArrayList<>(learningCurves.values()));
        }
    }

    /** Chooses a configuration of {@code name} on validation, refits it on train and validation, tests it once. */
    static Outcome run(String name, Protocol p, Settings s) {
        List<Recipe> recipes = recipes(name, p, s);
        Recipe best = null;
        Report bestReport = null;
        Fitted bestFit = null;
        String metric = null;
        for (Recipe recipe : recipes) {
            Fitted fitted = recipe.fit(p.train, p.validation, p.trainTags, 0);
            Report report = p.validationEvaluator.evaluate(fitted.model(), p.validation);
            close(fitted);
            metric = p.validationMetricOf(fitted.model());
            double value = report.get(metric);
            if (bestReport == null || (Report.higherIsBetter(metric) ? value > bestReport.get(metric)
                    : value < bestReport.get(metric))) {
                best = recipe;
                bestReport = report;
                bestFit = fitted;
            }
            System.err.printf(Locale.ROOT, "%s %s: validation %s %s%n", name, recipe.settings(), metric,
                    Report.format(value));
        }
        Fitted finalFit = best.fit(p.trainAndValidation, null, p.finalTags, bestFit.epochs());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", best.settings());
        json.put("selectedBy", metric);
        json.put("validation", bestReport);
        json.put("test", p.testEvaluator.evaluate(finalFit.model(), p.test));
        double[] testCurve = null;
        if (finalFit.model() instanceof CandidateScorer scorer) {
            Evaluator.Builder curveEvaluator = Evaluator.builder().ks(CURVE_KS);
            if (p.perUser()) {
                curveEvaluator.perUser(true).exclude(p.trainAndValidation);
            }
            Report curve = curveEvaluator.build().ranking(scorer, p.test);
            String family = p.perUser() ? "recall@" : "factorizedTop@";
            testCurve = IntStream.of(CURVE_KS).mapToDouble(k -> curve.get(family + k)).toArray();
        }
        if (bestFit.epochs() > 0) {
            json.put("epochs", bestFit.epochs());
        }
        json.put("trainSeconds", round(finalFit.trainSeconds()));
        double[] learningCurve = null;
        if (!bestFit.curve().isEmpty()) {
            List<Map<String, Object>> points = new ArrayList<>();
            String watched = p.validationMetricOf(bestFit.model());
            for (EpochReport r : bestFit.curve()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("epoch", r.epoch());
                point.put("loss", round(r.loss()));
                point.put(watched, r.metrics().get(watched));
                points.add(point);
            }
            json.put("curve", points);
            learningCurve = bestFit.curve().stream().mapToDouble(r -> r.metrics().get(watched)).toArray();
        }
        close(finalFit);
        System.err.printf(Locale.ROOT, "%s test:%n%s%n", name, json.get("test"));
        return new Outcome(json, testCurve, learningCurve);
    }

    private static void close(Fitted fitted) {
        try {
            fitted.resources().close();
        } catch (Exception e) {
            throw new IllegalStateException("could not free a model", e);
        }
    }

    /** The configurations tried for a model on validation. */
    static List<Recipe> recipes(String name, Protocol p, Settings s) {
        switch (name) {
            case "popularity":
                return List.of(baseline(Map.of(), (train, tags) -> Popularity.fit(train, p.candidates)));
            case "recent-popularity":
                return List.of(30, 90, 180, 365, 730).stream().map(days -> baseline(Map.of("windowDays", days),
                        (train, tags) -> RecentPopularity.builder(p.candidates).window(Duration.ofDays(days))
                                .fit(train))).toList();
            case "ease":
                return List.of(10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0).stream().map(lambda -> baseline(
                        Map.of("lambda", lambda), (train, tags) -> Ease.builder(p.candidates).lambda(lambda)
                                .fit(train))).toList();
            case "mean":
                return List.of(baseline(Map.of("m", 0), (train, tags) -> WeightedRating.fit(train, p.candidates, 0)));
            case "weighted":
                return List.of(1, 3, 10, 30, 100).stream().map(m -> baseline(Map.of("m", m),
                        (train, tags) -> WeightedRating.fit(train, p.candidates, m))).toList();
            case "content":
                return List.of(baseline(Map.of(), (train, tags) -> ContentBased.builder(p.candidates).tags(tags).fit(train)));
            case "mf": {
                List<Recipe> grid = new ArrayList<>();
                for (int factors : new int[] {50, 100}) {
                    for (double reg : new double[] {0.02, 0.05, 0.1}) {
                        grid.add(baseline(Map.of("factors", factors, "regularization", reg, "epochs", 20,
                                "learningRate", 0.005), (train, tags) -> BiasedMatrixFactorization.builder(p.candidates)
                                        .factors(factors).regularization(reg).epochs(20).learningRate(0.005).fit(train)));
                    }
                }
                return grid;
            }
            case "twotower":
                return retrievals(p, s, s.userFeatures, s.movieFeatures);
            case "twotower-id":
                return List.of(retrieval(p, s, Set.of("id"), Set.of("id"), 0, Double.POSITIVE_INFINITY, false));
            case "twotower-history":
                return retrievals(p, s, s.historyUserFeatures, Set.of("id"));
            case "ranking":
                return ratings(p, s, s.rankingUserFeatures, s.rankingMovieFeatures);
            case "ranking-history": {
                Set<String> userFeatures = new HashSet<>(s.rankingUserFeatures);
                userFeatures.add("history");
                return ratings(p, s, userFeatures, s.rankingMovieFeatures);
            }
            case "hybrid":
                return ratings(p, s, s.rankingUserFeatures, Set.of("id", "title", "genres"));
            default:
                throw new IllegalArgumentException("unknown model " + name + "; expected one of " + MODELS);
        }
    }

    /** A model fitted in one call. */
    interface BaselineFit {
        Object fit(Examples train, Map<Integer, List<String>> tags);
    }

    private static Recipe baseline(Map<String, Object> settings, BaselineFit fit) {
        return new Recipe() {
            @Override
            public Map<String, Object> settings() {
                return settings;
            }

            @Override
            public Fitted fit(Examples train, Examples validation, Map<Integer, List<String>> tags, int epochs) {
                long start = System.nanoTime();
                return Fitted.of(fit.fit(train, tags), start);
            }
        };
    }

    /**
     * The grid of a retrieval model: every {@code --movie-age} with every {@code --history-half-life}
     * and {@code --history-shared} (with history).
     */
    private static List<Recipe> retrievals(Protocol p, Settings s, Set<String> userFeatures, Set<String> movieFeatures) {
        List<Recipe> grid = new ArrayList<>();
        for (int movieAge : s.movieAges) {
            for (double halfLife : s.halfLivesOf(userFeatures)) {
                for (boolean shared : s.sharedOf(userFeatures)) {
                    grid.add(retrieval(p, s, userFeatures, movieFeatures, movieAge, halfLife, shared));
                }
            }
        }
        return grid;
    }

    /**
     * A retrieval recipe; {@code movieAge} is the age feature's maxAge, 0 for none; with
     * {@code sharedHistory}, the history embeds its movies with the movie tower's id table.
     */
    private static Recipe retrieval(Protocol p, Settings s, Set<String> userFeatures, Set<String> movieFeatures,
            int movieAge, double halfLife, boolean sharedHistory) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("userFeatures", sorted(userFeatures));
        settings.put("movieFeatures", sorted(movieFeatures));
        settings.put("movieAge", movieAge);
        settings.put("dim", s.dim);
        settings.put("userId", s.userId);
        settings.put("hidden", s.hidden);
        settings.put("optimizer", s.optimizer + " " + s.retrievalLr);
        settings.put("batch", s.batch);
        settings.put("logQ", s.logQ);
        settings.put("temperature", s.temperature);
        settings.put("negatives", s.negatives);
        if (userFeatures.contains("history")) {
            settings.put("history", s.historySettings(halfLife));
            settings.put("historyShared", sharedHistory);
        }
        return neural(settings, p, s.retrievalEpochs, s.batch, s.optimizer(s.optimizer, s.retrievalLr, s.l2),
                (features, train) -> {
                    MovieTower movies = s.movieTower(features, p, movieFeatures,
                            movieAge == 0 ? null : MovieAge.fit(train.timestamps(), movieAge));
                    UserTower users = s.userTower(features, userFeatures, train, halfLife,
                            sharedHistory ? movies : null);
                    RetrievalModel model = RetrievalModel.builder(users, movies, p.candidates)
                            .task(Retrieval.builder().temperature(s.temperature).samplingCorrection(s.logQ)
                                    .negatives(s.negatives).build())
                            .build();
                    return new Built(model, () -> {
                        users.close();
                        movies.close();
                    });
                });
    }

    /**
     * The grid of a rating model: every {@code --ranking-head} variant with every {@code --ranking-l2},
     * {@code --ranking-dropout} and (with history) {@code --history-half-life}.
     */
    private static List<Recipe> ratings(Protocol p, Settings s, Set<String> userFeatures, Set<String> movieFeatures) {
        List<Recipe> grid = new ArrayList<>();
        for (String head : s.rankingHeads) {
            for (double l2 : s.rankingL2s) {
                for (double dropout : s.rankingDropouts) {
                    for (double halfLife : s.halfLivesOf(userFeatures)) {
                        grid.add(rating(p, s, userFeatures, movieFeatures, head, l2, dropout, halfLife));
                    }
                }
            }
        }
        return grid;
    }

    private static Recipe rating(Protocol p, Settings s, Set<String> userFeatures, Set<String> movieFeatures,
            String head, double l2, double dropout, double halfLife) {
        boolean biases = head.contains("biases");
        boolean dot = head.contains("dot");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("userFeatures", sorted(userFeatures));
        settings.put("movieFeatures", sorted(movieFeatures));
        settings.put("dim", s.dim);
        settings.put("head", head);
        settings.put("optimizer", s.rankingOptimizer + " " + s.rankingLr);
        settings.put("l2", l2);
        settings.put("dropout", dropout);
        settings.put("batch", s.rankingBatch);
        if (userFeatures.contains("history")) {
            settings.put("history", s.historySettings(halfLife));
        }
        return neural(settings, p, s.rankingEpochs, s.rankingBatch,
                s.optimizer(s.rankingOptimizer, s.rankingLr, l2), (features, train) -> {
                    UserTower users = s.userTower(features, userFeatures, train, halfLife);
                    MovieTower movies = s.movieTower(features, p, movieFeatures, null);
                    RankingModel model = RankingModel.builder(users, movies).biases(biases).dotProduct(dot)
                            .dropout(dropout).build();
                    return new Built(model, () -> {
                        model.close();
                        users.close();
                        movies.close();
                    });
                });
    }

    /** A built neural model and what frees it. */
    record Built(Model model, AutoCloseable resources) {}

    interface Builder {
        Built build(Features features, Examples train);
    }

    private static Recipe neural(Map<String, Object> settings, Protocol p, int maxEpochs, int batch,
            Supplier<Optimizer> optimizer, Builder builder) {
        return new Recipe() {
            @Override
            public Map<String, Object> settings() {
                return settings;
            }

            @Override
            public Fitted fit(Examples train, Examples validation, Map<Integer, List<String>> tags, int epochs) {
                Built built = builder.build(new Features(train, p.candidates), train);
                Trainer.Builder trainer = Trainer.builder().batchSize(batch).optimizer(optimizer);
                if (validation != null) {
                    trainer.epochs(maxEpochs).evaluator(p.validationEvaluator)
                            .monitor(p.validationMetricOf(built.model())).earlyStopping(PATIENCE);
                } else {
                    trainer.epochs(epochs);
                }
                TrainingResult result = trainer.build().fit(built.model(), train, validation);
                return new Fitted(built.model(), result.bestEpoch(), result.trainSeconds(), result.history(),
                        built.resources());
            }
        };
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The markdown table of test figures: one row per model, a blank cell where a model has no such figure. */
    @SuppressWarnings("unchecked")
    static String table(Protocol p, Map<String, Object> results, double totalSeconds) {
        List<String> columns = p.name.equals("seed")
                ? List.of("rmse", "factorizedTop@1", "factorizedTop@10", "factorizedTop@50", "factorizedTop@100")
                : List.of("rmse", "hitrate@10", "recall@10", "ndcg@10", "mrr", "hitrate@100", "coverage@10");
        StringBuilder out = new StringBuilder("| model |");
        for (String c : columns) {
            out.append(' ').append(c).append(" |");
        }
        out.append(" epochs | train s |\n|---|").append("---|".repeat(columns.size() + 2)).append('\n');
        results.forEach((model, value) -> {
            Map<String, Object> json = (Map<String, Object>) value;
            Report test = (Report) json.get("test");
            out.append("| ").append(model).append(" |");
            for (String c : columns) {
                Double v = test.metrics().get(c);
                out.append(' ').append(v == null ? "" : Report.format(v)).append(" |");
            }
            Object epochs = json.get("epochs");
            out.append(' ').append(epochs == null ? "" : epochs).append(" | ").append(json.get("trainSeconds"))
                    .append(" |\n");
        });
        if (p.name.equals("seed")) {
            out.append(String.format(Locale.ROOT, "%nreference (TFRS notebook): retrieval top-100 %.3f after 200 epochs,"
                    + " ranking RMSE %.3f; mean-rating RMSE 0.932, weighted-rating 0.933 on its own split%n",
                    REFERENCE_TOP100, REFERENCE_RMSE));
        }
        out.append(String.format(Locale.ROOT, "%nsplit: %d train, %d validation, %d test; whole run %.1f s",
                p.train.size(), p.validation.size(), p.test.size(), totalSeconds));
        return out.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; expected one of "
                        + OPTIONS);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /**
     * The neural models' settings. Defaults follow the library's defaults (Adam 0.005, batch 512,
     * in-batch softmax with the logQ correction, 32-dim towers without hidden layers) plus the
     * features of each model; the ranking model uses Adam 0.001. Epochs are chosen on validation
     * (at most {@code retrievalEpochs} and {@code rankingEpochs}).
     */
    static final class Settings {
        int retrievalEpochs = 20;
        int rankingEpochs = 30;
        double retrievalLr = 0.005;
        double rankingLr = 0.001;
        String optimizer = "adam";
        String rankingOptimizer = "adam";
        double temperature = 1.0;
        int dim = 32;
        int hidden = 0;
        int batch = 512;
        int rankingBatch = 512;
        boolean logQ = true;
        double l2;
        List<Double> rankingL2s = List.of(0.0, 0.001, 0.003);
        List<Double> rankingDropouts = List.of(0.0);
        List<String> rankingHeads = List.of("mlp", "mlp+biases", "mlp+biases+dot");
        Set<String> userFeatures = Set.of("id", "time", "cyclic", "norm");
        Set<String> movieFeatures = Set.of("id");
        List<Integer> movieAges = List.of(0, 20);
        Set<String> rankingUserFeatures = Set.of("id", "time", "cyclic", "norm");
        Set<String> rankingMovieFeatures = Set.of("id");
        Pooling pooling = Pooling.MEAN;
        Negatives negatives = Negatives.IN_BATCH;
        Pooling historyPooling = Pooling.MEAN;
        int historyLength = 50;
        boolean historyRatingWeighted;
        List<Double> historyHalfLives = List.of(Double.POSITIVE_INFINITY, 10.0);
        Set<String> historyUserFeatures = Set.of("id", "history");
        boolean userId = true;
        int historyLayers = 2;
        int historyHeads = 1;
        double historyDropout = 0.2;
        List<Boolean> historyShared = List.of(false);

        static Settings from(Map<String, String> o) {
            Settings s = new Settings();
            s.retrievalEpochs = Integer.parseInt(o.getOrDefault("--retrieval-epochs", "" + s.retrievalEpochs));
            s.rankingEpochs = Integer.parseInt(o.getOrDefault("--ranking-epochs", "" + s.rankingEpochs));
            s.retrievalLr = Double.parseDouble(o.getOrDefault("--retrieval-lr", "" + s.retrievalLr));
            s.rankingLr = Double.parseDouble(o.getOrDefault("--ranking-lr", "" + s.rankingLr));
            s.optimizer = o.getOrDefault("--optimizer", s.optimizer);
            s.rankingOptimizer = o.getOrDefault("--ranking-optimizer", s.rankingOptimizer);
            s.temperature = Double.parseDouble(o.getOrDefault("--temperature", "" + s.temperature));
            s.dim = Integer.parseInt(o.getOrDefault("--dim", "" + s.dim));
            s.hidden = Integer.parseInt(o.getOrDefault("--hidden", "" + s.hidden));
            s.batch = Integer.parseInt(o.getOrDefault("--batch", "" + s.batch));
            s.rankingBatch = Integer.parseInt(o.getOrDefault("--ranking-batch", "" + s.rankingBatch));
            s.logQ = Boolean.parseBoolean(o.getOrDefault("--logq", "" + s.logQ));
            s.l2 = Double.parseDouble(o.getOrDefault("--l2", "" + s.l2));
            if (o.containsKey("--ranking-l2")) {
                s.rankingL2s = Stream.of(o.get("--ranking-l2").split(",")).map(Double::valueOf).toList();
            }
            if (o.containsKey("--ranking-dropout")) {
                s.rankingDropouts = Stream.of(o.get("--ranking-dropout").split(",")).map(Double::valueOf).toList();
            }
            if (o.containsKey("--ranking-head")) {
                s.rankingHeads = List.of(o.get("--ranking-head").split(","));
                for (String head : s.rankingHeads) {
                    if (!HEADS.contains(head)) {
                        throw new IllegalArgumentException("unknown ranking head " + head + "; expected some of " + HEADS);
                    }
                }
            }
            if (o.containsKey("--user-features")) {
                s.userFeatures = Set.of(o.get("--user-features").split(","));
            }
            if (o.containsKey("--movie-features")) {
                s.movieFeatures = Set.of(o.get("--movie-features").split(","));
            }
            if (o.containsKey("--movie-age")) {
                s.movieAges = Stream.of(o.get("--movie-age").split(",")).map(Integer::valueOf).toList();
                if (s.movieAges.stream().anyMatch(age -> age < 0)) {
                    throw new IllegalArgumentException("--movie-age values must be >= 0 (0 for none), found " + s.movieAges);
                }
            }
            if (o.containsKey("--ranking-user-features")) {
                s.rankingUserFeatures = Set.of(o.get("--ranking-user-features").split(","));
            }
            if (o.containsKey("--ranking-movie-features")) {
                s.rankingMovieFeatures = Set.of(o.get("--ranking-movie-features").split(","));
            }
            s.pooling = Pooling.valueOf(o.getOrDefault("--pooling", "mean").toUpperCase(Locale.ROOT));
            s.negatives = o.getOrDefault("--negatives", "in-batch").equals("all") ? Negatives.ALL_CANDIDATES
                    : Negatives.IN_BATCH;
            s.historyPooling = Pooling.valueOf(o.getOrDefault("--history-pooling", "mean").toUpperCase(Locale.ROOT));
            s.historyLength = Integer.parseInt(o.getOrDefault("--history-length", "" + s.historyLength));
            s.historyRatingWeighted = Boolean.parseBoolean(o.getOrDefault("--history-rating-weighted", "false"));
            if (o.containsKey("--history-half-life")) {
                s.historyHalfLives = Stream.of(o.get("--history-half-life").split(",")).map(Double::valueOf).toList();
            }
            s.userId = !o.getOrDefault("--user-id", "on").equals("off");
            s.historyLayers = Integer.parseInt(o.getOrDefault("--history-layers", "" + s.historyLayers));
            s.historyHeads = Integer.parseInt(o.getOrDefault("--history-heads", "" + s.historyHeads));
            s.historyDropout = Double.parseDouble(o.getOrDefault("--history-dropout", "" + s.historyDropout));
            if (o.containsKey("--history-shared")) {
                s.historyShared = Stream.of(o.get("--history-shared").split(",")).map(v -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException("--history-shared takes true, false or both, found " + v);
                    }
                    return Boolean.valueOf(v);
                }).toList();
            }
            if (o.containsKey("--history-user-features")) {
                s.historyUserFeatures = Set.of(o.get("--history-user-features").split(","));
            }
            return s;
        }

        String historySettings(double halfLife) {
            return historyPooling + (historyPooling == Pooling.ATTENTION ? " (" + historyLayers + " layers, "
                    + historyHeads + " heads, dropout " + historyDropout + ")" : "") + ", length " + historyLength
                    + ", rating-weighted " + historyRatingWeighted + ", half-life " + halfLife;
        }

        /** The history half-lives to try: the {@code --history-half-life} grid with history, else one (unused). */
        List<Double> halfLivesOf(Set<String> userFeatures) {
            return userFeatures.contains("history") ? historyHalfLives : historyHalfLives.subList(0, 1);
        }

        /** The {@code --history-shared} grid with history, else a history table of its own (unused). */
        List<Boolean> sharedOf(Set<String> userFeatures) {
            return userFeatures.contains("history") ? historyShared : List.of(false);
        }

        Supplier<Optimizer> optimizer(String name, double lr, double l2) {
            switch (name) {
                case "adagrad":
                    return () -> Adagrad.builder(lr).l2(l2).build();
                case "adam":
                    return () -> Adam.builder(lr).l2(l2).build();
                default:
                    throw new IllegalArgumentException("optimizer must be adagrad or adam, found " + name);
            }
        }

        UserTower userTower(Features f, Set<String> userFeatures, Examples train, double halfLife) {
            return userTower(f, userFeatures, train, halfLife, null);
        }

        /** With {@code historyMovies}, the history shares that movie tower's id table (its width is the movie id dim). */
        UserTower userTower(Features f, Set<String> userFeatures, Examples train, double halfLife,
                MovieTower historyMovies) {
            // without the user id, every user falls into the one out-of-vocabulary row: a shared bias
            UserTower.Builder b = UserTower.builder(userId ? f.userIds : IdEncoder.builder().build().fit(new int[] {-1}), dim);
            if (userFeatures.contains("history")) {
                RecentItems recent = RecentItems.builder().maxLength(historyLength).ratingWeighted(historyRatingWeighted)
                        .recencyHalfLife(halfLife).build().fit(train);
                if (historyMovies != null) {
                    b.history(recent, historyMovies, historyPooling);
                } else {
                    b.history(recent, f.movieIds, dim, historyPooling);
                }
                b.historyAttention(historyLayers, historyHeads, historyDropout);
            }
            if (userFeatures.contains("time")) {
                b.timeBuckets(f.timeBuckets, dim);
            }
            if (userFeatures.contains("year")) {
                b.year(f.years, 8);
            }
            if (userFeatures.contains("cyclic")) {
                b.cyclicTime(f.cyclic, 8);
            }
            if (userFeatures.contains("norm")) {
                b.normalizedTimestamp(f.timestamps);
            }
            if (hidden > 0) {
                b.hidden(hidden);
            }
            return b.outputDim(dim).build();
        }

        MovieTower movieTower(Features f, Protocol p, Set<String> movieFeatures, MovieAge age) {
            MovieTower.Builder b = MovieTower.builder(f.movieIds, dim).catalog(p.candidates).age(age);
            if (movieFeatures.contains("title")) {
                b.title(f.titles, dim, pooling);
            }
            if (movieFeatures.contains("genres")) {
                b.genres(f.genres, dim);
            }
            if (hidden > 0) {
                b.hidden(hidden);
            }
            return b.outputDim(dim).build();
        }
    }
}
