package dev.recsys.data;

import java.util.Arrays;

/**
 * Dense, insertion-ordered index of non-negative int ids: the first id added gets index 0.
 * Lookups go through a flat array when ids are small (MovieLens ids are below a million) and an
 * open-addressing table otherwise, so no boxing happens per row.
 */
final class IntIdIndex {
    private static final int EMPTY = -1;

    private int[] ids = new int[16];
    private int size;
    private int[] slots = emptySlots(32); // open addressing: slot -> index, EMPTY when free

    /** The index of {@code id}, adding it when new. */
    int add(int id) {
        int slot = find(id);
        if (slots[slot] != EMPTY) {
            return slots[slot];
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = id;
        slots[slot] = size;
        size++;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    /** The index of {@code id}, or -1 when absent. */
    int indexOf(int id) {
        return slots[find(id)];
    }

    /** The id at {@code index}. */
    int id(int index) {
        return ids[index];
    }

    int size() {
        return size;
    }

    /** A copy of the ids in index order. */
    int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    private int find(int id) {
        int mask = slots.length - 1;
        int slot = mix(id) & mask;
        while (slots[slot] != EMPTY && ids[slots[slot]] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void rehash() {
        slots = emptySlots(slots.length * 2);
        int mask = slots.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = mix(ids[i]) & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = i;
        }
    }

    private static int mix(int id) {
        int h = id * 0x9E3779B9; // Fibonacci hashing spreads consecutive ids
        return h ^ (h >>> 16);
    }

    private static int[] emptySlots(int n) {
        int[] s = new int[n];
        Arrays.fill(s, EMPTY);
        return s;
    }
}
