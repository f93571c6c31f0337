/**
 * Towers: {@link dev.recsys.models.tower.UserTower} (queries: user id and time features) and
 * {@link dev.recsys.models.tower.MovieTower} (candidates: movie id, title tokens, genres), each
 * composed from fitted encoders and ending in optional ReLU layers and a linear projection. Towers
 * own their parameters and know nothing of tasks.
 */
package dev.recsys.models.tower;
