package dev.recsys.models;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.util.ArrayList;
import java.util.List;

/**
 * An untrained retrieval model (id embeddings only, at their seeded initial values) over a
 * catalogue of {@value #MOVIES} movies: enough candidates that an HNSW graph search is a real
 * search (the graph index scans exactly when the eligible candidates fit in its beam), small
 * enough to build in a second. Random embeddings have no clusters, the hard case for a graph.
 */
public final class WideCatalog {

    public static final int MOVIES = 2_000;
    public static final int USERS = 50;
    public static final int DIM = 16;

    private WideCatalog() {
    }

    /** The catalogue: ids 1 to {@value #MOVIES}. */
    public static Catalog catalog() {
        int[] ids = new int[MOVIES];
        List<String> titles = new ArrayList<>();
        List<List<String>> genres = new ArrayList<>();
        for (int m = 0; m < MOVIES; m++) {
            ids[m] = m + 1;
            titles.add("Movie " + (m + 1) + " (2000)");
            genres.add(List.of("Drama"));
        }
        return Catalog.of(ids, titles, genres);
    }

    /** The model with towers seeded by {@code seed}; the caller closes its towers. */
    public static RetrievalModel retrieval(long seed) {
        Catalog catalog = catalog();
        int[] users = new int[USERS];
        for (int u = 0; u < USERS; u++) {
            users[u] = u + 1;
        }
        UserTower userTower = UserTower.builder(IdEncoder.builder().build().fit(users), DIM).seed(seed).build();
        MovieTower movieTower = MovieTower.builder(IdEncoder.builder().build().fit(catalog.ids()), DIM)
                .catalog(catalog).seed(seed).build();
        return RetrievalModel.builder(userTower, movieTower, catalog).build();
    }

    /** Frees the towers of a model made by {@link #retrieval}. */
    public static void close(RetrievalModel model) {
        model.users().close();
        model.movies().close();
    }
}
