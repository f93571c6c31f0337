package dev.recsys.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.report.SvgChart;
import dev.recsys.data.split.Split;
import dev.recsys.models.Model;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.eval.Report;
import dev.recsys.models.io.OriginalIds;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieAge;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recsys train}: reads MovieLens or your own files, splits them, trains a retrieval model
 * (and a ranking model for explicit ratings) with early stopping on validation, evaluates test
 * once, and saves one model file; with string ids the file keeps the dictionaries, so that the
 * served model answers with the original ids.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a two-tower retrieval model (and, for explicit ratings, a ranking model) with early"
            + " stopping on a validation part, evaluate the test part once, and save one model file.",
            "Examples:",
            "  recsys train --data ../shared/datasets/ml-latest-small --out target/run",
            "  recsys train --interactions clicks.csv --user-col customer --item-col sku --time-col ts \\",
            "      --items products.csv --item-text-col name --item-features id,text --out target/run"})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    /** The age feature's oldest bucket, in years (chosen on ml-latest-small's temporal validation part). */
    private static final int MAX_AGE = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOptions split;

    @Option(names = "--model", paramLabel = "FILE", description = "Where to save the model (default: DIR/model.zip"
            + " with --out, else target/recsys-model.zip).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write there: the learning curves"
            + " (retrieval-curve.svg, ranking-curve.svg) and metrics.json.")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", description = "Most epochs of the retrieval model; early stopping"
            + " picks the best on validation (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--ranking-epochs", defaultValue = "20", description = "Most epochs of the ranking model, 0 for"
            + " none; only for explicit ratings (default: ${DEFAULT-VALUE}).")
    int rankingEpochs;

    @Option(names = "--patience", defaultValue = "2", description = "Stop after this many epochs without improvement"
            + " on validation, 0 never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--dim", defaultValue = "32", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--batch", defaultValue = "512", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "0.005", description = "Adam's learning rate (default:"
            + " ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--item-features", paramLabel = "LIST", defaultValue = "id", split = ",",
            description = "Item tower features, some of id, text, categories, age (default: ${DEFAULT-VALUE}); age is"
                + " the item's age at the query time, its release year read from a trailing \"(1995)\" in the item"
                + " text (MovieLens titles), for retrieval; it needs a time column.")
    List<String> itemFeatures;

    @Option(names = "--threads", defaultValue = "1", description = "ND4J threads for training (default:"
            + " ${DEFAULT-VALUE}: on small matrices more threads cost more than they give).")
    int threads;

    @Option(names = "--json", description = "Print the results as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Set<String> features = new LinkedHashSet<>(itemFeatures);
        if (!Set.of("id", "text", "categories", "age").containsAll(features) || !features.contains("id")) {
            throw new UsageException("--item-features must include id and may add text, categories and age, found "
                    + itemFeatures);
        }
        if (epochs < 1 || rankingEpochs < 0 || patience < 0 || dim < 1 || batch < 1 || threads < 1
                || !(learningRate > 0)) {
            throw new UsageException("expected --epochs, --dim, --batch, --threads >= 1, --ranking-epochs and"
                    + " --patience >= 0, --learning-rate > 0");
        }
        Path modelFile = model != null ? model : out != null ? out.resolve("model.zip")
                : Path.of("target", "recsys-model.zip");
        Nd4jRuntime.threads(threads);
        Dataset dataset = data.load();
        Split parts = split.split(dataset);
        Examples train = parts.train().toExamples();
        Examples validation = parts.validation().toExamples();
        Examples test = parts.test().toExamples();
        Catalog catalog = dataset.items().toCatalog();
        LOG.info("{}: {} train, {} validation, {} test examples, {} candidate items ({}, {})", dataset.description(),
                train.size(), validation.size(), test.size(), catalog.size(), split.describe(), train.scale());
        boolean explicit = !train.scale().equals(RatingScale.IMPLICIT);

        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());
        IdEncoder itemIds = IdEncoder.builder().build().fit(train.movieIds());
        Discretizer time = dataset.timestamps() ? Discretizer.equalWidth(1000).fit(train.timestamps()) : null;
        if (features.contains("age") && time == null) {
            throw new UsageException("--item-features age needs the time of each interaction: give --time-col");
        }
        Set<String> rankingFeatures = new LinkedHashSet<>(features);
        rankingFeatures.remove("age"); // a rating model reads the tower's output only, not the age scores
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("data", dataset.description());
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("kind", split.kind.name().toLowerCase(Locale.ROOT));
        sizes.put("train", train.size());
        sizes.put("validation", validation.size());
        sizes.put("test", test.size());
        results.put("split", sizes);
        results.put("model", modelFile.toAbsolutePath().normalize().toString());
        PrintWriter err = spec.commandLine().getErr();
        try (UserTower users = userTower(userIds, time);
             MovieTower items = itemTower(itemIds, catalog, features, train);
             UserTower rankUsers = explicit && rankingEpochs > 0 ? userTower(userIds, time) : null;
             MovieTower rankItems = explicit && rankingEpochs > 0 ? itemTower(itemIds, catalog, rankingFeatures, train)
                     : null;
             RankingModel ranking = rankUsers == null ? null : RankingModel.builder(rankUsers, rankItems).build()) {
            RetrievalModel retrieval = RetrievalModel.builder(users, items, catalog).build();
            TrainingResult retrieved = fit("retrieval", retrieval, epochs, split.rankingMonitor(), train, validation,
                    split.validationEvaluator(parts), err);
            Report retrievalTest = split.testEvaluator(parts).ranking(retrieval, test);
            results.put("retrieval", outcome(retrieved, retrievalTest));
            Map<String, Double> metrics = new LinkedHashMap<>(retrievalTest.metrics());
            TrainingResult ranked = null;
            if (ranking != null) {
                ranked = fit("ranking", ranking, rankingEpochs, "rmse", train, validation, Evaluator.builder().build(),
                        err);
                Report rankingTest = Evaluator.builder().build().ratings(ranking, test);
                results.put("ranking", outcome(ranked, rankingTest));
                metrics.putAll(rankingTest.metrics());
            }
            Provenance provenance = Provenance.builder()
                    .seed(split.seed)
                    .trainingData(train)
                    .training("data", dataset.description())
                    .training("split", split.describe())
                    .training("retrieval", "user id" + (time != null ? " + time buckets" : "") + " / item "
                            + String.join(" + ", features) + ", dim " + dim + ", Adam " + learningRate + ", batch "
                            + batch + ", " + retrieved.bestEpoch() + " epochs chosen on validation")
                    .metrics(metrics)
                    .build();
            SavedModel.Builder saved = SavedModel.builder().retrieval(retrieval).ranking(ranking).provenance(provenance);
            if (dataset.userIds().isPresent()) {
                saved.ids(new OriginalIds(dataset.userIds().get(), dataset.itemIds().orElseThrow()));
            }
            saved.build().save(modelFile);
            LOG.info("saved the model to {}", modelFile.toAbsolutePath().normalize());
            if (out != null) {
                writeReport(out, results, retrieved, split.rankingMonitor(), ranked);
            }
        }
        print(results);
        return 0;
    }

    private UserTower userTower(IdEncoder userIds, Discretizer time) {
        UserTower.Builder b = UserTower.builder(userIds, dim).outputDim(dim).seed(split.seed);
        if (time != null) {
            b.timeBuckets(time, dim);
        }
        return b.build();
    }

    /** The item tower: id, and the item file's text (mean-pooled tokens), categories and age when asked for. */
    private MovieTower itemTower(IdEncoder itemIds, Catalog catalog, Set<String> features, Examples train) {
        MovieTower.Builder b = MovieTower.builder(itemIds, dim).catalog(catalog).outputDim(dim).seed(split.seed);
        if (features.contains("age")) {
            b.age(MovieAge.fit(train.timestamps(), MAX_AGE));
        }
        if (features.contains("text") || features.contains("categories")) {
            List<String> texts = new ArrayList<>();
            List<List<String>> categories = new ArrayList<>();
            for (int id : new LinkedHashSet<>(boxed(train.movieIds()))) {
                int row = catalog.rowOf(id);
                texts.add(catalog.titles().get(row));
                categories.add(catalog.genres().get(row));
            }
            if (features.contains("text")) {
                b.title(TitleVectorizer.builder().build().fit(texts), dim, Pooling.MEAN);
            }
            if (features.contains("categories")) {
                b.genres(GenreEncoder.builder().build().fit(categories), dim);
            }
        }
        return b.build();
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private TrainingResult fit(String name, Model model, int maxEpochs, String monitor, Examples train,
            Examples validation, Evaluator evaluator, PrintWriter err) {
        return Trainer.builder()
                .epochs(maxEpochs).earlyStopping(patience).batchSize(batch).seed(split.seed)
                .optimizer(() -> Adam.builder(learningRate).build())
                .evaluator(evaluator).monitor(monitor)
                .listener(Progress.of(log, err, name, monitor, maxEpochs))
                .build()
                .fit(model, train, validation);
    }

    private static Map<String, Object> outcome(TrainingResult result, Report test) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epochs", result.epochs());
        out.put("bestEpoch", result.bestEpoch());
        out.put("trainSeconds", Math.round(result.trainSeconds() * 100) / 100.0);
        out.put("validation", result.metrics());
        out.put("test", test);
        return out;
    }

    /** Learning curves and metrics.json in {@code dir}. */
    private void writeReport(Path dir, Map<String, Object> results, TrainingResult retrieved, String monitor,
            TrainingResult ranked) throws IOException {
        Files.createDirectories(dir);
        curve(dir.resolve("retrieval-curve.svg"), "retrieval: learning curve", monitor, retrieved);
        if (ranked != null) {
            curve(dir.resolve("ranking-curve.svg"), "ranking: learning curve", "rmse", ranked);
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("metrics.json").toFile(), results);
        LOG.info("wrote the learning curves and metrics.json to {}", dir.toAbsolutePath().normalize());
    }

    /** The validation metric and training loss per epoch, the best epoch marked. */
    static void curve(Path file, String title, String metric, TrainingResult result) throws IOException {
        List<EpochReport> history = result.history();
        double[] values = new double[history.size()];
        double[] loss = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            Double v = history.get(i).metrics().get(metric);
            values[i] = v == null ? Double.NaN : v;
            loss[i] = history.get(i).loss();
        }
        SvgChart.learningCurve(file, title, metric, values, loss, result.bestEpoch());
    }

    private void print(Map<String, Object> results) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(new ObjectMapper().writeValueAsString(results));
            stdout.flush();
            return;
        }
        for (String name : List.of("retrieval", "ranking")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> outcome = (Map<String, Object>) results.get(name);
            if (outcome == null) {
                continue;
            }
            stdout.printf(Locale.ROOT, "%s: %d epochs, the weights of epoch %d kept, %.1f s of training%ntest:%n%s%n%n",
                    name, (Integer) outcome.get("epochs"), (Integer) outcome.get("bestEpoch"),
                    (Double) outcome.get("trainSeconds"), outcome.get("test"));
        }
        stdout.println("saved the model to " + results.get("model"));
        stdout.flush();
    }
}
