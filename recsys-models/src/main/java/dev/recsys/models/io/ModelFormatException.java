package dev.recsys.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved model file that cannot be loaded: unknown format version, missing part, checksum
 * mismatch, truncation or malformed content. The message names the file and what is wrong.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    ModelFormatException(Path file, String problem) {
        super("cannot load model " + file + ": " + problem);
    }

    ModelFormatException(Path file, String problem, Throwable cause) {
        super("cannot load model " + file + ": " + problem, cause);
    }
}
