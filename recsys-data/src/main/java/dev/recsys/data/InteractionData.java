package dev.recsys.data;

import dev.recsys.core.data.IdDictionary;
import java.util.Objects;

/**
 * A user's own interaction data in memory, as read by
 * {@link dev.recsys.data.delimited.DelimitedReader}: the interactions and the item catalogue on
 * dense int ids, with the dictionaries that give the original (string) ids back.
 *
 * <p>User {@code u} of {@link Interactions#userId(int)} is {@code userIds().id(u)}; item index
 * {@code m} of {@link Interactions#movieIndex(int)} (and item id {@code items().id(m)}, which is
 * the same number) is {@code itemIds().id(m)}. Models train on the dense ints unchanged; the
 * dictionaries go into the saved model so that it answers with the original ids.
 *
 * @param interactions one row per interaction, pointing into {@code items}; on
 *     {@link dev.recsys.core.data.RatingScale#IMPLICIT} (every rating 1) when the file has no
 *     rating column
 * @param items the catalogue: item id {@code i} is the item at index {@code i}, its title the
 *     item file's text (or the original id), its genres the item file's categories
 * @param userIds original user ids by dense user id (it may hold more users than the interactions,
 *     when the reader started from a model's dictionary)
 * @param itemIds original item ids by dense item id
 * @param timestamps whether the file had a timestamp column; without one every row is at time 0
 *     (1970-01-01T00:00:00Z), so time features and temporal splits say nothing
 * @param report rows skipped or unmatched while reading
 */
public record InteractionData(Interactions interactions, Movies items, IdDictionary userIds, IdDictionary itemIds,
        boolean timestamps, ReadReport report) {

    /**
     * Checks that the parts belong together.
     *
     * @throws IllegalArgumentException if the interactions point into another catalogue, a user id
     *     is outside the user dictionary, or the item dictionary's size differs from the catalogue's
     */
    public InteractionData {
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(itemIds, "itemIds");
        Objects.requireNonNull(report, "report");
        if (interactions.movies() != items) {
            throw new IllegalArgumentException("interactions point into another item catalogue");
        }
        for (int u = 0; u < interactions.userCount(); u++) {
            if (interactions.userIdAt(u) < 0 || interactions.userIdAt(u) >= userIds.size()) {
                throw new IllegalArgumentException("user id " + interactions.userIdAt(u) + " is outside the user"
                        + " dictionary of " + userIds.size() + " ids");
            }
        }
        if (itemIds.size() != items.size()) {
            throw new IllegalArgumentException("item dictionary has " + itemIds.size() + " ids, the catalogue "
                    + items.size() + " items");
        }
    }

    /** The original user id of a row. */
    public String userId(int row) {
        return userIds.id(interactions.userId(row));
    }

    /** The original item id of a row, or null when the catalogue lacks the item (item index -1). */
    public String itemId(int row) {
        int item = interactions.movieIndex(row);
        return item < 0 ? null : itemIds.id(items.id(item));
    }
}
