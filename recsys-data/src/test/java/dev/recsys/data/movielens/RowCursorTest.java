package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.internal.BadRow;
import dev.recsys.data.internal.RowCursor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RowCursorTest {
    private static final Set<Double> HALF = Set.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0);

    /** A cursor on a one-row file whose single field is {@code field}. */
    private static RowCursor field(String field) throws IOException {
        RowCursor rows = new DoubleColonRows(Path.of("test.dat"), new StringReader("x::" + field + "\n"));
        assertThat(rows.next()).isTrue();
        return rows;
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "7, 7", "00012, 12", "2147483647, 2147483647"})
    void parsesIds(String text, int expected) throws Exception {
        assertThat(field(text).id(1, "movie id")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1a", " 1", "1 ", "1.0", "\uFF11", "12345678901"})
    void rejectsNonNumericIds(String text) {
        assertThatThrownBy(() -> field(text).id(1, "movie id"))
                .isInstanceOf(BadRow.class)
                .hasMessage("bad movie id '" + text + "': expected a non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "9999999999"})
    void rejectsIdsBeyondInt(String text) {
        assertThatThrownBy(() -> field(text).id(1, "user id"))
                .hasMessage("bad user id '" + text + "': larger than 2147483647");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "978300760, 978300760", "-5, -5", "253402300799, 253402300799",
        "-62167219200, -62167219200", "000000000000000001, 1"})
    void parsesTimestamps(String text, long expected) throws Exception {
        assertThat(field(text).timestamp(1)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1.5", "1e9", "2001-01-01", "9999999999999999999"})
    void rejectsUnparseableTimestamps(String text) {
        assertThatThrownBy(() -> field(text).timestamp(1))
                .hasMessage("bad timestamp '" + text + "': expected whole seconds since 1970");
    }

    /** Years after 9999 (or before 0000) are damage, not data: 18 digits would reach the year 3e10. */
    @ParameterizedTest
    @ValueSource(strings = {"253402300800", "999999999999999999", "-62167219201", "-999999999999999999"})
    void rejectsTimestampsBeyondFourDigitYears(String text) {
        assertThatThrownBy(() -> field(text).timestamp(1))
                .hasMessage("timestamp " + Long.parseLong(text) + " outside the years 0000 to 9999"
                        + " (-62167219200 to 253402300799 seconds)");
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "5, 5", "5.0, 5", "2.50, 2.5", "4., 4", ".5, 0.5", "4.000000000000000000000, 4",
        "0000000000000000003.5, 3.5"})
    void parsesRatingSpellings(String text, float expected) throws Exception {
        assertThat(field(text).rating(1, RatingScale.HALF_STARS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", ".", "4..5", "3,5", "--1", "5e-1", "0x1p2", "4.0d", "4f", "+3.5", " 4", "4 ",
        "NaN", "Infinity", "-0.5", "\uFF14"})
    void rejectsRatingsThatAreNotPlainDecimals(String text) {
        assertThatThrownBy(() -> field(text).rating(1, RatingScale.HALF_STARS))
                .hasMessage("bad rating '" + text + "': expected a decimal number such as 4 or 3.5 on the half-star"
                        + " scale 0.5 to 5.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.2500001", "0", "5.5", "00.25"})
    void rejectsRatingsOffTheScale(String text) {
        assertThatThrownBy(() -> field(text).rating(1, RatingScale.HALF_STARS))
                .hasMessage("rating " + text + " outside the half-star scale 0.5 to 5.0");
    }

    @Property
    void aRatingIsAcceptedExactlyWhenItIsAPlainDecimalOnTheScale(@ForAll("ratingTexts") String text)
            throws Exception {
        // The JDK's parser is the reference for the value; the syntax is digits with at most one point.
        boolean plain = text.matches("[0-9]*\\.?[0-9]*") && text.matches(".*[0-9].*");
        RowCursor rows = field(text);
        if (plain && HALF.contains(Double.parseDouble(text))) {
            assertThat(rows.rating(1, RatingScale.HALF_STARS)).isEqualTo((float) Double.parseDouble(text));
        } else {
            assertThatThrownBy(() -> rows.rating(1, RatingScale.HALF_STARS)).isInstanceOf(BadRow.class);
        }
    }

    @Provide
    Arbitrary<String> ratingTexts() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 24).map(q -> String.valueOf(q / 4.0)),
                Arbitraries.integers().between(0, 6).map(String::valueOf),
                Arbitraries.doubles().between(-1, 7).ofScale(6).map(String::valueOf),
                Arbitraries.doubles().between(0, 1e-3).ofScale(9).map(String::valueOf)); // exponent spellings
    }
}
