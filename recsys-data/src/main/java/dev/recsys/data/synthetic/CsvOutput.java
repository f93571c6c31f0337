package dev.recsys.data.synthetic;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes RFC 4180 CSV rows (CRLF line ends, like the ml-latest files) straight into a byte
 * buffer, so that 25M rows cost no per-row allocation.
 */
final class CsvOutput implements Closeable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int position;
    private boolean rowStarted;

    CsvOutput(Path file) throws IOException {
        out = Files.newOutputStream(file);
    }

    /** A text field, quoted when it holds a comma, quote or line break, inner quotes doubled. */
    CsvOutput text(String value) throws IOException {
        separate();
        boolean quote = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        String field = quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
        for (byte b : field.getBytes(StandardCharsets.UTF_8)) {
            put(b);
        }
        return this;
    }

    /** A whole number. */
    CsvOutput number(long value) throws IOException {
        separate();
        if (value < 0) {
            put((byte) '-');
        }
        int n = 0;
        long rest = value;
        do {
            digits[n++] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
        } while (rest != 0);
        while (n > 0) {
            put(digits[--n]);
        }
        return this;
    }

    /** A non-negative multiple of 0.5 with one decimal, as MovieLens writes ratings: "4.0", "3.5". */
    CsvOutput halfStars(float value) throws IOException {
        int halves = Math.round(value * 2);
        number(halves / 2);
        put((byte) '.');
        put((byte) (halves % 2 == 0 ? '0' : '5'));
        return this;
    }

    /** Ends the row with CRLF. */
    void endRow() throws IOException {
        put((byte) '\r');
        put((byte) '\n');
        rowStarted = false;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    private void separate() throws IOException {
        if (rowStarted) {
            put((byte) ',');
        }
        rowStarted = true;
    }

    private void put(byte b) throws IOException {
        if (position == buffer.length) {
            out.write(buffer, 0, position);
            position = 0;
        }
        buffer[position++] = b;
    }
}
