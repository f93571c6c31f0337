package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IdEncoderTest {

    private static final IdEncoder DEFAULT = IdEncoder.builder().build();

    @Test
    void encodingBeforeFittingSaysWhatToCall() {
        assertThat(DEFAULT.isFitted()).isFalse();
        assertThatThrownBy(() -> DEFAULT.encode(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IdEncoder is not fitted")
                .hasMessageContaining("fit(");
        assertThatThrownBy(() -> DEFAULT.encode("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DEFAULT.encode(new int[] {1})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(DEFAULT::size).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(DEFAULT::vocabulary).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oovBucketsFirstThenVocabularyByFrequencyTiesByAscendingId() {
        // counts: 5 -> 3, 3 -> 2, 9 -> 2, 1 -> 1; ties (3, 9) in ascending order.
        IdEncoder encoder = IdEncoder.builder().oovBuckets(2).build().fit(new int[] {9, 5, 3, 5, 1, 3, 9, 5});
        assertThat(encoder.vocabulary()).containsExactly("5", "3", "9", "1");
        assertThat(encoder.size()).isEqualTo(6);
        assertThat(encoder.encode(new int[] {5, 3, 9, 1})).containsExactly(2, 3, 4, 5);
    }

    @Test
    void integerIdsTieNumericallyNotAsText() {
        IdEncoder encoder = DEFAULT.fit(new int[] {100, 10, 9, -3});
        assertThat(encoder.vocabulary()).containsExactly("-3", "9", "10", "100");
    }

    @Test
    void stringIdsTieLexicographicallyAfterIntegerIds() {
        IdEncoder encoder = DEFAULT.fit(List.of("x", "b", "10", "9", "x", "a", "010"));
        // "x" occurs twice; the rest once: decimal ints 9 < 10 first, then "010" < "a" < "b".
        assertThat(encoder.vocabulary()).containsExactly("x", "9", "10", "010", "a", "b");
    }

    @Test
    void intAndStringFormsOfTheSameIdsGiveEqualEncoders() {
        int[] ids = {7, 3, 7, -12, 40, 3, 7};
        IdEncoder fromInts = DEFAULT.fit(ids);
        IdEncoder fromStrings = DEFAULT.fit(Arrays.stream(ids).mapToObj(String::valueOf).toList());
        assertThat(fromInts).isEqualTo(fromStrings).hasSameHashCodeAs(fromStrings);
        for (int id : new int[] {7, 3, -12, 40, 41, -1}) {
            assertThat(fromInts.encode(id)).isEqualTo(fromInts.encode(String.valueOf(id)));
        }
    }

    @Test
    void maxSizeKeepsTheMostFrequentAndMinFrequencyDropsRareIds() {
        int[] ids = {1, 1, 1, 2, 2, 3, 3, 4};
        assertThat(IdEncoder.builder().maxSize(2).build().fit(ids).vocabulary()).containsExactly("1", "2");
        assertThat(IdEncoder.builder().minFrequency(2).build().fit(ids).vocabulary()).containsExactly("1", "2", "3");
        IdEncoder small = IdEncoder.builder().maxSize(1).build().fit(ids);
        assertThat(small.encode(2)).isZero();
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void unknownIdsMapToAStableOovBucket() {
        // Expected buckets from an independent Python reimplementation of the documented hash:
        // Java String.hashCode of the id's text, MurmurHash3 fmix32, then floor-mod by 7.
        IdEncoder encoder = IdEncoder.builder().oovBuckets(7).build().fit(new int[] {1, 2, 3});
        assertThat(encoder.encode("unknown-user")).isEqualTo(2);
        assertThat(encoder.encode(999_999)).isEqualTo(4);
        assertThat(encoder.encode("999999")).isEqualTo(4);
        assertThat(encoder.encode(-7)).isEqualTo(5);
        assertThat(encoder.encode(new int[] {999_999, -7, 2})).containsExactly(4, 5, 8);
    }

    @Test
    void unknownIdsSpreadOverAllOovBuckets() {
        IdEncoder encoder = IdEncoder.builder().oovBuckets(8).build().fit(new int[] {0});
        int[] perBucket = new int[8];
        for (int id = 1; id <= 8000; id++) {
            perBucket[encoder.encode(id)]++;
        }
        // 1000 expected per bucket; a fair hash stays well within ±20% (binomial sd ≈ 30).
        assertThat(Arrays.stream(perBucket).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void emptyTrainingDataGivesAnAllOovEncoder() {
        IdEncoder encoder = IdEncoder.builder().oovBuckets(3).build().fit(new int[0]);
        assertThat(encoder.size()).isEqualTo(3);
        assertThat(encoder.encode(42)).isBetween(0, 2);
    }

    @Test
    void badSettingsAndNullIdsAreRejected() {
        assertThatThrownBy(() -> IdEncoder.builder().oovBuckets(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oovBuckets").hasMessageContaining("0");
        assertThatThrownBy(() -> IdEncoder.builder().maxSize(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdEncoder.builder().minFrequency(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULT.fit(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("ids: the id at position 1 is null");
        IdEncoder fitted = DEFAULT.fit(new int[] {1});
        assertThatThrownBy(() -> fitted.encode((String) null)).isInstanceOf(NullPointerException.class).hasMessage("id");
    }

    @Test
    void decimalIntDetection() {
        for (String yes : List.of("0", "7", "-7", "2147483647", "-2147483648")) {
            assertThat(IdEncoder.isDecimalInt(yes)).as(yes).isTrue();
        }
        for (String no : List.of("", "-", "-0", "007", "+5", "1a", "2147483648", "-2147483649", "99999999999")) {
            assertThat(IdEncoder.isDecimalInt(no)).as(no).isFalse();
        }
    }

    @Test
    void largeRandomFitMatchesAReferenceBuiltWithCollections() {
        Random random = new Random(11);
        int[] ids = IntStream.range(0, 200_000).map(i -> (int) Math.abs(random.nextGaussian() * 5000)).toArray();
        IdEncoder encoder = IdEncoder.builder().maxSize(3000).minFrequency(2).build().fit(ids);

        Map<Integer, Long> counts = Arrays.stream(ids).boxed()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        List<String> expected = counts.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(3000)
                .map(e -> String.valueOf(e.getKey()))
                .toList();
        assertThat(encoder.vocabulary()).isEqualTo(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(encoder.encode(Integer.parseInt(expected.get(i)))).isEqualTo(1 + i);
        }
    }

    @Property(tries = 200)
    void oovNeverCollidesWithAKnownId(@ForAll @Size(max = 300) List<@IntRange(min = -1000, max = 1000) Integer> training,
                                      @ForAll @Size(max = 100) List<@IntRange(min = -2000, max = 2000) Integer> queries,
                                      @ForAll @IntRange(min = 1, max = 9) int oovBuckets) {
        IdEncoder encoder = IdEncoder.builder().oovBuckets(oovBuckets).build()
                .fit(training.stream().mapToInt(Integer::intValue).toArray());
        Set<Integer> known = new HashSet<>(training);
        Set<Integer> knownIndices = new HashSet<>();
        for (int id : known) {
            int index = encoder.encode(id);
            assertThat(index).isBetween(oovBuckets, encoder.size() - 1);
            assertThat(knownIndices.add(index)).as("index %d reused", index).isTrue();
        }
        for (int id : queries) {
            int index = encoder.encode(id);
            if (known.contains(id)) {
                assertThat(index).isGreaterThanOrEqualTo(oovBuckets);
            } else {
                assertThat(index).isBetween(0, oovBuckets - 1);
            }
        }
        assertThat(encoder.size()).isEqualTo(oovBuckets + known.size());
    }

    @Property(tries = 100)
    void batchEncodingEqualsSingleEncoding(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 500) Integer> training,
                                           @ForAll @Size(max = 200) List<@IntRange(min = -10, max = 600) Integer> batch) {
        IdEncoder encoder = IdEncoder.builder().oovBuckets(3).build()
                .fit(training.stream().mapToInt(Integer::intValue).toArray());
        int[] ids = batch.stream().mapToInt(Integer::intValue).toArray();
        int[] expected = Arrays.stream(ids).map(encoder::encode).toArray();
        assertThat(encoder.encode(ids)).containsExactly(expected);
    }

    @Test
    void jacksonRoundTripGivesAnEqualEncoderThatEncodesIdentically() {
        IdEncoder ints = IdEncoder.builder().oovBuckets(3).maxSize(50).minFrequency(1).build()
                .fit(new int[] {5, 5, 7, 11, 13, 13, 13, -2});
        IdEncoder strings = DEFAULT.fit(List.of("alice", "bob", "bob", "42", "çé"));
        for (IdEncoder original : List.of(ints, strings, IdEncoder.builder().oovBuckets(4).build())) {
            IdEncoder copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
            if (original.isFitted()) {
                int[] probe = {5, 7, 11, 13, -2, 42, 1000, -5};
                assertThat(copy.encode(probe)).containsExactly(original.encode(probe));
                for (String id : List.of("alice", "bob", "42", "çé", "carol")) {
                    assertThat(copy.encode(id)).isEqualTo(original.encode(id));
                }
            }
        }
    }

    @Test
    void malformedJsonIsRejected() {
        String duplicate = "{\"oovBuckets\":1,\"maxSize\":10,\"minFrequency\":1,\"vocabulary\":[\"a\",\"a\"]}";
        assertThatThrownBy(() -> Json.read(duplicate, IdEncoder.class))
                .isInstanceOf(UncheckedIOException.class).hasStackTraceContaining("duplicate id");
        String noOov = "{\"oovBuckets\":0,\"maxSize\":10,\"minFrequency\":1,\"vocabulary\":[]}";
        assertThatThrownBy(() -> Json.read(noOov, IdEncoder.class)).hasStackTraceContaining("oovBuckets");
    }

    @Test
    void fittingIgnoresAnEarlierFit() {
        IdEncoder first = DEFAULT.fit(new int[] {1, 2});
        assertThat(first.fit(new int[] {3})).isEqualTo(DEFAULT.fit(new int[] {3}));
        assertThat(new ArrayList<>(first.vocabulary())).containsExactly("1", "2");
    }
}
