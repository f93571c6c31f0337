package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnDataTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleTrainsOnStringIdsAndAnswersWithThem() throws IOException {
        Path data = dir.resolve("shop");
        SyntheticMovieLens.builder(3).users(40).movies(60).ratings(1500).build().writeImplicitCsv(data);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OwnData.main(new String[] {"--data", data.toString(), "--user", "u-2", "--epochs", "1", "--model",
                dir.resolve("model.zip").toString()});
        } finally {
            System.setOut(original);
        }

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(10).allMatch(line -> line.matches("sku-\\d+  .+ \\(\\d{4}\\)"));
    }
}
