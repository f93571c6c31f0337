package dev.recsys.data.movielens;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decoding of the files whose encoding the layout leaves open. */
final class Text {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Text() {
    }

    /**
     * A small text file decoded strictly as UTF-8, or as ISO-8859-1 when its bytes are not valid
     * UTF-8 (ml-1m and ml-100k are ISO-8859-1, ml-10m is UTF-8); a UTF-8 BOM is dropped.
     */
    static Reader decode(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int skip = startsWithBom(bytes) ? UTF8_BOM.length : 0;
        ByteBuffer content = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        try {
            return new StringReader(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(content)
                    .toString());
        } catch (CharacterCodingException e) {
            return new StringReader(new String(bytes, skip, bytes.length - skip, StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * A streaming reader for files of digits and separators (ratings), where any encoding
     * agreeing with ASCII gives the same text; ISO-8859-1 is the cheapest to decode. A UTF-8 BOM
     * is dropped.
     */
    static Reader ascii(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(UTF8_BOM.length);
            byte[] head = in.readNBytes(UTF8_BOM.length);
            if (!startsWithBom(head)) {
                in.reset();
            }
            return new InputStreamReader(in, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1]
                && bytes[2] == UTF8_BOM[2];
    }
}
