package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.IdDictionary;
import dev.recsys.models.Fixtures;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained on string ids keeps its dictionaries in the file and serves with the original ids. */
class OriginalIdsTest {

    /** The fixture's users 1..30 and movies 100..123 as if read from strings: user i is "u-i", movie m "sku-m". */
    private static OriginalIds ids() {
        return new OriginalIds(
                IdDictionary.of(IntStream.rangeClosed(0, Fixtures.USERS).mapToObj(i -> "u-" + i).toList()),
                IdDictionary.of(IntStream.range(0, 100 + Fixtures.MOVIES).mapToObj(i -> "sku-" + i).toList()));
    }

    @Test
    void theIdsRoundTripAndTheRecommenderAnswersWithThem(@TempDir Path dir) throws IOException {
        TrainedModels trained = TrainedModels.shared();
        Path file = dir.resolve("model.zip");
        SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking()).ids(ids()).build().save(file);

        assertThat(ModelFile.read(file).ids()).contains(ids());
        try (SavedModel loaded = SavedModel.load(file)) {
            assertThat(loaded.ids()).contains(ids());
        }
        Recommender recommender = Recommender.load(file);
        assertThat(recommender.originalIds()).contains(ids());
        int user = recommender.userIdOf("u-7");
        assertThat(user).isEqualTo(7);
        List<Recommendation> top = recommender.recommend(user, Fixtures.T0, 5);
        assertThat(top).hasSize(5).allSatisfy(r -> assertThat(r.itemId()).isEqualTo("sku-" + r.movieId()));
        assertThat(recommender.movieIdOf(top.get(0).itemId())).isEqualTo(top.get(0).movieId());
        assertThat(recommender.similar(top.get(0).movieId(), 2))
                .allSatisfy(s -> assertThat(s.itemId()).isEqualTo("sku-" + s.movieId()));
        // an id the dictionary lacks is an unknown user: -1, served with the out-of-vocabulary embedding
        assertThat(recommender.userIdOf("nobody")).isEqualTo(-1);
        assertThat(recommender.knowsUser(-1)).isFalse();
        assertThat(recommender.recommend(-1, Fixtures.T0, 3)).hasSize(3);
        assertThat(recommender.movieIdOf("sku-999")).isEqualTo(-1);
    }

    @Test
    void withoutIdsTheOriginalIdsAreTheDecimalInts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.zip");
        SavedModel.builder().retrieval(TrainedModels.shared().retrieval()).build().save(file);

        Recommender recommender = Recommender.load(file);
        assertThat(recommender.originalIds()).isEmpty();
        assertThat(recommender.userIdOf("7")).isEqualTo(7);
        assertThat(recommender.recommend(7, Fixtures.T0, 3))
                .allSatisfy(r -> assertThat(r.itemId()).isEqualTo(Integer.toString(r.movieId())));
        assertThatThrownBy(() -> recommender.userIdOf("u-7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad user id 'u-7': this model knows int ids only (it was saved without original ids)");
    }

    @Test
    void everyCandidateNeedsAnOriginalId() {
        OriginalIds tooFewItems = new OriginalIds(ids().users(), IdDictionary.of(List.of("sku-0")));
        assertThatThrownBy(() -> SavedModel.builder().retrieval(TrainedModels.shared().retrieval()).ids(tooFewItems)
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("candidate id 100 has no original id: the item dictionary holds 1 ids");
    }
}
