package dev.recsys.data.internal;

import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one read met besides good rows: applies the malformed-row policy (throw, or count per file
 * and keep the first problem) and counts missing ratings.
 */
public final class Tally {
    private final MalformedRowPolicy policy;
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final Map<String, String> firstProblems = new LinkedHashMap<>();
    private long missingRatings;

    public Tally(MalformedRowPolicy policy) {
        this.policy = policy;
    }

    /** Fails under {@link MalformedRowPolicy#STRICT}; counts the current row as skipped otherwise. */
    public void reject(RowCursor rows, BadRow problem) throws MalformedInputException {
        MalformedInputException e = new MalformedInputException(rows.file(), rows.line(), problem.getMessage());
        if (policy == MalformedRowPolicy.STRICT) {
            throw e;
        }
        String name = rows.file().getFileName().toString();
        skipped.merge(name, 1L, Long::sum);
        firstProblems.putIfAbsent(name, e.getMessage());
    }

    public void missingRating() {
        missingRatings++;
    }

    public long missingRatings() {
        return missingRatings;
    }

    /** Skipped rows by file name, in the order files had their first skip. */
    public Map<String, Long> skipped() {
        return skipped;
    }

    /** Per file with skips: the count and the first problem. */
    public String skipSummary() {
        StringBuilder s = new StringBuilder();
        skipped.forEach((file, n) -> s.append(s.length() == 0 ? "" : "; ").append(file).append(": ").append(n)
                .append(" skipped (first: ").append(firstProblems.get(file)).append(')'));
        return s.toString();
    }
}
