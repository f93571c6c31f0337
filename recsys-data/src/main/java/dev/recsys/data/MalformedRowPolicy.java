package dev.recsys.data;

/** What a reader does with a row it cannot parse. */
public enum MalformedRowPolicy {
    /** Fail with a {@link MalformedInputException} naming the file and line (the default). */
    STRICT,
    /** Skip the row, count it in the {@link ReadReport}, and log a summary. */
    LENIENT
}
