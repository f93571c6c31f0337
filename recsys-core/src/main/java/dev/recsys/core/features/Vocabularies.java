package dev.recsys.core.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Turns token counts into a vocabulary: most frequent first, ties in a given order. */
final class Vocabularies {

    private Vocabularies() {
    }

    /**
     * The tokens seen at least {@code minFrequency} times, by descending count, ties by
     * {@code tieOrder}, at most {@code maxSize} of them.
     */
    static List<String> rank(Map<String, Integer> counts, Comparator<String> tieOrder,
                             int minFrequency, int maxSize) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minFrequency) {
                entries.add(e);
            }
        }
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(tieOrder)));
        List<String> tokens = new ArrayList<>(Math.min(maxSize, entries.size()));
        for (int i = 0; i < entries.size() && i < maxSize; i++) {
            tokens.add(entries.get(i).getKey());
        }
        return List.copyOf(tokens);
    }
}
