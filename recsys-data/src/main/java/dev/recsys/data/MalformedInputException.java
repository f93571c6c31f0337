package dev.recsys.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A data file holds a row that cannot be parsed; the message names the file and the line. */
public final class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** 1-based line number of the bad row. */
    private final long line;

    /**
     * @param file the file being read
     * @param line 1-based line number of the bad row
     * @param problem what is wrong, e.g. "expected 4 fields, found 3"
     */
    public MalformedInputException(Path file, long line, String problem) {
        super(Objects.requireNonNull(file, "file") + ":" + line + ": " + Objects.requireNonNull(problem, "problem"));
        this.file = file;
        this.line = line;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** 1-based line number of the bad row. */
    public long line() {
        return line;
    }
}
