package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreDataTest {

    @TempDir
    Path dir;

    /** Runs the program with stdout captured. */
    private static String run(String... args) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ExploreData.run(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonSummaryOfASyntheticFolderMatchesTheGeneratedData() throws IOException {
        SyntheticMovieLens synthetic = SyntheticMovieLens.builder(3).users(40).movies(60).ratings(1500).build();
        Path data = dir.resolve("data");
        synthetic.writeCsv(data);
        MovieLensData expected = synthetic.generate();
        Interactions ratings = expected.ratings();

        JsonNode json = new ObjectMapper().readTree(run("--data", data.toString(), "--json", "--out", dir.resolve("out").toString()));

        assertThat(json.get("ratings").asInt()).isEqualTo(1500);
        assertThat(json.get("users").asInt()).isEqualTo(40);
        assertThat(json.get("movies").asInt()).isEqualTo(60);
        assertThat(json.get("ratedMovies").asLong()).isEqualTo(Arrays.stream(ratings.countsPerMovie()).filter(c -> c > 0).count());
        assertThat(json.get("tags").asInt()).isZero();
        long moviesAboveTwenty = Arrays.stream(ratings.countsPerMovie()).filter(c -> c > 20).count();
        assertThat(json.at("/seedFilter/minRatingsExclusive").asInt()).isEqualTo(20);
        assertThat(json.at("/seedFilter/movies").asLong()).isEqualTo(moviesAboveTwenty);
        long ratingsSum = 0;
        for (var it = json.get("ratingDistribution").elements(); it.hasNext();) {
            ratingsSum += it.next().asLong();
        }
        assertThat(ratingsSum).isEqualTo(1500);
        assertThat(dir.resolve("out")).isDirectoryContaining("glob:**/rating-histogram.svg")
                .isDirectoryContaining("glob:**/ratings-per-movie.svg")
                .isDirectoryContaining("glob:**/ratings-per-year.svg")
                .isDirectoryContaining("glob:**/summary.json");
        assertThat(Files.readString(dir.resolve("out/rating-histogram.svg"))).startsWith("<svg").endsWith("</svg>\n");
    }

    @Test
    void spreadUsesNearestRankPercentiles() {
        // sorted 1..10: median = 5th value (ceil(0.5*10) = 5), p90 = 9th value (ceil(0.9*10) = 9)
        assertThat(DataSummary.spread(new int[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}))
                .containsEntry("min", 1).containsEntry("median", 5).containsEntry("p90", 9).containsEntry("max", 10);
        // one value: every percentile is that value
        assertThat(DataSummary.spread(new int[] {7})).containsEntry("median", 7).containsEntry("p90", 7);
    }

    @Test
    void unknownArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> run("--bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> run("--data")).hasMessageContaining("--data needs a value");
    }
}
