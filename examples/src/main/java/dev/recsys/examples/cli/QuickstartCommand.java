package dev.recsys.examples.cli;

import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.examples.QuickStart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recsys quickstart}: the whole library in one run on MovieLens, as {@link QuickStart} does. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole library in one run: read MovieLens latest-small, keep movies with more than 20"
            + " ratings, split 54,000 / 6,000 / rest (seed 42), train a retrieval and a ranking model with early"
            + " stopping on validation, print the test metrics, save the model, load it back frozen and print the"
            + " top 10 for a user, the movies they rated left out.",
            "Example:",
            "  recsys quickstart --data ../shared/datasets/ml-latest-small"})
final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--data", paramLabel = "DIR", description = "A MovieLens latest-small folder (default: $"
            + DataOptions.ENV + ", else ml-latest-small, downloaded once into ~/.cache/recsys).")
    Path data;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "target/recsys-model.zip",
            description = "Where to save the model (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--user", paramLabel = "ID", defaultValue = "42", description = "The user to recommend for"
            + " (default: ${DEFAULT-VALUE}).")
    int user;

    @Option(names = "--epochs", defaultValue = "20", description = "Most retrieval epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--ranking-epochs", defaultValue = "20", description = "Most ranking epochs (default:"
            + " ${DEFAULT-VALUE}).")
    int rankingEpochs;

    @Option(names = "--threads", defaultValue = "1", description = "ND4J threads for training (default:"
            + " ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        if (epochs < 1 || rankingEpochs < 1 || threads < 1) {
            throw new UsageException("expected --epochs, --ranking-epochs and --threads of at least 1");
        }
        Nd4jRuntime.threads(threads);
        DataOptions where = new DataOptions();
        where.data = data;
        Path dir = where.movieLensFolder();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter notes = log.quiet ? new PrintWriter(Writer.nullWriter()) : err;   // the data and time lines
        QuickStart.run(dir, model.toAbsolutePath().normalize(), user, epochs, rankingEpochs,
                spec.commandLine().getOut(), notes, (name, metric, most) -> Progress.of(log, err, name, metric, most));
        return 0;
    }
}
