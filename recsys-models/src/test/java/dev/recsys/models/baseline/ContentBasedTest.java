package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentBasedTest {

    static final Catalog CATALOG = Catalog.of(new int[] {1, 2, 3},
            List.of("Toy Story (1995)", "Toy Soldiers (1991)", "Heat (1995)"),
            List.of(List.of("Animation", "Comedy"), List.of("Action"), List.of("Action")));

    @Test
    void tfIdfCosineByHand() {
        // Documents (years stripped): 1 = toy story g:animation g:comedy; 2 = toy soldiers g:action;
        // 3 = heat g:action. N = 3; toy and g:action are in 2 movies: idf a = ln(3/2); the others
        // are in one: idf b = ln 3.
        // |1|² = a² + 3b², |2|² = 2a² + b², |3|² = a² + b².
        // cos(1,2) = a² / sqrt((a² + 3b²)(2a² + b²)) (shared "toy"); cos(2,3) = a² / sqrt((2a² + b²)(a² + b²))
        // (shared g:action); cos(1,3) = 0: the shared year 1995 is stripped.
        double a = Math.log(1.5);
        double b = Math.log(3);
        ContentBased model = ContentBased.builder(CATALOG).fit(Examples.of(new int[0], new long[0], new int[0], new float[0]));
        assertThat(model.similarity(1, 2)).isCloseTo(a * a / Math.sqrt((a * a + 3 * b * b) * (2 * a * a + b * b)), within(1e-6));
        assertThat(model.similarity(2, 3)).isCloseTo(a * a / Math.sqrt((2 * a * a + b * b) * (a * a + b * b)), within(1e-6));
        assertThat(model.similarity(1, 3)).isZero();
        assertThat(model.similarity(2, 2)).isCloseTo(1, within(1e-6));
        // cos(2,3) ≈ 0.113 > cos(2,1) ≈ 0.068
        assertThat(model.similarMovies(2, 5)).containsExactly(3, 1);
    }

    @Test
    void tagsJoinTheDocument() {
        // tag "toy" on movie 3: toy is then in all 3 movies, idf ln(3/3) = 0, so movies 1 and 2 share
        // nothing weighted: cos(1,2) = 0; 2 and 3 still share g:action.
        ContentBased model = ContentBased.builder(CATALOG).tags(Map.of(3, List.of("Toy"))).fit(
                Examples.of(new int[0], new long[0], new int[0], new float[0]));
        assertThat(model.similarity(1, 2)).isZero();
        assertThat(model.similarity(2, 3)).isPositive();
    }

    @Test
    void userProfileFromLikedMovies() {
        // user 7 rates movie 2 with 5 and movie 1 with 1 (mean 3): liked = {2}; the best other movie
        // is 3 (shares g:action), so it ranks first and has the higher score.
        Examples train = Examples.of(new int[] {7, 7}, new long[2], new int[] {2, 1}, new float[] {5, 1});
        ContentBased model = ContentBased.builder(CATALOG).fit(train);
        assertThat(model.recommend(7, 1)).containsExactly(3);
        float[] scores = model.scores(new int[] {7, 8}, new long[2])[0];
        assertThat(scores[2]).isGreaterThan(scores[0]);
        assertThat(model.scores(new int[] {8}, new long[1])[0]).containsOnly(0f);
        assertThat(model.recommend(8, 3)).isEmpty();
    }

    @Test
    void titleWordsDropTheYear() {
        assertThat(ContentBased.titleWords("Matrix, The (1999)")).containsExactly("matrix", "the");
        assertThatThrownBy(() -> ContentBased.builder(CATALOG).fit(Examples.of(new int[0], new long[0], new int[0],
                new float[0])).similarity(1, 99)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
    }
}
