package dev.recsys.data.delimited;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Examples;
import dev.recsys.core.data.IdDictionary;
import dev.recsys.core.data.RatingScale;
import dev.recsys.data.InteractionData;
import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.Movies;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelimitedReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void stringIdsMapToDenseIntsInOrderOfFirstAppearanceAndBack() throws IOException {
        Path clicks = write("clicks.csv", """
                customer,sku,ts
                u-8812,SKU-19-B,1529784000
                u-0001,SKU-7,1529784001
                u-8812,SKU-7,1529784002
                42,SKU-19-B,1529784003
                """);

        InteractionData data = DelimitedReader.builder("customer", "sku").timestamp("ts").build().read(clicks);

        Interactions rows = data.interactions();
        assertThat(rows.size()).isEqualTo(4);
        assertThat(data.userIds().ids()).containsExactly("u-8812", "u-0001", "42");
        assertThat(data.itemIds().ids()).containsExactly("SKU-19-B", "SKU-7");
        // dense ids: u-8812 -> 0, u-0001 -> 1, 42 -> 2 (the string "42", not the number); SKU-19-B -> 0, SKU-7 -> 1
        assertThat(new int[] {rows.userId(0), rows.userId(1), rows.userId(2), rows.userId(3)})
                .containsExactly(0, 1, 0, 2);
        assertThat(new int[] {rows.movieIndex(0), rows.movieIndex(1), rows.movieIndex(2), rows.movieIndex(3)})
                .containsExactly(0, 1, 1, 0);
        assertThat(data.userId(3)).isEqualTo("42");
        assertThat(data.itemId(2)).isEqualTo("SKU-7");
        // without an item file the catalogue is the items seen, titled by their ids
        assertThat(data.items().size()).isEqualTo(2);
        assertThat(data.items().title(0)).isEqualTo("SKU-19-B");
        assertThat(data.items().genres(0)).isEmpty();
        assertThat(data.timestamps()).isTrue();
        assertThat(rows.timestamp(3)).isEqualTo(1_529_784_003L);
    }

    @Test
    void withoutARatingColumnFeedbackIsImplicitAndTrainsAsExamples() throws IOException {
        Path clicks = write("clicks.csv", "user,item\nann,a\nbob,b\n");

        InteractionData data = DelimitedReader.builder("user", "item").build().read(clicks);

        assertThat(data.interactions().scale()).isEqualTo(RatingScale.IMPLICIT);
        assertThat(data.interactions().ratings()).containsExactly(1f, 1f);
        // no timestamp column: every row at 0
        assertThat(data.timestamps()).isFalse();
        assertThat(data.interactions().timestamps()).containsExactly(0L, 0L);
        Examples examples = data.interactions().toExamples();
        assertThat(examples.scale()).isEqualTo(RatingScale.IMPLICIT);
        assertThat(examples.userIds()).containsExactly(0, 1);
        assertThat(examples.movieIds()).containsExactly(0, 1);
    }

    @Test
    void aRatingColumnIsReadOnItsScaleAndAnEmptyRatingIsMissing() throws IOException {
        Path ratings = write("ratings.csv", "user,item,stars\nann,a,7\nann,b,\nbob,a,10\n");

        InteractionData data = DelimitedReader.builder("user", "item").rating("stars")
                .ratingScale(RatingScale.of(1, 10, 1)).build().read(ratings);

        assertThat(data.interactions().scale()).isEqualTo(RatingScale.of(1, 10, 1));
        assertThat(data.interactions().ratings()).containsExactly(7f, Float.NaN, 10f);
    }

    @Test
    void quotedFieldsHoldSeparatorsQuotesAndLineBreaksAndSpacesAroundUnquotedFieldsAreTrimmed() throws IOException {
        Path items = write("items.csv", """
                id,name,tags
                "SKU,1","Lamp, ""Nordic"" edition",home | light
                SKU-2,"Two
                lines",
                """);
        Path clicks = write("clicks.csv", """
                user , item
                " u 1 " , "SKU,1"
                u2,SKU-2
                """);

        InteractionData data = DelimitedReader.builder("user", "item").itemId("id").itemText("name")
                .itemCategories("tags", '|').build().read(clicks, items);

        Movies catalogue = data.items();
        assertThat(data.itemIds().ids()).containsExactly("SKU,1", "SKU-2");
        assertThat(catalogue.title(0)).isEqualTo("Lamp, \"Nordic\" edition");
        assertThat(catalogue.genres(0)).containsExactly("home", "light");
        assertThat(catalogue.title(1)).isEqualTo("Two\nlines");
        assertThat(catalogue.genres(1)).isEmpty();
        // the header's " item" is trimmed to "item"; inside quotes the spaces are data
        assertThat(data.userIds().ids()).containsExactly(" u 1 ", "u2");
        assertThat(data.itemId(0)).isEqualTo("SKU,1");
    }

    @Test
    void aQuotedLineBreakKeepsTheLineNumbersOfLaterRowsRight() throws IOException {
        Path items = write("items.csv", "id,name\nA,\"one\ntwo\nthree\"\nB\n");
        Path clicks = write("clicks.csv", "user,item\nu,A\n");

        // row "B" has 1 field; it starts on line 5 (header 1, "A" spans lines 2 to 4)
        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").itemId("id").itemText("name").build()
                .read(clicks, items)).isInstanceOf(MalformedInputException.class)
                .hasMessage(items + ":5: expected 2 fields, found 1");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        // 2018-06-23T20:00:00Z is 1,529,784,000 s: 17,705 days (48 years with 12 leap days) * 86,400 + 20 h * 3,600
        "1529784000, EPOCH_SECONDS, 1529784000",
        "-86400, EPOCH_SECONDS, -86400",
        "1529784000999, EPOCH_MILLIS, 1529784000",
        "-1, EPOCH_MILLIS, -1",                                   // -1 ms rounds down to -1 s
        "2018-06-23T20:00:00Z, ISO_8601, 1529784000",
        "2018-06-23T22:00:00+02:00, ISO_8601, 1529784000",        // same instant, two hours east
        "2018-06-23T20:00:00.75Z, ISO_8601, 1529784000",           // fractions round down
        "2018-06-23T20:00:00, ISO_8601, 1529784000",               // no zone: UTC
        "2018-06-23 20:00:00, ISO_8601, 1529784000",               // space for T
        "2018-06-23, ISO_8601, 1529712000",                        // midnight UTC: 20 h earlier
        "1529784000, AUTO, 1529784000",                            // 10 digits: seconds
        "1529784000000, AUTO, 1529784000",                         // 13 digits (>= 1e11): milliseconds
        "99999999999, AUTO, 99999999999",                          // just below 1e11: still seconds (5138-11-16)
        "2018-06-23T20:00:00Z, AUTO, 1529784000",
        "2018-06-23, AUTO, 1529712000",
    })
    void timestampsAreEpochSecondsMillisOrIso(String field, TimeFormat format, long seconds) throws IOException {
        Path clicks = write("clicks.tsv", "user\titem\ttime\nu\ti\t" + field + "\n");

        InteractionData data = DelimitedReader.builder("user", "item").timestamp("time").timeFormat(format).build()
                .read(clicks);

        assertThat(data.interactions().timestamp(0)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiterString = ";", value = {
        "yesterday; AUTO; bad timestamp 'yesterday': expected ISO-8601 such as 2018-06-23T20:00:00Z",
        "2018-13-01; ISO_8601; bad timestamp '2018-13-01': expected ISO-8601",
        "1.5e9; EPOCH_SECONDS; bad timestamp '1.5e9': expected whole seconds since 1970",
        "; EPOCH_MILLIS; bad timestamp '': expected whole milliseconds since 1970",
        "999999999999999999; EPOCH_SECONDS; timestamp 999999999999999999 outside the years 0000 to 9999",
        "+10000-01-01T00:00:00Z; ISO_8601; timestamp 253402300800 outside the years 0000 to 9999",
    })
    void aBadTimestampNamesFileAndLine(String field, TimeFormat format, String problem) throws IOException {
        String good = format == TimeFormat.ISO_8601 ? "2018-06-23" : "1";
        Path clicks = write("clicks.csv", "user,item,time\nu,i," + good + "\nu,j," + (field == null ? "" : field) + "\n");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").timestamp("time").timeFormat(format).build()
                .read(clicks)).isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith(clicks + ":3: " + problem);
    }

    @Test
    void malformedRowsFailStrictReadsWithFileAndLineAndAreCountedUnderLenient() throws IOException {
        Path clicks = write("clicks.csv", """
                user,item,rating
                ann,a,4.5
                ann,b
                ,c,3
                bob,a,6
                bob,b,2.5
                """);
        DelimitedReader.Builder reader = DelimitedReader.builder("user", "item").rating("rating");

        assertThatThrownBy(() -> reader.build().read(clicks)).isInstanceOf(MalformedInputException.class)
                .hasMessage(clicks + ":3: expected 3 fields, found 2")
                .satisfies(e -> assertThat(((MalformedInputException) e).line()).isEqualTo(3));

        InteractionData lenient = reader.policy(MalformedRowPolicy.LENIENT).build().read(clicks);
        // lines 3 (2 fields), 4 (empty user id) and 5 (6 is off the half-star scale) are skipped
        assertThat(lenient.interactions().size()).isEqualTo(2);
        assertThat(lenient.report().skippedRows()).isEqualTo(Map.of("clicks.csv", 3L));
        // a skipped row adds no id: "bob" was first seen on line 6, "c" never
        assertThat(lenient.userIds().ids()).containsExactly("ann", "bob");
        assertThat(lenient.itemIds().ids()).containsExactly("a", "b");
    }

    @Test
    void eachKindOfBadRowNamesWhatIsWrong() throws IOException {
        DelimitedReader reader = DelimitedReader.builder("user", "item").rating("r").build();
        assertThatThrownBy(() -> reader.read(write("a.csv", "user,item,r\n,i,1\n")))
                .hasMessageEndingWith("a.csv:2: empty user id");
        assertThatThrownBy(() -> reader.read(write("b.csv", "user,item,r\nu,\"\",1\n")))
                .hasMessageEndingWith("b.csv:2: empty item id");
        assertThatThrownBy(() -> reader.read(write("c.csv", "user,item,r\nu,i,5.5\n")))
                .hasMessageEndingWith("c.csv:2: rating 5.5 outside the half-star scale 0.5 to 5.0");
        assertThatThrownBy(() -> reader.read(write("d.csv", "user,item,r\nu,i,four\n")))
                .hasMessageStartingWith(dir.resolve("d.csv") + ":2: bad rating 'four'");
        assertThatThrownBy(() -> reader.read(write("e.csv", "user,item,r\nu,i,1,extra\n")))
                .hasMessageEndingWith("e.csv:2: expected 3 fields, found 4");
    }

    @Test
    void itemsMissingFromTheItemFileAreKeptWithIndexMinusOneAndCounted() throws IOException {
        Path items = write("items.csv", "item,title\na,Apple\nb,Banana\n");
        Path clicks = write("clicks.csv", "user,item\nu,b\nu,zzz\nv,a\n");

        InteractionData data = DelimitedReader.builder("user", "item").itemText("title").build().read(clicks, items);

        assertThat(data.itemIds().ids()).containsExactly("a", "b");
        assertThat(data.items().title(1)).isEqualTo("Banana");
        assertThat(data.interactions().movieIndex(0)).isEqualTo(1);
        assertThat(data.interactions().movieIndex(1)).isEqualTo(-1);
        assertThat(data.itemId(1)).isNull();
        assertThat(data.report().unmatchedMovieRatings()).isEqualTo(1);
    }

    @Test
    void aDuplicateItemIdInTheItemFileIsAMalformedRow() throws IOException {
        Path items = write("items.csv", "item\na\nb\na\n");
        Path clicks = write("clicks.csv", "user,item\nu,a\n");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").build().read(clicks, items))
                .hasMessage(items + ":4: duplicate item id 'a'");
        InteractionData lenient = DelimitedReader.builder("user", "item").policy(MalformedRowPolicy.LENIENT).build()
                .read(clicks, items);
        assertThat(lenient.itemIds().ids()).containsExactly("a", "b");
        assertThat(lenient.report().skippedRows()).isEqualTo(Map.of("items.csv", 1L));
    }

    @Test
    void withoutAHeaderColumnsArePositionsAndRowsNeedEnoughFields() throws IOException {
        Path clicks = write("clicks.tsv", "1529784000\tu1\tx\n1529784001\tu2\ty\textra\n\n1529784002\tu3\n");
        DelimitedReader.Builder reader = DelimitedReader.builder("1", "2").timestamp("0").header(false);

        assertThatThrownBy(() -> reader.build().read(clicks))
                .hasMessage(clicks + ":4: expected at least 3 fields, found 2");
        InteractionData data = reader.policy(MalformedRowPolicy.LENIENT).build().read(clicks);
        // a row may have more fields than the columns need; the blank line 3 is not a row
        assertThat(data.userIds().ids()).containsExactly("u1", "u2");
        assertThat(data.interactions().timestamps()).containsExactly(1_529_784_000L, 1_529_784_001L);
    }

    @Test
    void aHeaderNameWinsOverAPositionAndAPositionServesWhenTheHeaderLacksTheName() throws IOException {
        Path clicks = write("clicks.csv", "1,0\nitem-x,user-y\n");

        InteractionData byName = DelimitedReader.builder("0", "1").build().read(clicks);
        InteractionData byPosition = DelimitedReader.builder("user_id", "1").header(true).build()
                .read(write("other.csv", "user_id,x\nuser-y,item-x\n"));

        // columns named "0" and "1" exist: "0" is the second column, "1" the first
        assertThat(byName.userIds().ids()).containsExactly("user-y");
        assertThat(byName.itemIds().ids()).containsExactly("item-x");
        assertThat(byPosition.itemIds().ids()).containsExactly("item-x");
    }

    @Test
    void aColumnMissingFromTheHeaderIsFatalUnderEitherPolicy() throws IOException {
        Path clicks = write("clicks.csv", "user,product\nu,p\n");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").policy(MalformedRowPolicy.LENIENT).build()
                .read(clicks)).isInstanceOf(MalformedInputException.class)
                .hasMessage(clicks + ":1: no column 'item' in the header user,product (expected the columns user, item)");
    }

    @Test
    void anUnclosedQuoteIsFatalUnderEitherPolicy() throws IOException {
        Path clicks = write("clicks.csv", "user,item\nu,\"open\nv,w\n");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").policy(MalformedRowPolicy.LENIENT).build()
                .read(clicks)).isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith(clicks + ":2: unreadable CSV");
    }

    @Test
    void anEmptyFileWithAHeaderIsFatalAndWithoutAHeaderHasNoRows() throws IOException {
        Path empty = write("empty.csv", "");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").build().read(empty))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage(empty + ":1: empty file: expected a header row naming the columns user, item");
        InteractionData none = DelimitedReader.builder("0", "1").header(false).build().read(empty);
        assertThat(none.interactions().size()).isZero();
        assertThat(none.items().size()).isZero();
        // a header alone is no error either: no rows
        assertThat(DelimitedReader.builder("user", "item").build().read(write("header.csv", "user,item\n"))
                .interactions().size()).isZero();
    }

    @Test
    void anEmptyItemFileIsFatalWithAHeader() throws IOException {
        Path items = write("items.csv", "");
        Path clicks = write("clicks.csv", "user,item\nu,a\n");

        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").itemText("title").build().read(clicks, items))
                .hasMessage(items + ":1: empty file: expected a header row naming the columns item, title");
    }

    @Test
    void theBuilderRejectsNamesWithoutAHeaderAndAQuoteAsSeparator() {
        assertThatThrownBy(() -> DelimitedReader.builder("user", "1").header(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'user' is a name, but the files have no header: give its 0-based position,"
                        + " such as \"0\"");
        assertThatThrownBy(() -> DelimitedReader.builder("", "1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty string");
        assertThatThrownBy(() -> DelimitedReader.builder("a", "b").separator('"').build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quote");
    }

    @Test
    void knownIdsKeepTheirIntsAndNewOnesComeAfter() throws IOException {
        Path heldOut = write("held-out.csv", "user,item\nnew-user,b\nu1,new-item\n");
        IdDictionary users = IdDictionary.of(List.of("u0", "u1"));
        IdDictionary items = IdDictionary.of(List.of("a", "b"));

        InteractionData data = DelimitedReader.builder("user", "item").knownIds(users, items).build().read(heldOut);

        // the model's ints: u1 -> 1, b -> 1; new ids after them: new-user -> 2, new-item -> 2
        assertThat(data.interactions().userId(0)).isEqualTo(2);
        assertThat(data.interactions().userId(1)).isEqualTo(1);
        assertThat(data.interactions().movieIndex(0)).isEqualTo(1);
        assertThat(data.interactions().movieIndex(1)).isEqualTo(2);
        assertThat(data.itemIds().ids()).containsExactly("a", "b", "new-item");
        assertThat(data.items().size()).isEqualTo(3);
        assertThatThrownBy(() -> DelimitedReader.builder("user", "item").knownIds(users, items).build()
                .read(heldOut, write("items.csv", "item\na\n"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSyntheticImplicitDatasetReadsBackWithItsStringIds() throws IOException {
        SyntheticMovieLens generator = SyntheticMovieLens.builder(7).users(30).movies(80).ratings(900).build();
        generator.writeImplicitCsv(dir);

        InteractionData data = DelimitedReader.builder("user", "item").timestamp("time").itemText("title")
                .itemCategories("categories", '|').build().read(dir.resolve("interactions.csv"),
                        dir.resolve("items.csv"));

        // one interaction per generated rating of 3.5 stars or more, same user, movie and time
        Interactions ratings = generator.generate().ratings();
        int liked = 0;
        for (int row = 0; row < ratings.size(); row++) {
            if (ratings.rating(row) >= SyntheticMovieLens.LIKED) {
                assertThat(data.userId(liked)).isEqualTo("u-" + ratings.userId(row));
                assertThat(data.itemId(liked)).isEqualTo("sku-" + ratings.movies().id(ratings.movieIndex(row)));
                assertThat(data.interactions().timestamp(liked)).isEqualTo(ratings.timestamp(row));
                liked++;
            }
        }
        assertThat(data.interactions().size()).isEqualTo(liked).isPositive();
        assertThat(data.items().size()).isEqualTo(80);
        assertThat(data.items().title(0)).isEqualTo(ratings.movies().title(0));
        assertThat(data.items().genres(0)).isEqualTo(ratings.movies().genres(0));
        assertThat(data.interactions().scale()).isEqualTo(RatingScale.IMPLICIT);
        assertThat(data.report().totalSkipped()).isZero();
        assertThat(data.report().unmatchedMovieRatings()).isZero();
    }
}
