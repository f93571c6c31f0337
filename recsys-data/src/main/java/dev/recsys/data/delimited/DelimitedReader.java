package dev.recsys.data.delimited;

import dev.recsys.core.data.IdDictionary;
import dev.recsys.core.data.RatingScale;
import dev.recsys.data.InteractionData;
import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.internal.BadRow;
import dev.recsys.data.internal.CsvRows;
import dev.recsys.data.internal.RowCursor;
import dev.recsys.data.internal.Tally;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads your own interaction data from delimited text files (CSV, TSV, with or without a header)
 * into {@link InteractionData}: one file of interactions (user, item, optional rating, optional
 * timestamp) and, optionally, one of items (id, optional text, optional categories).
 *
 * <pre>{@code
 * DelimitedReader reader = DelimitedReader.builder("customer_id", "sku")   // required columns
 *         .timestamp("clicked_at")                 // epoch seconds, millis or ISO-8601
 *         .itemText("name").itemCategories("tags", ';')
 *         .build();
 * InteractionData data = reader.read(Path.of("clicks.csv"), Path.of("products.csv"));
 * }</pre>
 *
 * <p><b>Ids</b> are strings, kept as written ({@code "u-8812"}, {@code "SKU-19-B"}, {@code "42"}),
 * and mapped to dense ints {@code 0..n-1} in order of first appearance; the
 * {@link IdDictionary dictionaries} in the result give them back. Without an item file the
 * catalogue is the items of the interactions, titled by their ids; with one, the catalogue is the
 * item file in file order, and an interaction whose item it lacks is kept with item index -1 and
 * counted in {@link ReadReport#unmatchedMovieRatings()} (as the MovieLens readers do; the
 * {@code mergeWithMovies} preprocessing step drops it).
 *
 * <p><b>Feedback.</b> Without a rating column the data is implicit: every row has rating 1 on
 * {@link RatingScale#IMPLICIT}, which trains retrieval and is evaluated with the ranking metrics.
 * A rating column holds plain decimals ({@code 4}, {@code 3.5}) on {@link Builder#ratingScale};
 * an empty rating is missing (NaN, dropped by the {@code dropMissing} step).
 *
 * <p><b>Columns</b> are named by the header, or, in a file without a header (and for a name the
 * header lacks), given as 0-based positions ({@code "0"}, {@code "3"}). Fields follow RFC 4180:
 * quoted with {@code "} (a quoted field may hold the separator, quotes doubled and line breaks),
 * UTF-8, a BOM skipped, CRLF or LF, blank lines ignored; spaces around an unquoted field are
 * trimmed. The separator is a tab for files named {@code *.tsv} or {@code *.tab} and a comma
 * otherwise, unless {@link Builder#separator} sets it.
 *
 * <p><b>Bad input</b> follows the MovieLens readers' rules: a row that cannot be parsed (a field
 * count other than the header's, or fewer fields than the columns need, an empty id, a rating off
 * the scale, a bad timestamp, a duplicate item id in the item file) fails the read with a
 * {@link MalformedInputException} whose message starts with {@code file:line:}, or, under
 * {@link MalformedRowPolicy#LENIENT}, is skipped and counted in
 * {@link ReadReport#skippedRows()}. A file with a header but no header row, a column missing
 * from the header, an unclosed quote and bytes that are not UTF-8 are fatal under either policy.
 * A file without a header and without rows gives no rows. Instances are immutable and
 * thread-safe.
 */
public final class DelimitedReader {
    private static final Logger LOG = LoggerFactory.getLogger(DelimitedReader.class);
    private static final long MILLIS_FROM = 100_000_000_000L;

    private final String userColumn;
    private final String itemColumn;
    private final String ratingColumn;
    private final String timeColumn;
    private final TimeFormat timeFormat;
    private final RatingScale scale;
    private final Character separator;
    private final boolean header;
    private final String itemIdColumn;
    private final String itemTextColumn;
    private final String itemCategoriesColumn;
    private final char categorySeparator;
    private final MalformedRowPolicy policy;
    private final IdDictionary knownUsers;
    private final IdDictionary knownItems;

    private DelimitedReader(Builder b) {
        this.userColumn = b.userColumn;
        this.itemColumn = b.itemColumn;
        this.ratingColumn = b.ratingColumn;
        this.timeColumn = b.timeColumn;
        this.timeFormat = b.timeFormat;
        this.scale = b.ratingColumn == null ? RatingScale.IMPLICIT : b.scale;
        this.separator = b.separator;
        this.header = b.header;
        this.itemIdColumn = b.itemIdColumn != null ? b.itemIdColumn : b.itemColumn;
        this.itemTextColumn = b.itemTextColumn;
        this.itemCategoriesColumn = b.itemCategoriesColumn;
        this.categorySeparator = b.categorySeparator;
        this.policy = b.policy;
        this.knownUsers = b.knownUsers;
        this.knownItems = b.knownItems;
    }

    /**
     * A builder for files whose user and item ids are in these columns.
     *
     * @param userColumn header name or 0-based position of the user id
     * @param itemColumn header name or 0-based position of the item id
     */
    public static Builder builder(String userColumn, String itemColumn) {
        return new Builder(Objects.requireNonNull(userColumn, "userColumn"),
                Objects.requireNonNull(itemColumn, "itemColumn"));
    }

    /**
     * Reads an interaction file; the catalogue is the items it names, in order of first
     * appearance (after the known ones, see {@link Builder#knownIds}), each titled by its id and
     * without categories.
     *
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws MalformedInputException on a malformed row under {@link MalformedRowPolicy#STRICT},
     *     or a structural error (header, quoting, encoding) under any policy
     * @throws IOException if reading fails
     */
    public InteractionData read(Path interactions) throws IOException {
        Objects.requireNonNull(interactions, "interactions");
        long start = System.nanoTime();
        Tally tally = new Tally(policy);
        IdDictionary.Builder userIds = startUsers();
        IdDictionary.Builder itemIds = knownItems == null ? IdDictionary.builder() : IdDictionary.builder(knownItems);
        RowBuffer rows = new RowBuffer();
        readInteractions(interactions, tally, userIds, itemIds, true, rows);
        Movies.Builder catalogue = Movies.builder();
        IdDictionary items = itemIds.build();
        for (int i = 0; i < items.size(); i++) {
            catalogue.add(i, items.id(i), List.of());
        }
        Movies movies = catalogue.build();
        Interactions.Builder table = Interactions.builder(movies, scale);
        rows.drainTo(table);
        return finish(interactions, null, start, tally, table, movies, userIds, items);
    }

    /**
     * Reads an item file, then an interaction file whose items point into it.
     *
     * @throws IllegalStateException if the reader has known item ids ({@link Builder#knownIds})
     * @throws java.nio.file.NoSuchFileException if a file is missing
     * @throws MalformedInputException on a malformed row under {@link MalformedRowPolicy#STRICT},
     *     or a structural error (header, quoting, encoding) under any policy
     * @throws IOException if reading fails
     */
    public InteractionData read(Path interactions, Path items) throws IOException {
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(items, "items");
        long start = System.nanoTime();
        if (knownItems != null) {
            throw new IllegalStateException("known item ids (Builder.knownIds) apply to an interaction file read alone;"
                    + " with an item file the catalogue is the file's");
        }
        Tally tally = new Tally(policy);
        IdDictionary.Builder itemIds = IdDictionary.builder();
        Movies movies = readItems(items, tally, itemIds);
        IdDictionary.Builder userIds = startUsers();
        Interactions.Builder table = Interactions.builder(movies, scale);
        readInteractions(interactions, tally, userIds, itemIds, false, table::add);
        return finish(interactions, items, start, tally, table, movies, userIds, itemIds.build());
    }

    private IdDictionary.Builder startUsers() {
        return knownUsers == null ? IdDictionary.builder() : IdDictionary.builder(knownUsers);
    }

    private InteractionData finish(Path interactions, Path items, long start, Tally tally, Interactions.Builder table,
            Movies movies, IdDictionary.Builder userIds, IdDictionary itemIds) {
        InteractionData data = new InteractionData(table.build(), movies, userIds.build(), itemIds,
                timeColumn != null, new ReadReport(tally.skipped(), table.unmatchedMovies()));
        LOG.info("read {}{} in {} ms: {} interactions, {} users, {} items ({}); {} interactions of items missing"
                        + " from the catalogue, {} missing ratings, {} malformed rows skipped",
                interactions, items == null ? "" : " and " + items, (System.nanoTime() - start) / 1_000_000,
                data.interactions().size(), data.userIds().size(), movies.size(),
                ratingColumn == null ? "implicit feedback" : "ratings on the " + scale,
                table.unmatchedMovies(), tally.missingRatings(), data.report().totalSkipped());
        if (!tally.skipped().isEmpty()) {
            LOG.warn("skipped malformed rows: {}", tally.skipSummary());
        }
        return data;
    }

    /** Where rows go: straight into the table, or into a buffer until the catalogue is known. */
    private interface RowSink {
        void add(int user, int item, float rating, long time);
    }

    private void readInteractions(Path file, Tally tally, IdDictionary.Builder userIds, IdDictionary.Builder itemIds,
            boolean addItems, RowSink sink) throws IOException {
        try (CsvRows rows = CsvRows.openTrimmed(file, separatorOf(file))) {
            Layout layout = Layout.read(rows, header, userColumn, itemColumn, ratingColumn, timeColumn);
            int userField = layout.field(0);
            int itemField = layout.field(1);
            int ratingField = layout.field(2);
            int timeField = layout.field(3);
            while (rows.next()) {
                try {
                    layout.check(rows);
                    String user = nonEmpty(rows, userField, "user id");
                    String item = nonEmpty(rows, itemField, "item id");
                    float rating = ratingField < 0 ? 1f : rows.rating(ratingField, scale);
                    long time = timeField < 0 ? 0 : time(rows, timeField);
                    if (Float.isNaN(rating)) {
                        tally.missingRating();
                    }
                    int itemIndex = addItems ? itemIds.add(item) : itemIds.indexOf(item);
                    sink.add(userIds.add(user), itemIndex, rating, time);
                } catch (BadRow e) {
                    tally.reject(rows, e);
                }
            }
        }
    }

    private Movies readItems(Path file, Tally tally, IdDictionary.Builder itemIds) throws IOException {
        Movies.Builder movies = Movies.builder();
        try (CsvRows rows = CsvRows.openTrimmed(file, separatorOf(file))) {
            Layout layout = Layout.read(rows, header, itemIdColumn, itemTextColumn, itemCategoriesColumn);
            int idField = layout.field(0);
            int textField = layout.field(1);
            int categoriesField = layout.field(2);
            while (rows.next()) {
                try {
                    layout.check(rows);
                    String id = nonEmpty(rows, idField, "item id");
                    if (itemIds.indexOf(id) >= 0) {
                        throw new BadRow("duplicate item id '" + id + "'");
                    }
                    String text = textField < 0 ? id : rows.text(textField);
                    List<String> categories = categoriesField < 0 ? List.of()
                            : split(rows.text(categoriesField), categorySeparator);
                    movies.add(itemIds.add(id), text, categories);
                } catch (BadRow e) {
                    tally.reject(rows, e);
                }
            }
        }
        return movies.build();
    }

    private char separatorOf(Path file) {
        if (separator != null) {
            return separator;
        }
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".tsv") || lower.endsWith(".tab") ? '\t' : ',';
    }

    private static String nonEmpty(RowCursor rows, int field, String what) throws BadRow {
        if (rows.isEmpty(field)) {
            throw new BadRow("empty " + what);
        }
        return rows.text(field);
    }

    /** The non-empty, trimmed parts of {@code text} between separators. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == separator) {
                String part = text.substring(from, i).strip();
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                from = i + 1;
            }
        }
        return parts;
    }

    private long time(RowCursor rows, int field) throws BadRow {
        switch (timeFormat) {
            case EPOCH_SECONDS:
                return rows.timestamp(field);
            case EPOCH_MILLIS:
                return rows.epochMillis(field);
            case ISO_8601:
                return iso(rows.text(field));
            default:
                if (!rows.isWholeNumber(field)) {
                    return iso(rows.text(field));
                }
                long v = rows.wholeNumber(field, "epoch seconds, epoch milliseconds or ISO-8601");
                return RowCursor.inYearRange(Math.abs(v) >= MILLIS_FROM ? Math.floorDiv(v, 1000) : v);
        }
    }

    /** Seconds since 1970 of an ISO-8601 date-time or date; see {@link TimeFormat#ISO_8601}. */
    static long iso(String text) throws BadRow {
        String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        long seconds;
        try {
            if (t.indexOf('T') < 0) {
                seconds = LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC)
                        .toEpochSecond();
            } else {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from,
                        LocalDateTime::from);
                seconds = parsed instanceof ZonedDateTime zoned ? zoned.toEpochSecond()
                        : ((LocalDateTime) parsed).toEpochSecond(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new BadRow("bad timestamp '" + text + "': expected ISO-8601 such as 2018-06-23T20:00:00Z,"
                    + " 2018-06-23 20:00:00 or 2018-06-23");
        }
        return RowCursor.inYearRange(seconds);
    }

    /** Rows of a file whose catalogue is not known until its end. */
    private static final class RowBuffer implements RowSink {
        private int[] users = new int[1024];
        private int[] items = new int[1024];
        private float[] ratings = new float[1024];
        private long[] times = new long[1024];
        private int size;

        @Override
        public void add(int user, int item, float rating, long time) {
            if (size == users.length) {
                int capacity = size + (size >> 1);
                users = Arrays.copyOf(users, capacity);
                items = Arrays.copyOf(items, capacity);
                ratings = Arrays.copyOf(ratings, capacity);
                times = Arrays.copyOf(times, capacity);
            }
            users[size] = user;
            items[size] = item;
            ratings[size] = rating;
            times[size] = time;
            size++;
        }

        void drainTo(Interactions.Builder table) {
            for (int i = 0; i < size; i++) {
                table.add(users[i], items[i], ratings[i], times[i]);
            }
        }
    }

    /** The positions of the wanted columns in one file, and the field count its rows must have. */
    private static final class Layout {
        private final int[] fields;
        private final int exactCount;
        private final int minCount;

        private Layout(int[] fields, int exactCount) {
            this.fields = fields;
            this.exactCount = exactCount;
            this.minCount = Arrays.stream(fields).max().orElse(-1) + 1;
        }

        /**
         * Reads the header row when there is one and resolves {@code columns} (null: not wanted)
         * against it: a header name, else a 0-based position.
         */
        static Layout read(RowCursor rows, boolean header, String... columns) throws IOException {
            int[] fields = new int[columns.length];
            if (!header) {
                for (int c = 0; c < columns.length; c++) {
                    fields[c] = columns[c] == null ? -1 : Integer.parseInt(columns[c]); // checked by build()
                }
                return new Layout(fields, -1);
            }
            List<String> wanted = Arrays.stream(columns).filter(Objects::nonNull).toList();
            if (!rows.next()) {
                throw new MalformedInputException(rows.file(), 1, "empty file: expected a header row naming the"
                        + " columns " + String.join(", ", wanted));
            }
            List<String> names = new ArrayList<>();
            for (int f = 0; f < rows.fieldCount(); f++) {
                names.add(rows.text(f));
            }
            for (int c = 0; c < columns.length; c++) {
                String column = columns[c];
                if (column == null) {
                    fields[c] = -1;
                } else if (names.contains(column)) {
                    fields[c] = names.indexOf(column);
                } else if (isPosition(column) && Integer.parseInt(column) < names.size()) {
                    fields[c] = Integer.parseInt(column);
                } else {
                    throw new MalformedInputException(rows.file(), rows.line(), "no column '" + column
                            + "' in the header " + rows.joined(',') + " (expected the columns "
                            + String.join(", ", wanted) + ")");
                }
            }
            return new Layout(fields, names.size());
        }

        int field(int column) {
            return fields[column];
        }

        void check(RowCursor rows) throws BadRow {
            if (exactCount >= 0) {
                rows.expectFields(exactCount);
            } else if (rows.fieldCount() < minCount) {
                throw new BadRow("expected at least " + minCount + " fields, found " + rows.fieldCount());
            }
        }
    }

    /** Whether a column is given as a 0-based position: digits only, at most 9 of them. */
    static boolean isPosition(String column) {
        return !column.isEmpty() && column.length() <= 9 && column.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Settings of a {@link DelimitedReader}. */
    public static final class Builder {
        private final String userColumn;
        private final String itemColumn;
        private String ratingColumn;
        private String timeColumn;
        private TimeFormat timeFormat = TimeFormat.AUTO;
        private RatingScale scale = RatingScale.HALF_STARS;
        private Character separator;
        private boolean header = true;
        private String itemIdColumn;
        private String itemTextColumn;
        private String itemCategoriesColumn;
        private char categorySeparator = '|';
        private MalformedRowPolicy policy = MalformedRowPolicy.STRICT;
        private IdDictionary knownUsers;
        private IdDictionary knownItems;

        private Builder(String userColumn, String itemColumn) {
            this.userColumn = userColumn;
            this.itemColumn = itemColumn;
        }

        /**
         * The column of explicit ratings; default none: implicit feedback, every row rated 1 on
         * {@link RatingScale#IMPLICIT}.
         */
        public Builder rating(String column) {
            this.ratingColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * The scale of the rating column; default {@link RatingScale#HALF_STARS} (0.5 to 5 in half
         * stars, which also holds whole stars 1 to 5). Ignored without a rating column.
         */
        public Builder ratingScale(RatingScale scale) {
            this.scale = Objects.requireNonNull(scale, "scale");
            return this;
        }

        /** The timestamp column; default none (every row at time 0). */
        public Builder timestamp(String column) {
            this.timeColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /** How the timestamp column is written; default {@link TimeFormat#AUTO}. */
        public Builder timeFormat(TimeFormat format) {
            this.timeFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** The field separator of both files; default by file name: a tab for {@code *.tsv} and {@code *.tab}, else a comma. */
        public Builder separator(char separator) {
            this.separator = separator;
            return this;
        }

        /** Whether the files start with a header row naming the columns; default true. */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The item id column of the item file; default the interaction file's item column. */
        public Builder itemId(String column) {
            this.itemIdColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /** The text column of the item file (a title or description); default none (the text is the id). */
        public Builder itemText(String column) {
            this.itemTextColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * The categories column of the item file, categories separated by {@code separator}
         * (spaces around them trimmed, empty ones dropped); default none.
         */
        public Builder itemCategories(String column, char separator) {
            this.itemCategoriesColumn = Objects.requireNonNull(column, "column");
            this.categorySeparator = separator;
            return this;
        }

        /** What to do with a row that cannot be parsed; default {@link MalformedRowPolicy#STRICT}. */
        public Builder policy(MalformedRowPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Reads ids onto a model's ints: ids of {@code users} and {@code items} keep their dense
         * ints, new ones get the next (a held-out file of a model's dataset read for evaluation or
         * exclusions); default none. Known items apply to {@link #read(Path)} only.
         */
        public Builder knownIds(IdDictionary users, IdDictionary items) {
            this.knownUsers = Objects.requireNonNull(users, "users");
            this.knownItems = Objects.requireNonNull(items, "items");
            return this;
        }

        /**
         * The reader.
         *
         * @throws IllegalArgumentException if a column is empty, if without a header a column is
         *     not a 0-based position, or if the separator is a quote or a line break
         */
        public DelimitedReader build() {
            String[] columns = {userColumn, itemColumn, ratingColumn, timeColumn, itemIdColumn, itemTextColumn,
                itemCategoriesColumn};
            for (String column : columns) {
                if (column == null) {
                    continue;
                }
                if (column.isEmpty()) {
                    throw new IllegalArgumentException("a column must be a header name or a 0-based position, found"
                            + " an empty string");
                }
                if (!header && !isPosition(column)) {
                    throw new IllegalArgumentException("column '" + column + "' is a name, but the files have no"
                            + " header: give its 0-based position, such as \"0\"");
                }
            }
            if (separator != null && (separator == '"' || separator == '\n' || separator == '\r')) {
                throw new IllegalArgumentException("separator must not be a quote or a line break, found "
                        + (int) (char) separator);
            }
            return new DelimitedReader(this);
        }
    }
}
