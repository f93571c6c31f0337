package dev.recsys.models.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.features.RecentItems;
import dev.recsys.models.Fixtures;
import dev.recsys.models.ForkedJvm;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.WideCatalog;
import dev.recsys.models.io.ModelLimits;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieAge;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving never touches ND4J: a JVM whose classpath holds recsys, Jackson and slf4j but no ND4J
 * or JavaCPP jar loads a model file and answers every kind of request. Any ND4J class on the
 * serving path (even one loaded without initialisation, e.g. for a verifier's type check) would
 * fail there with NoClassDefFoundError. Lucene is on that classpath: the HNSW index serves
 * through it.
 */
class ServingWithoutNd4jTest {

    @Test
    void aJvmWithoutNd4jLoadsAModelFileAndServes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.zip");
        TrainedModels trained = TrainedModels.shared();
        SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking()).build().save(file);
        assertAJvmWithoutNd4jAnswersAsThisOne(file, Fixtures.T0 + 86_400L * 50);
        // and the classpath really lacks ND4J: a JVM on it cannot load a training tower's store
        ForkedJvm.Result training = ForkedJvm.run(List.of(), ForkedJvm.servingClasspath(), TrainOnly.class);
        assertThat(training.exitCode()).isNotZero();
        assertThat(training.stderr()).contains("NoClassDefFoundError", "org/nd4j");
    }

    @Test
    void aJvmWithoutNd4jServesAHistorySharingTheMovieIdTable(@TempDir Path dir) throws Exception {
        // the user tower's history rows come from the movie tower's weights in the file
        Path file = dir.resolve("shared-history.zip");
        RecentItems recent = RecentItems.builder().maxLength(5).build().fit(TrainedModels.WORLD.train);
        try (MovieTower movies = TrainedModels.WORLD.movieTower(4).build();
             UserTower users = TrainedModels.WORLD.userTower(4).history(recent, movies, Pooling.MEAN).build()) {
            Fixtures.randomize(users.parameters());
            Fixtures.randomize(movies.parameters());
            SavedModel.builder().retrieval(RetrievalModel.builder(users, movies, TrainedModels.WORLD.catalog).build())
                    .build().save(file);
        }
        assertAJvmWithoutNd4jAnswersAsThisOne(file, Fixtures.T0 + 86_400L * 50);
    }

    @Test
    void aJvmWithoutNd4jServesTheMovieAgeFeature(@TempDir Path dir) throws Exception {
        // the candidate vectors gain the age scores (release years from the fixture titles), the queries the year
        Path file = dir.resolve("movie-age.zip");
        try (MovieTower movies = TrainedModels.WORLD.movieTower(4)
                     .age(MovieAge.fit(TrainedModels.WORLD.train.timestamps(), 10)).build();
             UserTower users = TrainedModels.WORLD.userTower(4).build()) {
            Fixtures.randomize(users.parameters());
            Fixtures.randomize(movies.parameters());
            SavedModel.builder().retrieval(RetrievalModel.builder(users, movies, TrainedModels.WORLD.catalog).build())
                    .build().save(file);
        }
        assertAJvmWithoutNd4jAnswersAsThisOne(file, Fixtures.T0 + 86_400L * 50);
    }

    /** A JVM on the serving classpath (no ND4J) answers from {@code file} at {@code time} as this JVM does. */
    private static void assertAJvmWithoutNd4jAnswersAsThisOne(Path file, long time) throws Exception {
        String expected = ServeOnly.answers(Recommender.load(file), time);
        ForkedJvm.Result served = ForkedJvm.run(List.of(), ForkedJvm.servingClasspath(), ServeOnly.class,
                file.toString(), Long.toString(time));
        assertThat(served.exitCode()).as(served.stderr()).isZero();
        assertThat(served.stderr()).doesNotContain("NoClassDefFoundError", "org.nd4j", "org.bytedeco");
        assertThat(served.stdout()).isEqualTo(expected);
    }

    @Test
    void aJvmWithoutNd4jServesThroughTheStoredGraph(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.zip");
        RetrievalModel model = WideCatalog.retrieval(5);
        try {
            SavedModel.builder().retrieval(model).index(ServeOnly.GRAPH).build().save(file);
        } finally {
            WideCatalog.close(model);
        }
        long time = Fixtures.T0;
        Recommender loaded = Recommender.load(file, ModelLimits.defaults(), ServeOnly.GRAPH);
        assertThat(loaded.retrievesExactly()).isFalse();
        String expected = ServeOnly.answers(loaded, time);
        ForkedJvm.Result served = ForkedJvm.run(List.of(), ForkedJvm.servingClasspath(), ServeOnly.class,
                file.toString(), Long.toString(time), "graph");
        assertThat(served.exitCode()).as(served.stderr()).isZero();
        assertThat(served.stderr()).doesNotContain("NoClassDefFoundError", "org.nd4j", "org.bytedeco");
        assertThat(served.stdout()).isEqualTo(expected);
    }
}
