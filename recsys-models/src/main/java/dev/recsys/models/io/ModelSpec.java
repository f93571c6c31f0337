package dev.recsys.models.io;

import dev.recsys.core.data.Catalog;
import dev.recsys.models.task.Ranking;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.util.List;

/**
 * What a saved model is, its weights aside: the settings of each tower with their fitted
 * encoders, which towers the retrieval and ranking models use, and the ranking head's settings.
 * The {@code model.json} part of a model file (Jackson). Towers shared by both models appear once.
 * A user tower whose history shares a movie tower's id table ({@link UserTower.Spec#historyShared()})
 * shares the table of the movie tower it is paired with; its store holds no history table.
 *
 * @param userTowers the user towers' settings; weight store {@code user<i>}
 * @param movieTowers the movie towers' settings and catalogues; weight store {@code movie<i>}
 * @param retrieval the retrieval model's towers, or null
 * @param ranking the ranking model's towers and head, or null; weight store {@code head}
 */
public record ModelSpec(List<UserTower.Spec> userTowers, List<MovieTowerEntry> movieTowers, TowerPair retrieval,
                        RankingHead ranking) {

    /** The weight store of the ranking head. */
    public static final String HEAD_STORE = "head";

    /**
     * A movie tower's settings and where its titles and genres come from.
     *
     * @param spec the tower's settings
     * @param sharesCandidates whether it reads the candidate catalogue
     * @param catalog its own catalogue when it does not share the candidates', else null (also
     *     null for a tower without title and genre features)
     */
    public record MovieTowerEntry(MovieTower.Spec spec, boolean sharesCandidates, Catalog catalog) {}

    /**
     * A model's user and movie towers, as indices into {@link #userTowers()} and {@link #movieTowers()}.
     */
    public record TowerPair(int userTower, int movieTower) {}

    /**
     * The ranking model: its towers, the head's hidden ReLU widths and seed, the rating scale
     * predictions are clipped to, the head's additive terms (see {@link RankingModel}) and its
     * training dropout. Files written before these existed lack the last four fields, which then
     * read as false, false, 0 and 0: the head they were saved with.
     *
     * @param biases whether the mean rating and per-user and per-movie biases are added
     * @param dotProduct whether the dot product of the tower outputs is added
     * @param mean the mean rating added with biases
     * @param dropout the dropout rate of the head's input in training (serving ignores it)
     */
    public record RankingHead(int userTower, int movieTower, int[] hidden, long seed, double minRating,
                              double maxRating, boolean biases, boolean dotProduct, double mean, double dropout) {

        /** The head's settings. */
        public RankingModel.HeadSpec headSpec() {
            return new RankingModel.HeadSpec(hidden, biases, dotProduct, mean);
        }
    }

    /** The weight store of user tower {@code i}. */
    public static String userStore(int i) {
        return "user" + i;
    }

    /** The weight store of movie tower {@code i}. */
    public static String movieStore(int i) {
        return "movie" + i;
    }

    /**
     * The movie tower whose id table embeds the history of user tower {@code userTower}: the movie
     * tower the retrieval or ranking model pairs it with ({@link #check()} makes them agree).
     *
     * @return the movie tower's index, or -1 when the user tower's history does not share a table
     * @throws IndexOutOfBoundsException if there is no user tower {@code userTower}
     */
    public int historyMovieTower(int userTower) {
        if (!userTowers.get(userTower).historyShared()) {
            return -1;
        }
        if (retrieval != null && retrieval.userTower() == userTower) {
            return retrieval.movieTower();
        }
        return ranking != null && ranking.userTower() == userTower ? ranking.movieTower() : -1;
    }

    /**
     * Checks the structure: lists present, tower indices in range, at least one model, and a
     * shared history table paired with one movie tower of its id encoder's size and width.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    void check() {
        if (userTowers == null || movieTowers == null || userTowers.contains(null) || movieTowers.contains(null)) {
            throw new IllegalArgumentException("expected lists of user and movie towers, found " + userTowers + " and "
                    + movieTowers);
        }
        for (MovieTowerEntry entry : movieTowers) {
            if (entry.spec() == null) {
                throw new IllegalArgumentException("a movie tower entry has no settings");
            }
        }
        if (retrieval == null && ranking == null) {
            throw new IllegalArgumentException("holds neither a retrieval nor a ranking model");
        }
        if (retrieval != null) {
            checkPair("retrieval", retrieval.userTower(), retrieval.movieTower());
        }
        if (ranking != null) {
            checkPair("ranking", ranking.userTower(), ranking.movieTower());
            if (ranking.hidden() == null) {
                throw new IllegalArgumentException("ranking head has no hidden layer list");
            }
            ranking.headSpec();
            if (!(ranking.dropout() >= 0 && ranking.dropout() < 1)) {
                throw new IllegalArgumentException("ranking head dropout must be in [0, 1), found " + ranking.dropout());
            }
            Ranking.of(ranking.minRating(), ranking.maxRating());
        }
        for (int i = 0; i < userTowers.size(); i++) {
            checkSharedHistory(i);
        }
    }

    private void checkSharedHistory(int user) {
        UserTower.Spec tower = userTowers.get(user);
        if (!tower.historyShared() || tower.historyIds() == null) {
            return; // not shared, or UserTower.Spec.check refuses it
        }
        int movie = historyMovieTower(user);
        if (movie < 0 || retrieval != null && ranking != null && retrieval.userTower() == user
                && ranking.userTower() == user && retrieval.movieTower() != ranking.movieTower()) {
            throw new IllegalArgumentException("user tower " + user + " shares its history table with a movie tower,"
                    + " so every model must pair it with one movie tower, found " + (movie < 0 ? "none"
                    : "movie towers " + retrieval.movieTower() + " and " + ranking.movieTower()));
        }
        MovieTower.Spec movies = movieTowers.get(movie).spec();
        if (movies.movieIds() == null || movies.movieIds().size() != tower.historyIds().size()
                || movies.idDim() != tower.historyDim()) {
            throw new IllegalArgumentException("user tower " + user + " shares the id table of movie tower " + movie
                    + ": expected " + tower.historyIds().size() + " x " + tower.historyDim() + ", found "
                    + (movies.movieIds() == null ? "no id encoder" : movies.movieIds().size() + " x " + movies.idDim()));
        }
        // the history's ids index the movie tower's rows: the two encoders must be one
        if (movies.movieIds().oovBuckets() != tower.historyIds().oovBuckets()
                || !movies.movieIds().vocabulary().equals(tower.historyIds().vocabulary())) {
            throw new IllegalArgumentException("user tower " + user + " shares the id table of movie tower " + movie
                    + " but encodes its history's movie ids otherwise: the two id encoders must be the same");
        }
    }

    private void checkPair(String model, int user, int movie) {
        if (user < 0 || user >= userTowers.size() || movie < 0 || movie >= movieTowers.size()) {
            throw new IllegalArgumentException(model + " model refers to user tower " + user + " and movie tower " + movie
                    + ", but there are " + userTowers.size() + " and " + movieTowers.size());
        }
    }
}
