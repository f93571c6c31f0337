package dev.recsys.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class CsvOutputTest {

    /** Jackson's RFC 4180 parser, independent of the writer, must read back exactly what was written. */
    @Property(tries = 200)
    void fieldsSurviveARoundTripThroughAnIndependentParser(
            @ForAll @Size(max = 20) List<@StringLength(max = 12) @Chars({',', '"', '\r', '\n', ' ', '|', 'é'})
                    @CharRange(from = 'a', to = 'e') String> texts,
            @ForAll long number, @ForAll @IntRange(min = 1, max = 10) int halves) throws IOException {
        Path file = Files.createTempFile("csv-output", ".csv");
        try {
            try (CsvOutput out = new CsvOutput(file)) {
                for (String text : texts) {
                    out.number(number).text(text).halfStars(halves / 2f).endRow();
                }
            }
            List<String[]> rows = read(file);
            assertThat(rows).hasSize(texts.size());
            String stars = (halves / 2) + "." + (halves % 2 == 0 ? "0" : "5");
            for (int i = 0; i < texts.size(); i++) {
                assertThat(rows.get(i)).containsExactly(Long.toString(number), texts.get(i), stars);
            }
        } finally {
            Files.delete(file);
        }
    }

    private static List<String[]> read(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
