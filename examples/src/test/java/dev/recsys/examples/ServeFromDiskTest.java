package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.models.serve.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServeFromDisk's line handling on a small untrained model saved to disk. */
class ServeFromDiskTest {

    @Test
    void oneAnswerPerLineWithTitlesFallbackErrorsAndBlankLinesSkipped(@TempDir Path dir) throws IOException {
        Recommender recommender = Recommender.load(TinyModel.save(dir.resolve("tiny.zip"), 1));
        String input = String.join("\n", "1", "999", "abc", "", "2 1550000000", "3 4 5", "   ", " 3 ");
        StringWriter output = new StringWriter();
        StringWriter warnings = new StringWriter();
        ServeFromDisk.serve(new BufferedReader(new StringReader(input)), new PrintWriter(output),
                new PrintWriter(warnings), recommender, 3, TinyModel.LAST);
        String[] lines = output.toString().split("\n");
        assertThat(lines).hasSize(6);
        String movie = "\\d0=\\d\\.\\d{3} [A-E] \\(199\\d\\)";
        assertThat(lines[0]).matches("1\tknown\t" + movie + "\t" + movie + "\t" + movie);
        assertThat(lines[1]).matches("999\tunknown(\t" + movie + "){3}");
        assertThat(lines[2]).isEqualTo("error\tline 3: expected USER_ID [EPOCH_SECONDS], found 'abc'");
        assertThat(lines[3]).startsWith("2\tknown\t");
        assertThat(lines[4]).isEqualTo("error\tline 6: expected USER_ID [EPOCH_SECONDS], found '3 4 5'");
        assertThat(lines[5]).startsWith("3\tknown\t");
        assertThat(warnings.toString()).isEmpty();
    }

    @Test
    void aTimeOutsideTheTrainingRangeIsReportedOnce(@TempDir Path dir) throws IOException {
        Recommender recommender = Recommender.load(TinyModel.save(dir.resolve("tiny.zip"), 1));
        assertThat(ServeFromDisk.defaultTime(recommender)).isEqualTo(TinyModel.LAST);
        String input = String.join("\n", "1 1550000000", "1 0", "2 4102444800", "3");
        StringWriter output = new StringWriter();
        StringWriter warnings = new StringWriter();
        ServeFromDisk.serve(new BufferedReader(new StringReader(input)), new PrintWriter(output),
                new PrintWriter(warnings), recommender, 2, TinyModel.LAST);
        assertThat(output.toString().split("\n")).hasSize(4);
        assertThat(warnings.toString().split("\n")).containsExactly("warning: line 2 asks for time 0 "
                + "(1970-01-01T00:00:00Z), outside the model's training range 2017-07-14T02:40:00Z .. "
                + "2020-09-13T12:26:40Z: its time features extrapolate (reported once)");
    }
}
