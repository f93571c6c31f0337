package dev.recsys.models;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.TimeField;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small synthetic world with learnable structure: users and movies fall into three taste
 * groups, and each user rates only movies of their group (ratings higher for lower movie ids).
 */
public final class Fixtures {

    public static final int USERS = 30;
    public static final int MOVIES = 24;
    public static final int GROUPS = 3;
    public static final long T0 = 1_500_000_000L;

    /** A catalogue of {@code size} movies with ids 10, 20, 30, …, titles "movie <id>" and no genres. */
    public static Catalog numberedCatalog(int size) {
        int[] ids = new int[size];
        List<String> titles = new ArrayList<>();
        List<List<String>> genres = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids[i] = 10 * (i + 1);
            titles.add("movie " + ids[i]);
            genres.add(List.of());
        }
        return Catalog.of(ids, titles, genres);
    }

    public final Catalog catalog;
    public final Examples train;
    public final Examples test;
    public final IdEncoder userIds;
    public final IdEncoder movieIds;
    public final Discretizer buckets;
    public final Normalizer normalizer;
    public final IdEncoder years;
    public final TitleVectorizer titles;
    public final GenreEncoder genres;

    public Fixtures(long seed, int examples) {
        int[] ids = new int[MOVIES];
        List<String> titleList = new ArrayList<>();
        List<List<String>> genreList = new ArrayList<>();
        String[] groupGenres = {"Comedy", "Drama", "Horror"};
        String[] groupWords = {"laugh", "tears", "scream"};
        for (int m = 0; m < MOVIES; m++) {
            ids[m] = 100 + m;
            int group = m % GROUPS;
            titleList.add("The " + groupWords[group] + " of movie" + m + " (" + (1990 + m) + ")");
            genreList.add(List.of(groupGenres[group], m % 2 == 0 ? "Romance" : "Action"));
        }
        catalog = Catalog.of(ids, titleList, genreList);
        train = sample(new SplittableRandom(seed), examples);
        test = sample(new SplittableRandom(seed + 1), Math.max(1, examples / 4));
        userIds = IdEncoder.builder().build().fit(train.userIds());
        movieIds = IdEncoder.builder().build().fit(train.movieIds());
        buckets = Discretizer.equalWidth(9).fit(train.timestamps());
        normalizer = Normalizer.create().fit(train.timestamps());
        int[] trainYears = new int[train.size()];
        for (int i = 0; i < trainYears.length; i++) {
            trainYears[i] = TimeField.YEAR.of(train.timestamp(i));
        }
        years = IdEncoder.builder().build().fit(trainYears);
        titles = TitleVectorizer.builder().build().fit(titleList);
        genres = GenreEncoder.builder().build().fit(genreList);
    }

    private static Examples sample(SplittableRandom random, int n) {
        int[] users = new int[n];
        long[] times = new long[n];
        int[] movies = new int[n];
        float[] ratings = new float[n];
        for (int i = 0; i < n; i++) {
            int user = random.nextInt(USERS);
            int movie = (user % GROUPS) + GROUPS * random.nextInt(MOVIES / GROUPS);
            users[i] = 1 + user;
            times[i] = T0 + random.nextLong(86_400L * 365);
            movies[i] = 100 + movie;
            ratings[i] = 5.0f - 0.5f * (movie / GROUPS);
        }
        return Examples.of(users, times, movies, ratings);
    }

    public UserTower.Builder userTower(int dim) {
        return UserTower.builder(userIds, dim)
                .timeBuckets(buckets, 3)
                .year(years, 2)
                .cyclicTime(CyclicTimeEncoder.standard(), 2)
                .normalizedTimestamp(normalizer);
    }

    public MovieTower.Builder movieTower(int dim) {
        return MovieTower.builder(movieIds, dim)
                .catalog(catalog)
                .title(titles, 4, Pooling.MEAN)
                .genres(genres, 3);
    }

    /** Random values in [-1, 1] for every parameter of {@code store}, biases included (they start at zero). */
    public static void randomize(ParameterStore store) {
        SplittableRandom random = new SplittableRandom(store.seed() + 17);
        Weights.Builder builder = Weights.builder();
        for (Parameter parameter : store.parameters()) {
            float[] values = new float[(int) parameter.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 2 - 1);
            }
            builder.put(parameter.name(), values, parameter.shape());
        }
        store.restore(builder.build());
    }
}
