package dev.recsys.models.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The stream of one part of a model file: counts and digests the bytes, never delivers more than
 * the part declares (it reads at most one byte beyond, to tell that the part holds more), and
 * turns every failure of the zip data under it into a {@link ModelFormatException} naming the
 * part, remembered so that it survives a parser that wraps it.
 */
final class PartInput extends InputStream {

    private final Path file;
    private final String part;
    private final InputStream in;
    private final long bound;
    private final MessageDigest digest = ModelArchive.sha256();
    private long count;
    private ModelFormatException failure;

    PartInput(Path file, String part, InputStream in, long bound) {
        this.file = file;
        this.part = part;
        this.in = in;
        this.bound = bound;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, bound - count + 1));
        } catch (IOException | RuntimeException e) {
            throw fail(new ModelFormatException(file, part, "damaged zip data: " + e.getMessage(), e));
        }
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
            if (count > bound) {
                throw fail(new ModelFormatException(file, part, "holds more than the " + bound
                        + " bytes it declares (a zip bomb?)"));
            }
        }
        return n;
    }

    /** Bytes the part may still hold. */
    long remaining() {
        return bound - count;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Reads to the end of the part, so that its size and checksum cover all of it. */
    void drain() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // digested and counted by read
        }
    }

    /** SHA-256 (hex) of everything read. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The failure of the zip data under this stream, or null: when a parser throws, this tells a
     * damaged or oversized part from content the parser refused.
     */
    ModelFormatException failure() {
        return failure;
    }

    private ModelFormatException fail(ModelFormatException e) {
        failure = e;
        return e;
    }

    /** Does nothing: a parser that closes its stream (Jackson does) must not end the part before it is drained. */
    @Override
    public void close() {
        // the archive closes the zip stream under this one
    }
}
