package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.NullArguments;
import dev.recsys.core.data.IdDictionary;
import dev.recsys.core.data.RatingScale;
import dev.recsys.data.batch.Batches;
import dev.recsys.data.delimited.DelimitedReader;
import dev.recsys.data.delimited.TimeFormat;
import dev.recsys.data.movielens.Ml100kFold;
import dev.recsys.data.movielens.MovieLens;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.Step;
import dev.recsys.data.prep.Steps;
import dev.recsys.data.split.Split;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The null rule on recsys-data's public API: a null argument is a NullPointerException naming
 * it, thrown at the boundary (see {@link NullArguments}). New public types need a sample here.
 */
class NullArgumentsTest {

    @Test
    void nullArgumentsAreNullPointerExceptionsNamingTheArgument() {
        List<Class<?>> types = NullArguments.publicTypes(Interactions.class, "dev.recsys.data");
        List<String> violations = new NullArguments()
                .sample(RatingScale.class, () -> RatingScale.HALF_STARS)
                .sample(Ml100kFold.class, () -> Ml100kFold.U1)
                .sample(Movies.class, () -> Fixtures.movies(2))
                .sample(Movies.Builder.class, Movies::builder)
                .sample(Interactions.class, () -> Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 1, 4, 10}, {2, 2, 3, 20}}))
                .sample(Interactions.Builder.class, () -> Interactions.builder(Fixtures.movies(2)))
                .sample(IntPredicate.class, () -> row -> true)
                .sample(Tags.class, () -> Tags.EMPTY)
                .sample(ReadReport.class, () -> new ReadReport(Map.of(), 0))
                .sample(Map.class, Map::of)
                .sample(Optional.class, Optional::empty)
                .argument("MovieLensData.<init>(ratings)", () -> Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 1, 4, 10}}))
                .sample(MalformedRowPolicy.class, () -> MalformedRowPolicy.LENIENT)
                .sample(char.class, () -> ',')
                .sample(IdDictionary.class, () -> IdDictionary.of(List.of("a")))
                .sample(TimeFormat.class, () -> TimeFormat.AUTO)
                .sample(DelimitedReader.class, () -> DelimitedReader.builder("user", "item").build())
                .sample(DelimitedReader.Builder.class, () -> DelimitedReader.builder("user", "item"))
                .sample(MovieLensReader.class, () -> MovieLensReader.builder().build())
                .sample(MovieLensReader.Builder.class, MovieLensReader::builder)
                .sample(MovieLens.Builder.class, MovieLens::builder)
                .sample(MovieLens.class, () -> MovieLens.builder().build())
                .sample(Duration.class, () -> Duration.ofSeconds(1))
                .sample(Instant.class, () -> Instant.ofEpochSecond(0))
                .argument("SyntheticMovieLens.Builder.timeSpan(to)", () -> Instant.ofEpochSecond(1_000_000))
                .sample(SyntheticMovieLens.Builder.class, () -> SyntheticMovieLens.builder(1))
                .sample(SyntheticMovieLens.class, () -> SyntheticMovieLens.builder(1).users(3).movies(3).ratings(5)
                        .build())
                .sample(Step.class, Steps::dropMissing)
                .argument("Preprocessing.of(steps)", () -> new Step[] {Steps.dropMissing()})
                .sample(Preprocessing.class, Preprocessing::seedProtocol)
                .sample(Split.class, () -> new Split(Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 1, 4, 10}}), Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 2, 4, 20}})))
                .sample(Batches.class, () -> Batches.builder(Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 1, 4, 10}}), 1).build())
                .sample(Batches.Builder.class, () -> Batches.builder(Fixtures.interactions(Fixtures.movies(2),
                        new double[][] {{1, 1, 4, 10}}), 1))
                .violations(types);
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }
}
