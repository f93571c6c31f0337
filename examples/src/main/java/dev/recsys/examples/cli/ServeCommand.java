package dev.recsys.examples.cli;

import dev.recsys.examples.ServeFromDisk;
import dev.recsys.models.serve.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code recsys serve}: answers user ids read from stdin, one line each, as {@link ServeFromDisk} does. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a model on stdin and stdout: each input line is 'USER [EPOCH_SECONDS]', each answer"
            + " 'USER<TAB>known|unknown' followed by one '<TAB>item=score title' per recommendation, best first",
            "(score: the predicted rating, or the retrieval score without a ranking model). Blank lines are skipped;"
            + " a malformed line gets 'error<TAB>line N: ...'. Loaded frozen, without ND4J.",
            "Example:",
            "  printf '42%%n7 1537000000%%n' | recsys serve --model target/recsys-model.zip -k 3"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Recsys parent;

    @Mixin
    LogOptions log;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model file saved by train or"
            + " quickstart.")
    Path model;

    @Option(names = "-k", defaultValue = "10", description = "Items per answer (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--time", paramLabel = "TIME", description = "Time of lines without one: epoch seconds or"
            + " ISO-8601 (default: the end of the model's training data, else now).")
    String time;

    @Override
    public Integer call() throws IOException {
        if (k < 1) {
            throw new UsageException("-k must be at least 1, found " + k);
        }
        Long when = time == null ? null : RecommendCommand.epochSeconds(time);
        Recommender recommender = Recommender.load(model);
        LoggerFactory.getLogger(ServeCommand.class).info("serving {}: {} candidates; reading user ids from stdin",
                model, recommender.candidates().size());
        BufferedReader in = new BufferedReader(new InputStreamReader(parent.in, StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        ServeFromDisk.serve(in, out, spec.commandLine().getErr(), recommender, k,
                when != null ? when : ServeFromDisk.defaultTime(recommender));
        return 0;
    }
}
