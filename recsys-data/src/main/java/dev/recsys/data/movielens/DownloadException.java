package dev.recsys.data.movielens;

import java.io.IOException;

/**
 * A dataset could not be fetched into the cache: the source was unreachable, or what arrived
 * did not match the recorded size or SHA-256. Nothing that looks like a dataset is left behind.
 */
public final class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    DownloadException(String message) {
        super(message);
    }

    DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
