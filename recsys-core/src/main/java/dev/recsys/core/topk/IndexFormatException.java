package dev.recsys.core.topk;

import java.io.IOException;

/**
 * A saved index that cannot be read: a wrong magic number or format version, a value out of
 * range, a truncated stream, or a checksum that does not match. The message names the part.
 */
public final class IndexFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the part of the saved index */
    public IndexFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the part of the saved index
     * @param cause   the underlying failure, e.g. an {@link java.io.EOFException}
     */
    public IndexFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
