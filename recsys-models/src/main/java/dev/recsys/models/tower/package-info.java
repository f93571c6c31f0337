/**
 * Towers: {@link dev.recsys.models.tower.UserTower} (queries: user id, time features, history) and
 * {@link dev.recsys.models.tower.MovieTower} (candidates: movie id, title tokens, genres; and for
 * retrieval the {@link dev.recsys.models.tower.MovieAge movie's age at the query time}), each
 * composed from fitted encoders and ending in optional ReLU layers and a linear projection. Towers
 * own their parameters and know nothing of tasks.
 *
 * <p>Each tower has a frozen twin for serving, {@link dev.recsys.models.tower.FrozenUserTower} and
 * {@link dev.recsys.models.tower.FrozenMovieTower}: the same encoders and settings
 * ({@code Spec}), the weights on the Java heap, no ND4J. Twins live side by side so that a feature
 * added to a tower is added to its frozen forward pass in the same package, under the same
 * parameter names.
 */
package dev.recsys.models.tower;
