package dev.recsys.models.serve;

import dev.recsys.core.topk.IndexChoice;
import dev.recsys.models.io.ModelLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a forked JVM by {@code ServingWithoutNd4jTest}, whose classpath has no ND4J or JavaCPP
 * jar: loads the model file given and prints {@link #answers} for it; with a third argument
 * {@code graph}, through the HNSW graph the file stores ({@link #GRAPH}).
 */
public final class ServeOnly {

    /** The graph for any catalogue, built by one thread: the same seed gives the same graph. */
    static final IndexChoice GRAPH = IndexChoice.builder().annThreshold(1).threads(1).searchBeamWidth(100).build();

    private ServeOnly() {
    }

    /** Loads {@code args[0]} and serves. */
    public static void main(String[] args) throws Exception {
        IndexChoice index = args.length > 2 && args[2].equals("graph") ? GRAPH : IndexChoice.defaults();
        System.out.print(answers(Recommender.load(Path.of(args[0]), ModelLimits.defaults(), index),
                Long.parseLong(args[1])));
    }

    /** Every serving call once: recommend, with exclusions, recommendAll, similar; one line each. */
    static String answers(Recommender recommender, long time) {
        StringBuilder out = new StringBuilder();
        for (int user = 0; user <= 31; user += 3) {
            out.append(recommender.recommend(user, time, 5)).append('\n');
        }
        out.append(recommender.recommend(Recommender.Request.builder(4, time).k(3).exclude(100, 101).build())).append('\n');
        List<List<Recommendation>> all = recommender.recommendAll(new int[] {1, 2, 3}, time, 4);
        all.forEach(answer -> out.append(answer).append('\n'));
        out.append(recommender.similar(recommender.candidates().id(0), 3)).append('\n');
        return out.toString();
    }
}
