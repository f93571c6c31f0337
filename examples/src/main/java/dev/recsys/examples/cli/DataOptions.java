package dev.recsys.examples.cli;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.InteractionData;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.delimited.DelimitedReader;
import dev.recsys.data.delimited.TimeFormat;
import dev.recsys.data.movielens.MovieLens;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.models.io.OriginalIds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where a command's data comes from: a MovieLens folder ({@code --data}), or your own delimited
 * files ({@code --interactions}, optionally {@code --items}) with a column mapping.
 */
final class DataOptions {
    /** The environment variable naming a MovieLens folder. */
    static final String ENV = "RECSYS_DATA";

    @Option(names = "--data", paramLabel = "DIR", description = "A MovieLens folder of any layout (default: $"
            + ENV + ", else ml-latest-small, downloaded once into ~/.cache/recsys).")
    Path data;

    @Option(names = "--interactions", paramLabel = "FILE", description = "Your own interactions: a CSV or TSV file,"
            + " one row per interaction (user, item, optional rating and time).")
    Path interactions;

    @Option(names = "--items", paramLabel = "FILE", description = "Your own item file (id, optional text and"
            + " categories); without it the items are those of the interactions.")
    Path items;

    @Option(names = "--user-col", paramLabel = "COLUMN", defaultValue = "user",
            description = "Header name or 0-based position of the user id (default: ${DEFAULT-VALUE}).")
    String userColumn;

    @Option(names = "--item-col", paramLabel = "COLUMN", defaultValue = "item",
            description = "Header name or 0-based position of the item id (default: ${DEFAULT-VALUE}).")
    String itemColumn;

    @Option(names = "--rating-col", paramLabel = "COLUMN", description = "The rating column (default: none, implicit"
            + " feedback: every row counts as one interaction).")
    String ratingColumn;

    @Option(names = "--rating-scale", paramLabel = "MIN:MAX[:STEP]", description = "Scale of the rating column,"
            + " e.g. 1:10:1 or 0:100 (continuous) (default: 0.5:5:0.5, half stars, which holds whole stars too).")
    String ratingScale;

    @Option(names = "--time-col", paramLabel = "COLUMN", description = "The timestamp column (default: none).")
    String timeColumn;

    @Option(names = "--time-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "epoch_seconds, epoch_millis, iso_8601 or auto (default: ${DEFAULT-VALUE}: ISO-8601 text,"
                    + " else milliseconds from 100,000,000,000 on, else seconds).")
    TimeFormat timeFormat;

    @Option(names = "--item-id-col", paramLabel = "COLUMN", description = "Item id column of the item file"
            + " (default: the --item-col name).")
    String itemIdColumn;

    @Option(names = "--item-text-col", paramLabel = "COLUMN", description = "Text column of the item file, e.g. a"
            + " title (default: none, the id).")
    String itemTextColumn;

    @Option(names = "--item-categories-col", paramLabel = "COLUMN", description = "Categories column of the item"
            + " file (default: none).")
    String itemCategoriesColumn;

    @Option(names = "--category-separator", paramLabel = "CHAR", defaultValue = "|",
            description = "Separator of the categories (default: ${DEFAULT-VALUE}).")
    char categorySeparator;

    @Option(names = "--separator", paramLabel = "CHAR", description = "Field separator, 'tab' for a tab (default: a"
            + " tab for *.tsv and *.tab files, else a comma).")
    String separator;

    @Option(names = "--no-header", description = "The files have no header row: give columns as 0-based positions.")
    boolean noHeader;

    @Option(names = "--lenient", description = "Skip and count malformed rows instead of failing on the first.")
    boolean lenient;

    /** Whether any data was named ({@code --data} or {@code --interactions}). */
    boolean given() {
        return data != null || interactions != null;
    }

    /** Whether the data is the user's own files. */
    boolean ownFiles() {
        return interactions != null;
    }

    /**
     * Reads the data.
     *
     * @throws UsageException if the options contradict each other or a value is malformed
     * @throws IOException if the data cannot be read
     */
    Dataset load() throws IOException {
        return load(null);
    }

    /**
     * Reads the data onto a model's ids: own files are read with the model's dictionaries, so
     * that their users and items get the ints the model was trained on.
     *
     * @param known the model's original ids, or null for a model on int ids (MovieLens)
     * @throws UsageException if the options contradict each other or the model
     * @throws IOException if the data cannot be read
     */
    Dataset load(OriginalIds known) throws IOException {
        MalformedRowPolicy policy = lenient ? MalformedRowPolicy.LENIENT : MalformedRowPolicy.STRICT;
        if (interactions == null) {
            if (items != null) {
                throw new UsageException("--items needs --interactions");
            }
            Path dir = movieLensFolder();
            MovieLensData read = MovieLensReader.builder().policy(policy).build().read(dir);
            return new Dataset("MovieLens " + dir.toAbsolutePath().normalize(), read.ratings(), read.movies(),
                    Optional.empty(), Optional.empty(), true, read.tags().size(), read.report(), true);
        }
        if (data != null) {
            throw new UsageException("--data and --interactions exclude each other: give a MovieLens folder or your"
                    + " own files");
        }
        if (known != null && items != null) {
            throw new UsageException("--items is not needed with a model: its catalogue is in the model file");
        }
        DelimitedReader reader = reader(policy, known);
        InteractionData read = items == null ? reader.read(interactions) : reader.read(interactions, items);
        return new Dataset(interactions.toAbsolutePath().normalize().toString(), read.interactions(), read.items(),
                Optional.of(read.userIds()), Optional.of(read.itemIds()), read.timestamps(), 0, read.report(), false);
    }

    /** The MovieLens folder: --data, else $RECSYS_DATA, else ml-latest-small from the download cache. */
    Path movieLensFolder() throws IOException {
        if (data != null) {
            return data;
        }
        Logger log = LoggerFactory.getLogger(DataOptions.class);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            log.info("reading MovieLens from {}={}", ENV, env);
            return Path.of(env);
        }
        log.info("no --data and no {}: using the download cache", ENV);
        return MovieLens.builder().build().locate(MovieLens.Variant.LATEST_SMALL);
    }

    private DelimitedReader reader(MalformedRowPolicy policy, OriginalIds known) {
        try {
            DelimitedReader.Builder b = DelimitedReader.builder(userColumn, itemColumn).header(!noHeader)
                    .timeFormat(timeFormat).policy(policy);
            if (ratingColumn != null) {
                b.rating(ratingColumn);
            }
            if (ratingScale != null) {
                b.ratingScale(scale(ratingScale));
            }
            if (timeColumn != null) {
                b.timestamp(timeColumn);
            }
            if (itemIdColumn != null) {
                b.itemId(itemIdColumn);
            }
            if (itemTextColumn != null) {
                b.itemText(itemTextColumn);
            }
            if (itemCategoriesColumn != null) {
                b.itemCategories(itemCategoriesColumn, categorySeparator);
            }
            if (separator != null) {
                b.separator(separator(separator));
            }
            if (known != null) {
                b.knownIds(known.users(), known.items());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** "1:10:1" or "0:100". */
    static RatingScale scale(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                return RatingScale.continuous(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
            if (parts.length == 3) {
                return RatingScale.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad --rating-scale '" + text + "': expected MIN:MAX or MIN:MAX:STEP, e.g."
                + " 1:5:1");
    }

    /** A single character, or "tab" / "\t". */
    static char separator(String text) {
        if (text.equals("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1) {
            throw new IllegalArgumentException("bad --separator '" + text + "': expected one character or 'tab'");
        }
        return text.charAt(0);
    }
}
