package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTest {
    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("f.dat"), bytes);
    }

    private static String readAll(Reader reader) throws IOException {
        try (reader) {
            StringBuilder s = new StringBuilder();
            char[] buf = new char[7];
            for (int n; (n = reader.read(buf)) >= 0; ) {
                s.append(buf, 0, n);
            }
            return s.toString();
        }
    }

    @Test
    void validUtf8IsDecodedAsUtf8() throws IOException {
        Path file = write("Amélie (2001) – 東京".getBytes(StandardCharsets.UTF_8));
        assertThat(readAll(Text.decode(file))).isEqualTo("Amélie (2001) – 東京");
    }

    @Test
    void invalidUtf8FallsBackToIsoLatin1() throws IOException {
        Path file = write("Misérables, Les (1995)".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readAll(Text.decode(file))).isEqualTo("Misérables, Les (1995)");
    }

    @Test
    void byteOrderMarkIsDroppedInBothPaths() throws IOException {
        Path file = write(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "1::a".getBytes(StandardCharsets.UTF_8)));
        assertThat(readAll(Text.decode(file))).isEqualTo("1::a");
        assertThat(readAll(Text.ascii(file))).isEqualTo("1::a");
    }

    @Test
    void asciiKeepsStartsThatOnlyLookLikeAByteOrderMark() throws IOException {
        // EF BB 41: not a BOM, so all three bytes stay, decoded as ISO-8859-1 ("ï»A")
        assertThat(readAll(Text.ascii(write(new byte[] {(byte) 0xEF, (byte) 0xBB, 0x41})))).isEqualTo("\u00EF\u00BBA");
        assertThat(readAll(Text.ascii(write(new byte[] {0x31})))).isEqualTo("1");
        assertThat(readAll(Text.ascii(write(new byte[0])))).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
