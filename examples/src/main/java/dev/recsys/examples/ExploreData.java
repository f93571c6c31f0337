package dev.recsys.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints an exploratory summary of a MovieLens folder: counts, rating distribution, ratings per
 * user and per movie, time span, genres, and the effect of the seed protocol's filter.
 *
 * <pre>
 * ExploreData [--data DIR] [--json] [--out DIR]
 *   --data DIR  a MovieLens folder of any layout (default: $RECSYS_DATA, else the download cache)
 *   --json      print one JSON object on stdout instead of the text summary (logs go to stderr)
 *   --out DIR   also write summary.json and SVG charts there: rating histogram, ratings per movie,
 *               ratings per year
 * </pre>
 */
public final class ExploreData {
    private static final Logger LOG = LoggerFactory.getLogger(ExploreData.class);
    private static final String USAGE = "usage: ExploreData [--data DIR] [--json] [--out DIR]";

    private ExploreData() {
    }

    /** Runs the program; exits with status 2 on bad arguments and 1 when the data cannot be read. */
    public static void main(String[] argv) {
        try {
            run(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("data", "out"), Set.of("json"));
        Path dir = DataLocation.resolve(args.option("data"));
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Map<String, Object> summary = DataSummary.of(data);
        ObjectMapper json = new ObjectMapper();
        if (args.flag("json")) {
            System.out.println(json.writeValueAsString(summary));
        } else {
            System.out.println("MovieLens summary of " + dir.toAbsolutePath().normalize());
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        }
        if (args.option("out").isPresent()) {
            Path out = Files.createDirectories(Path.of(args.option("out").get()));
            json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("summary.json").toFile(), summary);
            DataSummary.writeCharts(data.ratings(), summary, out);
            LOG.info("charts written to {}", out.toAbsolutePath().normalize());
        }
    }
}
