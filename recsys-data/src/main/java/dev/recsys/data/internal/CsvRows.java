package dev.recsys.data.internal;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.recsys.data.MalformedInputException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rows read by Jackson's streaming CSV parser (RFC 4180 quoting, CRLF or LF, UTF-8 BOM skipped),
 * token by token: no object per row. A field longer than {@link #MAX_CHARS} is fatal.
 */
public final class CsvRows extends RowCursor {
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_CHARS).build())
            .build();
    /** The same, with spaces around unquoted fields trimmed (a decoder setting fixed when the parser is made). */
    private static final CsvFactory TRIMMING = FACTORY.rebuild().enable(CsvParser.Feature.TRIM_SPACES).build();

    private final CsvParser parser;
    private boolean inRow;

    private CsvRows(Path file, CsvParser parser, CsvSchema schema) {
        super(file);
        this.parser = parser;
        parser.setSchema(schema);
    }

    /** Comma-separated, quoted with {@code "}, UTF-8 (Jackson detects a BOM). */
    public static CsvRows open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new CsvRows(file, FACTORY.createParser(in), CsvSchema.emptySchema());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Separated by {@code separator}, quoted with {@code "}, UTF-8 (Jackson detects a BOM), with
     * the spaces around unquoted fields trimmed (hand-written files): the reader of users' own
     * delimited files.
     */
    public static CsvRows openTrimmed(Path file, char separator) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new CsvRows(file, TRIMMING.createParser(in), CsvSchema.emptySchema().withColumnSeparator(separator));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Separated by {@code separator}, no quoting (ml-100k), from already decoded text. */
    public static CsvRows unquoted(Path file, Reader text, char separator) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator).withoutQuoteChar();
        return new CsvRows(file, FACTORY.createParser(text), schema);
    }

    @Override
    public boolean next() throws IOException {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            line = parser.currentLocation().getLineNr(); // the parser sits at the row's first character
            inRow = true;
            fieldCount = 0;
            int used = 0;
            while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                int length = parser.getTextLength();
                if (used + length > chars.length) {
                    chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
                }
                System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), chars, used, length);
                addField(used, used + length);
                used += length;
            }
            inRow = false;
            return true;
        } catch (StreamConstraintsException e) {
            // Jackson's length limit: fatal like a broken quote, the parser cannot resume in the field
            throw new MalformedInputException(file(), inRow ? line : parser.currentLocation().getLineNr(),
                    "unreadable CSV: a field longer than " + MAX_CHARS + " characters, the most a field may hold");
        } catch (StreamReadException | CharConversionException e) {
            // an unclosed quote or bad bytes: what follows cannot be trusted, so never skipped
            long at = inRow ? line : parser.currentLocation().getLineNr();
            String why = e instanceof StreamReadException s ? s.getOriginalMessage() : e.getMessage();
            throw new MalformedInputException(file(), at, "unreadable CSV: " + why);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
