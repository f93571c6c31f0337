package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.NullArguments;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The null rule on the baselines' public API: a null argument is a NullPointerException naming
 * it, thrown at the boundary (see {@link NullArguments}). New public types need a sample here.
 */
class NullArgumentsTest {

    private static Catalog catalog() {
        return Catalog.of(new int[] {1, 2}, List.of("Toy Story (1995)", "Heat (1995)"),
                List.of(List.of("Comedy"), List.of("Action")));
    }

    private static Examples examples() {
        return Examples.of(new int[] {1, 2}, new long[] {1, 2}, new int[] {1, 2}, new float[] {4, 3});
    }

    @Test
    void nullArgumentsAreNullPointerExceptionsNamingTheArgument() {
        List<Class<?>> types = NullArguments.publicTypes(Popularity.class, "dev.recsys.models.baseline");
        List<String> violations = new NullArguments()
                .sample(Catalog.class, NullArgumentsTest::catalog)
                .sample(Examples.class, NullArgumentsTest::examples)
                .sample(Map.class, () -> Map.of(1, List.of("pixar")))
                .sample(BiasedMatrixFactorization.class, () -> BiasedMatrixFactorization.builder(catalog()).epochs(1)
                        .fit(examples()))
                .sample(BiasedMatrixFactorization.Builder.class, () -> BiasedMatrixFactorization.builder(catalog()))
                .sample(ContentBased.class, () -> ContentBased.builder(catalog()).fit(examples()))
                .sample(ContentBased.Builder.class, () -> ContentBased.builder(catalog()))
                .sample(Ease.class, () -> Ease.builder(catalog()).fit(examples()))
                .sample(Ease.Builder.class, () -> Ease.builder(catalog()))
                .sample(RecentPopularity.class, () -> RecentPopularity.builder(catalog()).fit(examples()))
                .sample(RecentPopularity.Builder.class, () -> RecentPopularity.builder(catalog()))
                .sample(Popularity.class, () -> Popularity.fit(examples(), catalog()))
                .sample(WeightedRating.class, () -> WeightedRating.fit(examples(), catalog(), 1))
                .violations(types);
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }
}
