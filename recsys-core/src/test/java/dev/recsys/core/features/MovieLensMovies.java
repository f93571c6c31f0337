package dev.recsys.core.features;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Titles and genre fields of ml-latest-small's movies.csv, for tests that check the encoders on
 * the real catalogue; skips the calling test when the data set is absent.
 */
record MovieLensMovies(List<String> titles, List<String> genres) {

    private static final Path MOVIES = Path.of("../../shared/datasets/ml-latest-small/movies.csv");

    /** Reads movies.csv: movieId,title,genres where only the title may be quoted. */
    static MovieLensMovies readOrSkip() {
        assumeTrue(Files.isRegularFile(MOVIES), "ml-latest-small not found at " + MOVIES.toAbsolutePath());
        List<String> lines;
        try {
            lines = Files.readAllLines(MOVIES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> titles = new ArrayList<>();
        List<String> genres = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            String title = line.substring(first + 1, last);
            if (title.startsWith("\"")) {
                title = title.substring(1, title.length() - 1).replace("\"\"", "\"");
            }
            titles.add(title);
            genres.add(line.substring(last + 1));
        }
        return new MovieLensMovies(titles, genres);
    }
}
