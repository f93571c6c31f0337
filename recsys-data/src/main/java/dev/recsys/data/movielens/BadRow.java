package dev.recsys.data.movielens;

/** A row that cannot be parsed; the message says what is wrong. Cheap: no stack trace. */
final class BadRow extends Exception {
    private static final long serialVersionUID = 1L;

    BadRow(String problem) {
        super(problem, null, false, false);
    }
}
