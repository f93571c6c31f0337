package dev.recsys.examples;

import dev.recsys.models.io.SavedModel;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small recommendation service: loads a saved model and answers one line of stdout per line
 * of stdin.
 *
 * <pre>
 * ServeFromDisk --model FILE [--k N] [--time EPOCH_SECONDS]
 * </pre>
 *
 * An input line is {@code USER_ID [EPOCH_SECONDS]} (the time defaults to {@code --time}, else
 * the latest training timestamp QuickStart records in the model's provenance, else the current
 * time). The answer is {@code USER_ID <tab> known|unknown <tab> id=rating,id=rating,...}, best first; an unknown user gets the out-of-vocabulary fallback. A malformed line is answered
 * with {@code error <tab> line N: ...} and the program goes on.
 */
public final class ServeFromDisk {

    private ServeFromDisk() {
    }

    /** Serves stdin until it ends. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "k", "time"), Set.of());
        Path file = Path.of(args.option("model").orElseThrow(
                () -> new IllegalArgumentException("missing --model FILE (a model saved by QuickStart)")));
        int k = Integer.parseInt(args.option("k").orElse("10"));
        Nd4j.getEnvironment().setMaxThreads(1);
        try (SavedModel model = SavedModel.load(file)) {
            String latest = model.provenance().training().get(ModelPipeline.LATEST_TIMESTAMP);
            long time = args.option("time").or(() -> java.util.Optional.ofNullable(latest)).map(Long::parseLong)
                    .orElseGet(() -> Instant.now().getEpochSecond());
            Recommender recommender = Recommender.of(model);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            serve(in, out, recommender, k, time);
        }
    }

    /** Answers every line of {@code in} on {@code out}, flushing after each. */
    static void serve(BufferedReader in, PrintWriter out, Recommender recommender, int k, long defaultTime)
            throws IOException {
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            out.println(answer(line, number, recommender, k, defaultTime));
            out.flush();
        }
    }

    static String answer(String line, int number, Recommender recommender, int k, long defaultTime) {
        String[] fields = line.trim().split("\\s+");
        int user;
        long time;
        try {
            if (fields.length > 2 || fields[0].isEmpty()) {
                throw new NumberFormatException();
            }
            user = Integer.parseInt(fields[0]);
            time = fields.length == 2 ? Long.parseLong(fields[1]) : defaultTime;
        } catch (NumberFormatException e) {
            return "error\tline " + number + ": expected USER_ID [EPOCH_SECONDS], found '" + line + "'";
        }
        List<Recommendation> top = recommender.recommend(Recommender.Request.builder(user, time).k(k).build());
        StringBuilder sb = new StringBuilder().append(user).append('\t')
                .append(recommender.knowsUser(user) ? "known" : "unknown").append('\t');
        for (int i = 0; i < top.size(); i++) {
            Recommendation r = top.get(i);
            sb.append(i == 0 ? "" : ",").append(r.movieId()).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", r.predictedRating()));
        }
        return sb.toString();
    }
}
