package dev.recsys.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.examples.DataSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recsys explore}: a summary of a dataset, as text or JSON, with charts on request. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Summarize a dataset: counts, rating distribution, interactions per user and per item, time"
            + " span, categories (and, for MovieLens, the seed protocol filter's effect).",
            "Examples:",
            "  recsys explore --data ../shared/datasets/ml-latest-small --json | python3 -m json.tool",
            "  recsys explore --interactions clicks.csv --user-col customer --item-col sku \\",
            "      --out target/explore"})
final class ExploreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the text summary.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write summary.json and SVG charts (rating"
            + " histogram, interactions per item, per year) there.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Dataset dataset = data.load();
        Map<String, Object> summary = DataSummary.of(dataset.interactions(), dataset.items(), dataset.tags(),
                dataset.report(), dataset.timestamps(), dataset.movieLens());
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(mapper.writeValueAsString(summary));
        } else {
            stdout.println("summary of " + dataset.description());
            stdout.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        }
        stdout.flush();
        if (out != null) {
            Files.createDirectories(out);
            mapper.writerWithDefaultPrettyPrinter().writeValue(out.resolve("summary.json").toFile(), summary);
            List<Path> charts = DataSummary.writeCharts(dataset.interactions(), summary, out);
            LoggerFactory.getLogger(ExploreCommand.class).info("wrote summary.json and {} charts to {}", charts.size(),
                    out.toAbsolutePath().normalize());
        }
        return 0;
    }
}
