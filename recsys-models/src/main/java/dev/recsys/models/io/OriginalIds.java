package dev.recsys.models.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.IdDictionary;
import java.util.Objects;

/**
 * The original ids of a model trained on data with string ids (read by
 * {@code dev.recsys.data.delimited.DelimitedReader}): the towers and the catalogue work on dense
 * ints, and these dictionaries turn them back into the ids the data had. Saved in the optional
 * {@value ModelFile#IDS} part of a model file, so that a served model accepts and returns the
 * original ids ({@link dev.recsys.models.serve.Recommender#userIdOf(String)},
 * {@link dev.recsys.models.serve.Recommendation#itemId()}).
 *
 * @param users original user id by dense user id
 * @param items original item id by dense item (movie) id
 */
public record OriginalIds(IdDictionary users, IdDictionary items) {

    /** Checks that both dictionaries are present. */
    @JsonCreator
    public OriginalIds(@JsonProperty("users") IdDictionary users, @JsonProperty("items") IdDictionary items) {
        this.users = Objects.requireNonNull(users, "users");
        this.items = Objects.requireNonNull(items, "items");
    }

    /**
     * Checks that the item dictionary names every candidate.
     *
     * @throws IllegalArgumentException naming a candidate id outside {@code [0, items.size())}
     */
    void check(Catalog candidates) {
        for (int row = 0; row < candidates.size(); row++) {
            int id = candidates.id(row);
            if (id < 0 || id >= items.size()) {
                throw new IllegalArgumentException("candidate id " + id + " has no original id: the item dictionary"
                        + " holds " + items.size() + " ids");
            }
        }
    }
}
