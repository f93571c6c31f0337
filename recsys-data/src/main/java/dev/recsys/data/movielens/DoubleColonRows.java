package dev.recsys.data.movielens;

import dev.recsys.data.MalformedInputException;
import dev.recsys.data.internal.RowCursor;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rows of the ml-1m / ml-10m {@code ::} layout. The two-character separator is beyond a CSV
 * parser, so lines are split here; there is no quoting, titles may hold ':' but never "::".
 * Lines end in LF or CRLF. A line longer than {@link #MAX_CHARS} is fatal, as a field that long
 * is in the CSV layouts.
 */
final class DoubleColonRows extends RowCursor {
    private final Reader in;
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;

    DoubleColonRows(Path file, Reader in) {
        super(file);
        this.in = in;
        chars = new char[1 << 16];
    }

    @Override
    public boolean next() throws IOException {
        while (true) {
            int end = lineEnd();
            if (end < 0) {
                return false;
            }
            int start = pos;
            pos = end < limit ? end + 1 : end;
            lineNumber++;
            if (end > start && chars[end - 1] == '\r') {
                end--;
            }
            if (end > start) {
                split(start, end);
                line = lineNumber;
                return true;
            }
        }
    }

    /** Index of the '\n' ending the line at {@code pos} (or {@code limit} for a last line without one); -1 at the end. */
    private int lineEnd() throws IOException {
        int scanned = pos;
        while (true) {
            for (int k = scanned; k < limit; k++) {
                if (chars[k] == '\n') {
                    return checkLength(k);
                }
            }
            if (eof) {
                return pos < limit ? checkLength(limit) : -1;
            }
            checkLength(limit);
            scanned = limit - pos;
            System.arraycopy(chars, pos, chars, 0, scanned);
            limit = scanned;
            pos = 0;
            if (limit == chars.length) {
                chars = Arrays.copyOf(chars, chars.length * 2);
            }
            int n = in.read(chars, limit, chars.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    /** {@code end}, once the line from {@code pos} to it is known to fit {@link #MAX_CHARS}. */
    private int checkLength(int end) throws MalformedInputException {
        if (end - pos > MAX_CHARS) {
            throw new MalformedInputException(file(), lineNumber + 1,
                    "a line longer than " + MAX_CHARS + " characters, the most a line may hold");
        }
        return end;
    }

    private void split(int start, int end) {
        fieldCount = 0;
        int fieldStart = start;
        for (int k = start; k < end - 1; k++) {
            if (chars[k] == ':' && chars[k + 1] == ':') {
                addField(fieldStart, k);
                k++;
                fieldStart = k + 1;
            }
        }
        addField(fieldStart, end);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
