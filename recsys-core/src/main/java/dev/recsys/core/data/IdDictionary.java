package dev.recsys.core.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fitted, immutable bijection between the original ids of a dataset (strings such as
 * {@code "u-8812"} or {@code "SKU-19-B"}) and dense ints {@code 0..size()-1}, in the order the ids
 * were first met. The int pipeline ({@link Examples}, towers, indices) runs on the dense ints; the
 * dictionary turns them back into the original ids at the edges (reading a file, answering a
 * request), and travels with a saved model so that a served model accepts and returns the
 * original ids.
 *
 * <pre>{@code
 * IdDictionary.Builder users = IdDictionary.builder();
 * int u = users.add("u-8812");          // 0: first seen
 * IdDictionary frozen = users.build();
 * frozen.id(0);                         // "u-8812"
 * frozen.indexOf("u-0000");             // -1: unknown
 * }</pre>
 *
 * <p>Thread-safe. Jackson writes it as {@code {"ids":["u-8812",...]}}, and a round trip gives an
 * equal dictionary.
 */
public final class IdDictionary {

    private final List<String> ids;
    private final Map<String, Integer> index;

    private IdDictionary(List<String> ids, Map<String, Integer> index) {
        this.ids = ids;
        this.index = index;
    }

    /**
     * The dictionary mapping {@code ids.get(i)} to {@code i}.
     *
     * @param ids distinct ids, none null
     * @throws NullPointerException if {@code ids} or an id is null
     * @throws IllegalArgumentException if an id repeats
     */
    @JsonCreator
    public static IdDictionary of(@JsonProperty("ids") List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Builder builder = new Builder();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null) {
                throw new NullPointerException("ids: the id at position " + i + " is null");
            }
            if (builder.add(id) != i) {
                throw new IllegalArgumentException("duplicate id '" + id + "' at position " + i + " (first at "
                        + builder.index.get(id) + ")");
            }
        }
        return builder.build();
    }

    /** A builder that assigns dense ints to ids in the order they are added. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from {@code known}: its ids keep their ints, new ids get the next
     * ones (to read more data of a model's dataset, e.g. a held-out file, on the model's ints).
     */
    public static Builder builder(IdDictionary known) {
        Objects.requireNonNull(known, "known");
        Builder builder = new Builder();
        for (String id : known.ids) {
            builder.add(id);
        }
        return builder;
    }

    /** Number of ids. */
    public int size() {
        return ids.size();
    }

    /**
     * The original id of a dense int.
     *
     * @param index in {@code [0, size())}
     * @throws IllegalArgumentException if {@code index} is out of range
     */
    public String id(int index) {
        if (index < 0 || index >= ids.size()) {
            throw new IllegalArgumentException("id index out of range: expected 0.." + (ids.size() - 1) + ", found "
                    + index);
        }
        return ids.get(index);
    }

    /** The dense int of an original id, or -1 when the dictionary lacks it. */
    public int indexOf(String id) {
        Objects.requireNonNull(id, "id");
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** Whether the dictionary holds {@code id}. */
    public boolean contains(String id) {
        return indexOf(id) >= 0;
    }

    /** The ids in dense-int order (unmodifiable). */
    @JsonProperty("ids")
    public List<String> ids() {
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdDictionary other && ids.equals(other.ids);
    }

    @Override
    public int hashCode() {
        return ids.hashCode();
    }

    @Override
    public String toString() {
        return "IdDictionary[" + ids.size() + " ids]";
    }

    /** Assigns the next dense int to each new id; {@link #build()} freezes the result. */
    public static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        private Builder() {
        }

        /**
         * The dense int of {@code id}, assigning the next one when the id is new.
         *
         * @throws NullPointerException if {@code id} is null
         */
        public int add(String id) {
            Objects.requireNonNull(id, "id");
            Integer known = index.get(id);
            if (known != null) {
                return known;
            }
            int next = ids.size();
            ids.add(id);
            index.put(id, next);
            return next;
        }

        /** The dense int of {@code id} if it was added, else -1. */
        public int indexOf(String id) {
            Objects.requireNonNull(id, "id");
            Integer i = index.get(id);
            return i == null ? -1 : i;
        }

        /** Number of ids added so far. */
        public int size() {
            return ids.size();
        }

        /** The frozen dictionary; the builder may go on adding, which does not change it. */
        public IdDictionary build() {
            return new IdDictionary(List.copyOf(ids), Map.copyOf(index));
        }
    }
}
