package dev.recsys.models.task;

import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;

/** Checks shared by the model builders. */
final class TowerChecks {

    private TowerChecks() {}

    static void requireTowers(UserTower users, MovieTower movies, String owner) {
        if (users == null || movies == null) {
            throw new IllegalArgumentException(owner + " needs a user tower and a movie tower, found "
                    + (users == null ? "no user tower" : "a user tower") + " and "
                    + (movies == null ? "no movie tower" : "a movie tower"));
        }
        // the shared table lives in the other movie tower's store, which this model would not train
        if (users.historyMovieTower() != null && users.historyMovieTower() != movies) {
            throw new IllegalArgumentException(owner + ": the user tower's history shares the id table of another"
                    + " movie tower than the model's; pair it with that movie tower");
        }
    }
}
