package dev.recsys.core.features;

import static dev.recsys.core.features.TitleVectorizer.YearHandling.KEEP;
import static dev.recsys.core.features.TitleVectorizer.YearHandling.STRIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TitleVectorizerTest {

    private static final TitleVectorizer DEFAULT = TitleVectorizer.builder().build();

    @Test
    void encodingBeforeFittingSaysWhatToCall() {
        assertThat(DEFAULT.isFitted()).isFalse();
        assertThatThrownBy(() -> DEFAULT.encode("Heat (1995)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TitleVectorizer is not fitted")
                .hasMessageContaining("fit(");
        assertThatThrownBy(() -> DEFAULT.encode(List.of("Heat"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(DEFAULT::size).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(DEFAULT.maxLength()).isEqualTo(16);
        assertThat(DEFAULT.maxTokens()).isEqualTo(Integer.MAX_VALUE);
        assertThat(DEFAULT.yearHandling()).isEqualTo(KEEP);
    }

    @Test
    void tokenizationLowercasesStripsPunctuationAndSplitsOnWhitespace() {
        assertThat(TitleVectorizer.tokenize("Toy Story (1995)", KEEP)).containsExactly("toy", "story", "1995");
        assertThat(TitleVectorizer.tokenize("Toy Story (1995)", STRIP)).containsExactly("toy", "story");
        assertThat(TitleVectorizer.tokenize("Don't Look Now (1973)", STRIP)).containsExactly("dont", "look", "now");
        assertThat(TitleVectorizer.tokenize("Spider-Man 2 (2004)", STRIP)).containsExactly("spiderman", "2");
        assertThat(TitleVectorizer.tokenize("Star Wars: Episode IV - A New Hope (1977)", STRIP))
                .containsExactly("star", "wars", "episode", "iv", "a", "new", "hope");
        assertThat(TitleVectorizer.tokenize("American President, The (1995)", KEEP))
                .containsExactly("american", "president", "the", "1995");
    }

    @Test
    void tokenizationIsUnicodeAware() {
        assertThat(TitleVectorizer.tokenize("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", STRIP))
                .containsExactly("amélie", "fabuleux", "destin", "damélie", "poulain", "le");
        // "é" written as e + U+0301 COMBINING ACUTE ACCENT stays one token.
        assertThat(TitleVectorizer.tokenize("Cafe\u0301 Society", KEEP)).containsExactly("cafe\u0301", "society");
        // No-break space and tab separate tokens; "¿" and "¡" are punctuation; "Ω" is a letter.
        assertThat(TitleVectorizer.tokenize("¿Qué\u00A0pasa?\t¡ΩMEGA!", KEEP)).containsExactly("qué", "pasa", "ωmega");
        assertThat(TitleVectorizer.tokenize("Shichinin no samurai 七人の侍", KEEP))
                .containsExactly("shichinin", "no", "samurai", "七人の侍");
    }

    @Test
    void onlyTheTrailingYearIsStripped() {
        assertThat(TitleVectorizer.tokenize("Death Note: Desu nôto (2006–2007)", STRIP))
                .containsExactly("death", "note", "desu", "nôto");
        assertThat(TitleVectorizer.tokenize("Death Note: Desu nôto (2006–2007)", KEEP))
                .containsExactly("death", "note", "desu", "nôto", "20062007");
        assertThat(TitleVectorizer.tokenize("Babylon 5 (1994-1998) ", STRIP)).containsExactly("babylon", "5");
        assertThat(TitleVectorizer.tokenize("1984 (1984)", STRIP)).containsExactly("1984");
        assertThat(TitleVectorizer.tokenize("(500) Days of Summer (2009)", STRIP))
                .containsExactly("500", "days", "of", "summer");
        assertThat(TitleVectorizer.tokenize("Babylon 5", STRIP)).containsExactly("babylon", "5");
    }

    @Test
    void vocabularyByDescendingFrequencyTiesAlphabeticallyAfterPaddingAndOov() {
        // counts: a 3, c 2, b 1, d 1.
        TitleVectorizer v = DEFAULT.fit(List.of("B A", "a, c!", "c a d"));
        assertThat(v.vocabulary()).containsExactly("a", "c", "b", "d");
        assertThat(v.size()).isEqualTo(6);
        int[] encoded = v.encode("d B zzz a");
        assertThat(Arrays.copyOf(encoded, 5)).containsExactly(5, 4, TitleVectorizer.OOV, 2, TitleVectorizer.PADDING);
        assertThat(encoded).hasSize(16);
        assertThat(Arrays.copyOfRange(encoded, 4, 16)).containsOnly(TitleVectorizer.PADDING);
    }

    @Test
    void maxTokensKeepsTheMostFrequentAndTheRestIsOov() {
        TitleVectorizer v = TitleVectorizer.builder().maxTokens(2).maxLength(4).build()
                .fit(List.of("B A", "a, c!", "c a d"));
        assertThat(v.vocabulary()).containsExactly("a", "c");
        assertThat(v.encode("b c a")).containsExactly(1, 3, 2, 0);
    }

    @Test
    void longTitlesAreTruncatedAndEmptyOnesAreAllPadding() {
        TitleVectorizer v = TitleVectorizer.builder().maxLength(2).build().fit(List.of("a b c"));
        // Ties all at 1, alphabetical: a 2, b 3, c 4.
        assertThat(v.encode("c b a")).containsExactly(4, 3);
        MaskedIndices batch = v.encode(List.of("", "?!", "a"));
        assertThat(batch.indices()).containsExactly(0, 0, 0, 0, 2, 0);
        assertThat(batch.mask()).containsExactly(0, 0, 0, 0, 1, 0);
    }

    @Test
    void batchHasRowMajorIndicesAndMask() {
        TitleVectorizer v = TitleVectorizer.builder().maxLength(3).build().fit(List.of("x y", "y"));
        // y 2 (twice), x 3.
        MaskedIndices batch = v.encode(List.of("x", "y x q w", "y y"));
        assertThat(batch.rows()).isEqualTo(3);
        assertThat(batch.width()).isEqualTo(3);
        assertThat(batch.indices()).containsExactly(3, 0, 0, 2, 3, 1, 2, 2, 0);
        assertThat(batch.mask()).containsExactly(1, 0, 0, 1, 1, 1, 1, 1, 0);
    }

    @Test
    void yearHandlingChangesTheVocabulary() {
        List<String> titles = List.of("Heat (1995)", "Casino (1995)");
        assertThat(TitleVectorizer.builder().years(KEEP).build().fit(titles).vocabulary())
                .containsExactly("1995", "casino", "heat");
        assertThat(TitleVectorizer.builder().years(STRIP).build().fit(titles).vocabulary())
                .containsExactly("casino", "heat");
    }

    @Test
    void badSettingsAndNullTitlesAreRejected() {
        assertThatThrownBy(() -> TitleVectorizer.builder().maxTokens(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> TitleVectorizer.builder().maxLength(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLength");
        assertThatThrownBy(() -> DEFAULT.fit(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("titles: the title at position 1 is null");
        TitleVectorizer v = DEFAULT.fit(List.of("a"));
        assertThatThrownBy(() -> v.encode((String) null)).isInstanceOf(NullPointerException.class).hasMessage("title");
    }

    @Property(tries = 300)
    void indicesAreInRangeMaskMatchesAndOovOnlyForUnknownTokens(
            @ForAll @Size(max = 30) List<String> training, @ForAll @Size(max = 20) List<String> batch) {
        TitleVectorizer v = TitleVectorizer.builder().maxTokens(40).maxLength(8).build().fit(training);
        MaskedIndices encoded = v.encode(batch);
        int[] indices = encoded.indices();
        float[] mask = encoded.mask();
        for (int row = 0; row < batch.size(); row++) {
            List<String> tokens = TitleVectorizer.tokenize(batch.get(row), KEEP);
            for (int i = 0; i < 8; i++) {
                int index = indices[row * 8 + i];
                assertThat(index).isBetween(0, v.size() - 1);
                assertThat(mask[row * 8 + i]).isEqualTo(i < tokens.size() ? 1f : 0f);
                if (i < tokens.size()) {
                    int position = v.vocabulary().indexOf(tokens.get(i));
                    assertThat(index).isEqualTo(position < 0 ? TitleVectorizer.OOV : position + 2);
                } else {
                    assertThat(index).isEqualTo(TitleVectorizer.PADDING);
                }
            }
        }
    }

    @Property(tries = 300)
    void tokensAreNonEmptyLowercaseAndFreeOfWhitespaceAndPunctuation(@ForAll String title) {
        for (String token : TitleVectorizer.tokenize(title, KEEP)) {
            assertThat(token).isNotEmpty().isEqualTo(token.toLowerCase(Locale.ROOT));
            token.codePoints().forEach(cp -> assertThat(Character.isLetterOrDigit(cp)
                    || Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.COMBINING_SPACING_MARK
                    || Character.getType(cp) == Character.ENCLOSING_MARK)
                    .as("code point U+%04X in %s", cp, token).isTrue());
        }
    }

    @Test
    void movieLensTitlesMatchAnIndependentTokenizer() {
        // Expected counts from a Python reimplementation of the documented rules (lowercase; keep
        // Unicode letters, marks and decimal digits; split on whitespace; same year pattern).
        MovieLensMovies movies = MovieLensMovies.readOrSkip();
        assertThat(movies.titles()).hasSize(9742);
        assertThat(movies.titles().stream().filter(t -> TitleVectorizer.tokenize(t, KEEP).size() > 16).count())
                .isEqualTo(20);
        assertThat(movies.titles().stream().filter(t -> TitleVectorizer.tokenize(t, STRIP).size() > 16).count())
                .isEqualTo(9);
        assertThat(DEFAULT.fit(movies.titles()).vocabulary()).hasSize(9514).startsWith("the", "of", "a", "and", "in");
        assertThat(TitleVectorizer.builder().years(STRIP).build().fit(movies.titles()).vocabulary()).hasSize(9420);
        TitleVectorizer capped = TitleVectorizer.builder().maxTokens(1000).build().fit(movies.titles());
        assertThat(capped.size()).isEqualTo(1002);
    }

    @Test
    void jacksonRoundTripGivesAnEqualVectorizerThatEncodesIdentically() {
        List<String> titles = List.of("Heat (1995)", "Amélie (2001)", "Heat Wave", "Don't Look Now (1973)");
        for (TitleVectorizer original : List.of(DEFAULT.fit(titles),
                TitleVectorizer.builder().maxTokens(3).maxLength(5).years(STRIP).build().fit(titles),
                TitleVectorizer.builder().maxLength(4).build())) {
            TitleVectorizer copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
            if (original.isFitted()) {
                List<String> probe = List.of("Heat (1995)", "amélie", "Unknown Title", "");
                assertThat(copy.encode(probe)).isEqualTo(original.encode(probe));
            }
        }
    }
}
