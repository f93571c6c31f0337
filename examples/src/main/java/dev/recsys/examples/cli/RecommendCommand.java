package dev.recsys.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.data.Interactions;
import dev.recsys.examples.QuickStart;
import dev.recsys.examples.ServeFromDisk;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recsys recommend}: the top k items for some users from a model file, served the way a
 * service would (frozen, plain Java, no ND4J), with the original ids of a model trained on string
 * ids.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend items for users with a saved model (loaded frozen, without ND4J). Ids are the"
            + " original ones: the strings of your files for a model trained on them.",
            "With data (--data or --interactions), each user's items in it are left out.",
            "Examples:",
            "  recsys recommend --model target/recsys-model.zip --user 42 --user 7 -k 5",
            "  recsys recommend --model target/run/model.zip --user u-8812 --json \\",
            "      --interactions clicks.csv --user-col customer --item-col sku"})
final class RecommendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model file saved by train or"
            + " quickstart.")
    Path model;

    @Option(names = "--user", paramLabel = "ID", required = true, description = "A user id (repeatable); an unknown"
            + " user gets the recommendations of a generic user.")
    List<String> users;

    @Option(names = "-k", defaultValue = "10", description = "Items per user (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--time", paramLabel = "TIME", description = "The moment of the request: epoch seconds or ISO-8601"
            + " (default: the end of the model's training data, else now).")
    String time;

    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print the recommendations as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (k < 1) {
            throw new UsageException("-k must be at least 1, found " + k);
        }
        long when = time != null ? epochSeconds(time) : 0;
        Recommender recommender = Recommender.load(model);
        if (time == null) {
            when = ServeFromDisk.defaultTime(recommender);
        }
        // Data without times trains a model where every moment is 0: no time to print then.
        boolean timed = time != null || recommender.trainingTimeRange().map(Provenance.TimeRange::hasTimes)
                .orElse(true);
        Map<Integer, int[]> seen = new HashMap<>();
        if (data.given()) {
            EvaluateCommand.requireMatchingData(recommender.originalIds().isPresent(), data);
            seen = seenItems(data.load(recommender.originalIds().orElse(null)).interactions());
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        PrintWriter stdout = spec.commandLine().getOut();
        for (String user : users) {
            int userId;
            try {
                userId = recommender.userIdOf(user);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            int[] excluded = seen.getOrDefault(userId, new int[0]);
            List<Recommendation> top = recommender.recommend(Recommender.Request.builder(userId, when).k(k)
                    .exclude(excluded).build());
            boolean known = recommender.knowsUser(userId);
            if (json) {
                answers.add(answer(user, known, excluded.length, top));
            } else {
                stdout.printf("user %s (%s, %d items left out)%s:%n%s%n", user, known ? "known"
                        : "unknown: out-of-vocabulary fallback", excluded.length,
                        timed ? " at " + Instant.ofEpochSecond(when) : "", QuickStart.format(top));
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model.toAbsolutePath().normalize().toString());
            out.put("time", timed ? Instant.ofEpochSecond(when).toString() : null);
            out.put("users", answers);
            stdout.println(new ObjectMapper().writeValueAsString(out));
        }
        stdout.flush();
        return 0;
    }

    private static Map<String, Object> answer(String user, boolean known, int excluded, List<Recommendation> top) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("known", known);
        out.put("excluded", excluded);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Recommendation r : top) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item", r.itemId());
            item.put("title", r.title());
            item.put("retrievalScore", r.retrievalScore());
            if (!Double.isNaN(r.predictedRating())) {
                item.put("predictedRating", r.predictedRating());
            }
            items.add(item);
        }
        out.put("items", items);
        return out;
    }

    /** Each user's items in the data, by the model's user id. */
    private static Map<Integer, int[]> seenItems(Interactions rows) {
        Map<Integer, List<Integer>> lists = new HashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            int item = rows.movieIndex(row);
            if (item >= 0) {
                lists.computeIfAbsent(rows.userId(row), u -> new ArrayList<>()).add(rows.movies().id(item));
            }
        }
        Map<Integer, int[]> out = new HashMap<>();
        lists.forEach((user, items) -> out.put(user, items.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * Epoch seconds of "1529784000", "2018-06-23T20:00:00Z" or "2018-06-23".
     *
     * @throws UsageException for anything else
     */
    static long epochSeconds(String text) {
        try {
            if (text.matches("-?\\d{1,18}")) {
                return Long.parseLong(text);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new UsageException("bad time '" + text + "': expected epoch seconds or ISO-8601 such as"
                    + " 2018-06-23T20:00:00Z");
        }
    }
}
