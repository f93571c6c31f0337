package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.internal.RowCursor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DoubleColonRowsTest {

    /** Every row read back: its line number, then its fields. */
    private static List<List<String>> readAll(String text) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (RowCursor cursor = new DoubleColonRows(Path.of("t.dat"), new StringReader(text))) {
            while (cursor.next()) {
                List<String> row = new ArrayList<>();
                row.add(Long.toString(cursor.line()));
                for (int i = 0; i < cursor.fieldCount(); i++) {
                    row.add(cursor.text(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Property
    void splitsWhatJoiningBuilt(@ForAll("rows") List<List<String>> rows,
            @ForAll boolean crlf, @ForAll boolean finalNewline, @ForAll @Size(max = 12) List<Boolean> blankBefore)
            throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder();
        List<List<String>> expected = new ArrayList<>();
        int line = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (r < blankBefore.size() && blankBefore.get(r)) {
                text.append(eol);
                line++;
            }
            String joined = String.join("::", rows.get(r));
            text.append(joined).append(r < rows.size() - 1 || finalNewline ? eol : "");
            line++;
            if (!joined.isEmpty()) { // a row of one empty field is a blank line, not a row
                List<String> row = new ArrayList<>();
                row.add(Integer.toString(line));
                row.addAll(rows.get(r));
                expected.add(row);
            }
        }
        assertThat(readAll(text.toString())).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<List<String>>> rows() {
        return field().list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(12);
    }

    /** Fields without line breaks, never holding "::" nor starting or ending with ':' (which would be ambiguous). */
    @Provide
    Arbitrary<String> field() {
        return Arbitraries.strings().withChars("ab1 :é|,\"'\t").ofMaxLength(8)
                .filter(s -> !s.contains("::") && !s.startsWith(":") && !s.endsWith(":"));
    }

    @Test
    void rowsLongerAndMoreNumerousThanTheBuffer() throws IOException {
        String longTitle = "x".repeat(200_000);
        StringBuilder text = new StringBuilder();
        int rows = 20_000; // about 400 KB, several 64 KB buffer fills
        for (int i = 1; i <= rows; i++) {
            text.append(i).append("::").append(i == 777 ? longTitle : "Title " + i).append("::Drama\n");
        }

        List<List<String>> read = readAll(text.toString());

        assertThat(read).hasSize(rows);
        for (int i = 1; i <= rows; i++) {
            assertThat(read.get(i - 1)).containsExactly(Integer.toString(i), Integer.toString(i),
                    i == 777 ? longTitle : "Title " + i, "Drama");
        }
    }

    @Test
    void crAloneInsideALineIsKept() throws IOException {
        assertThat(readAll("1::a\rb::c\r\n")).containsExactly(List.of("1", "1", "a\rb", "c"));
    }
}
