package dev.recsys.examples;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A small untrained model of three users and five movies, saved to disk: the example servers' fixture. */
final class TinyModel {

    /** Training times of the provenance: 2017-07-14 to 2020-09-13. */
    static final long FIRST = 1_500_000_000L;
    static final long LAST = 1_600_000_000L;

    private TinyModel() {
    }

    /** Saves the model with towers seeded by {@code seed} (another seed, other answers). */
    static Path save(Path file, long seed) throws IOException {
        Catalog movies = Catalog.of(new int[] {10, 20, 30, 40, 50},
                List.of("A (1990)", "B (1991)", "C (1992)", "D (1993)", "E (1994)"),
                List.of(List.of("Drama"), List.of("Comedy"), List.of(), List.of("Drama"), List.of("Horror")));
        IdEncoder users = IdEncoder.builder().build().fit(new int[] {1, 2, 3});
        IdEncoder movieIds = IdEncoder.builder().build().fit(movies.ids());
        try (UserTower u = UserTower.builder(users, 4).seed(seed).build();
             MovieTower m = MovieTower.builder(movieIds, 4).catalog(movies).seed(seed).build();
             RankingModel ranking = RankingModel.builder(u, m).hidden(3).seed(seed).build()) {
            SavedModel.builder().retrieval(RetrievalModel.builder(u, m, movies).build()).ranking(ranking)
                    .provenance(Provenance.builder().timeRange(FIRST, LAST).build()).build().save(file);
        }
        return file;
    }
}
