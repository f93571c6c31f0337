package dev.recsys.core.features;

/**
 * Open-addressing map from int to int without boxing, for counting and looking up integer ids.
 * Not thread-safe while being filled; read-only use after filling is safe once published.
 */
final class IntIntMap {

    private int[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    IntIntMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedSize) * 2 - 1) << 1;
        keys = new int[capacity];
        values = new int[capacity];
        used = new boolean[capacity];
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or {@code missing} when absent. */
    int get(int key, int missing) {
        int mask = keys.length - 1;
        for (int slot = slot(key, mask); used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return values[slot];
            }
        }
        return missing;
    }

    void put(int key, int value) {
        int slot = findOrInsert(key); // may grow the table: read `values` only afterwards
        values[slot] = value;
    }

    /** Adds one to the value of {@code key}, which starts at 0. */
    void increment(int key) {
        int slot = findOrInsert(key);
        values[slot]++;
    }

    /** The keys present, in no particular order. */
    int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (used[slot]) {
                out[n++] = keys[slot];
            }
        }
        return out;
    }

    private int findOrInsert(int key) {
        int mask = keys.length - 1;
        int slot = slot(key, mask);
        while (used[slot]) {
            if (keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
            return findOrInsert(key);
        }
        used[slot] = true;
        keys[slot] = key;
        values[slot] = 0;
        size++;
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(int key, int mask) {
        // Fibonacci hashing: consecutive ids (the common case) spread over the table.
        return (key * 0x9E3779B9 >>> 16 ^ key * 0x9E3779B9) & mask;
    }
}
