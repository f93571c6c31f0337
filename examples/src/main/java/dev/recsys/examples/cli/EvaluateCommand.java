package dev.recsys.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.data.split.Split;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.eval.Report;
import dev.recsys.models.io.OriginalIds;
import dev.recsys.models.io.SavedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recsys evaluate}: a saved model's metrics on the test part of the split {@code train}
 * made (same data and split options), or on every row of a held-out file ({@code --all}), through
 * the library's one evaluation path.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model: ranking metrics (factorized top-k, recall, NDCG, hit rate, MRR,"
            + " coverage) and, with a ranking model and explicit ratings, RMSE and MAE.",
            "By default on the test part of the split train made: give the same data and split options. With --all,"
            + " on every row of the data (a held-out file).",
            "Examples:",
            "  recsys evaluate --model target/run/model.zip --data ../shared/datasets/ml-latest-small",
            "  recsys evaluate --model target/run/model.zip --interactions next-week.csv \\",
            "      --user-col customer --item-col sku --all --json"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model file saved by train or"
            + " quickstart.")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOptions split;

    @Option(names = "--all", description = "Evaluate every row of the data instead of the split's test part.")
    boolean all;

    @Option(names = "--threads", defaultValue = "1", description = "ND4J threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print the metrics as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1, found " + threads);
        }
        Nd4jRuntime.threads(threads);
        try (SavedModel saved = SavedModel.load(model)) {
            OriginalIds ids = saved.ids().orElse(null);
            requireMatchingData(ids != null, data);
            Dataset dataset = data.load(ids);
            Examples test;
            Evaluator evaluator;
            if (all) {
                test = SplitOptions.usable(dataset).toExamples();
                evaluator = Evaluator.builder().build();
            } else {
                Split parts = split.split(dataset);
                test = parts.test().toExamples();
                evaluator = split.testEvaluator(parts);
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("model", model.toAbsolutePath().normalize().toString());
            results.put("data", dataset.description());
            results.put("rows", test.size());
            if (saved.retrieval().isPresent()) {
                results.put("retrieval", evaluator.ranking(saved.retrieval().get(), test));
            }
            if (saved.ranking().isPresent() && !test.scale().equals(RatingScale.IMPLICIT)) {
                results.put("ranking", Evaluator.builder().build().ratings(saved.ranking().get(), test));
            }
            print(results);
        }
        return 0;
    }

    /** A model on string ids reads your own files; a model on int ids, MovieLens. */
    static void requireMatchingData(boolean modelHasIds, DataOptions data) {
        if (modelHasIds && !data.ownFiles()) {
            throw new UsageException("this model was trained on your own files (it has original ids): give"
                    + " --interactions");
        }
        if (!modelHasIds && data.ownFiles()) {
            throw new UsageException("this model was trained on int ids (MovieLens): give --data, not --interactions");
        }
    }

    private void print(Map<String, Object> results) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(new ObjectMapper().writeValueAsString(results));
        } else {
            stdout.println("model " + results.get("model") + " on " + results.get("rows") + " rows of "
                    + results.get("data"));
            for (String name : new String[] {"retrieval", "ranking"}) {
                if (results.containsKey(name)) {
                    stdout.println(name + ":");
                    stdout.println((Report) results.get(name));
                }
            }
        }
        stdout.flush();
    }
}
