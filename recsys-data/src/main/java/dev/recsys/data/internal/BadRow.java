package dev.recsys.data.internal;

/** A row that cannot be parsed; the message says what is wrong. Cheap: no stack trace. */
public final class BadRow extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRow(String problem) {
        super(problem, null, false, false);
    }
}
