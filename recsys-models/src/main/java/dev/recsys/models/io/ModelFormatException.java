package dev.recsys.models.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that cannot be loaded: not a zip, truncated, unknown format version, a missing,
 * oversized, altered or malformed part. The message names the file, the part at fault and what is
 * wrong, e.g. {@code cannot load model m.zip [weights.bin]: checksum mismatch ...}; {@link #part()}
 * gives the part alone.
 */
public final class ModelFormatException extends IOException {

    /** The part name used for problems of the zip container itself (directory, headers, end record). */
    public static final String CONTAINER = "zip";

    private static final long serialVersionUID = 1L;

    /** The part at fault. */
    private final String part;

    /**
     * A refusal.
     *
     * @param file the model file
     * @param part the part at fault, e.g. {@code "weights.bin"}, or {@link #CONTAINER}
     * @param problem what is wrong, expected and found
     */
    public ModelFormatException(Path file, String part, String problem) {
        this(file, part, problem, null);
    }

    /** A refusal caused by {@code cause}. */
    public ModelFormatException(Path file, String part, String problem, Throwable cause) {
        super("cannot load model " + file + " [" + Objects.requireNonNull(part, "part") + "]: " + problem, cause);
        this.part = part;
    }

    /** The part at fault: a part name such as {@code "weights.bin"}, or {@link #CONTAINER}. */
    public String part() {
        return part;
    }
}
