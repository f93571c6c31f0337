package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.RecentItems;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structure checks of a model's spec that the tower settings alone cannot make. */
class ModelSpecTest {

    private static final Fixtures WORLD = new Fixtures(4, 200);

    @Test
    void aSharedHistoryTableIsThatOfTheOneMovieTowerItsUserTowerIsPairedWith() {
        RecentItems recent = RecentItems.builder().maxLength(3).build().fit(WORLD.train);
        try (MovieTower movies = MovieTower.builder(WORLD.movieIds, 4).build();
             MovieTower wider = MovieTower.builder(WORLD.movieIds, 6).build();
             UserTower users = UserTower.builder(WORLD.userIds, 4).history(recent, movies, Pooling.MEAN).build()) {
            // mutable lists, as Jackson reads them (List.of refuses the null check's contains(null))
            List<UserTower.Spec> userTowers = new ArrayList<>(List.of(users.spec()));
            List<ModelSpec.MovieTowerEntry> movieTowers = new ArrayList<>(List.of(
                    new ModelSpec.MovieTowerEntry(movies.spec(), true, null),
                    new ModelSpec.MovieTowerEntry(wider.spec(), true, null)));
            ModelSpec paired = new ModelSpec(userTowers, movieTowers, new ModelSpec.TowerPair(0, 0), null);
            paired.check();
            assertThat(paired.historyMovieTower(0)).isZero();
            // paired with a movie tower whose id table is 6 wide, not the history's 4
            ModelSpec misfit = new ModelSpec(userTowers, movieTowers, new ModelSpec.TowerPair(0, 1), null);
            assertThatThrownBy(misfit::check).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("user tower 0 shares the id table of movie tower 1: expected " + WORLD.movieIds.size()
                            + " x 4, found " + WORLD.movieIds.size() + " x 6");
            // a movie tower of the same size and width whose encoder knows other ids: rows would mismatch
            IdEncoder otherMovies = IdEncoder.builder().build().fit(shifted(WORLD.movieIds, 1_000_000));
            try (MovieTower other = MovieTower.builder(otherMovies, 4).build()) {
                List<ModelSpec.MovieTowerEntry> others = new ArrayList<>(List.of(
                        new ModelSpec.MovieTowerEntry(other.spec(), true, null)));
                ModelSpec otherIds = new ModelSpec(userTowers, others, new ModelSpec.TowerPair(0, 0), null);
                assertThatThrownBy(otherIds::check).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the two id encoders must be the same");
            }
            // retrieval and ranking pair it with two movie towers: which table would it read?
            ModelSpec.RankingHead head = new ModelSpec.RankingHead(0, 1, new int[0], 1, 0.5, 5, false, false, 0, 0);
            ModelSpec ambiguous = new ModelSpec(userTowers, movieTowers, new ModelSpec.TowerPair(0, 0), head);
            assertThatThrownBy(ambiguous::check).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("user tower 0 shares its history table with a movie tower, so every model must pair it"
                            + " with one movie tower, found movie towers 0 and 1");
        }
    }

    /** The encoder's known ids (ints), each plus {@code offset}. */
    private static int[] shifted(IdEncoder ids, int offset) {
        return ids.vocabulary().stream().mapToInt(id -> Integer.parseInt(id) + offset).toArray();
    }
}
