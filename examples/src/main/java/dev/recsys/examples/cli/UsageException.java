package dev.recsys.examples.cli;

/**
 * Bad arguments found while a command runs (options that exclude each other, a value the data
 * rejects): reported like a parser error, one line and exit code 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
