package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's code samples are compiled bodies of example programs, line for line. */
class ReadmeTourTest {

    @Test
    void theReadmeTourIsApiToursBody() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        int heading = readme.indexOf("## API tour");
        int open = indexFrom(readme, heading, "```java");
        int close = indexFrom(readme, open + 1, "```");
        List<String> tour = readme.subList(open + 1, close);

        List<String> source = Files.readAllLines(Path.of("src/main/java/dev/recsys/examples/ApiTour.java"));
        int start = indexFrom(source, 0, "        // tour:start");
        int end = indexFrom(source, start, "        // tour:end");
        List<String> body = source.subList(start + 1, end).stream()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip()).toList();

        assertThat(tour).as("README.md API tour vs ApiTour.java between tour:start and tour:end")
                .containsExactlyElementsOf(body);
    }

    @Test
    void theReadmeOwnDataExampleIsOwnDatasBody() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        int heading = readme.indexOf("## Use it from your project");
        int open = indexFrom(readme, indexFrom(readme, heading, "```xml") + 1, "```java");
        int close = indexFrom(readme, open + 1, "```");
        List<String> example = readme.subList(open + 1, close);

        List<String> source = Files.readAllLines(Path.of("src/main/java/dev/recsys/examples/OwnData.java"));
        int start = indexFrom(source, 0, "        // own:start");
        int end = indexFrom(source, start, "        // own:end");
        List<String> body = source.subList(start + 1, end).stream()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip()).toList();

        assertThat(example).as("README.md 'Use it from your project' vs OwnData.java between own:start and own:end")
                .containsExactlyElementsOf(body);
    }

    private static int indexFrom(List<String> lines, int from, String line) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + line + "' after line " + from);
    }
}
