package dev.recsys.data;

import java.util.Map;
import java.util.Objects;

/**
 * What a read skipped or could not match, so that nothing is dropped silently.
 *
 * @param skippedRows malformed rows skipped under {@link MalformedRowPolicy#LENIENT}, by file name
 *     (only files with skips appear)
 * @param unmatchedMovieRatings ratings whose movie id the catalogue lacks (kept with movie index
 *     -1; the merge step of preprocessing drops them)
 */
public record ReadReport(Map<String, Long> skippedRows, long unmatchedMovieRatings) {

    /** Copies the map. */
    public ReadReport {
        Objects.requireNonNull(skippedRows, "skippedRows");
        skippedRows = Map.copyOf(skippedRows);
    }

    /** Malformed rows skipped in all files. */
    public long totalSkipped() {
        return skippedRows.values().stream().mapToLong(Long::longValue).sum();
    }
}
