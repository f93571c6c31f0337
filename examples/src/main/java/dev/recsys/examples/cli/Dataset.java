package dev.recsys.examples.cli;

import dev.recsys.core.data.IdDictionary;
import dev.recsys.data.Interactions;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import java.util.Optional;

/**
 * What a command reads: interactions and their item catalogue, from a MovieLens folder or from
 * your own delimited files (then with the dictionaries of the original string ids).
 *
 * @param description where it came from, for messages
 * @param interactions the rows, pointing into {@code items}
 * @param items the catalogue
 * @param userIds original user ids by dense id (own files only)
 * @param itemIds original item ids by dense id (own files only)
 * @param timestamps whether the rows carry real times
 * @param tags free-text tags read with the data (MovieLens only)
 * @param report rows skipped or unmatched
 * @param movieLens whether the data is a MovieLens folder
 */
record Dataset(String description, Interactions interactions, Movies items, Optional<IdDictionary> userIds,
        Optional<IdDictionary> itemIds, boolean timestamps, int tags, ReadReport report, boolean movieLens) {

    /** The original id of a dense user id: the dictionary's string, or the number itself. */
    String userLabel(int userId) {
        return userIds.map(d -> d.id(userId)).orElse(Integer.toString(userId));
    }

    /** The original id of a dense item id: the dictionary's string, or the number itself. */
    String itemLabel(int itemId) {
        return itemIds.map(d -> d.id(itemId)).orElse(Integer.toString(itemId));
    }
}
