package dev.recsys.data.movielens;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.Tags;
import dev.recsys.data.Users;
import dev.recsys.data.internal.BadRow;
import dev.recsys.data.internal.CsvRows;
import dev.recsys.data.internal.RowCursor;
import dev.recsys.data.internal.Tally;
import dev.recsys.data.split.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * ml-100k: u.item (pipe-separated, ISO-8859-1, genres as 0/1 flags), u.data (tab-separated
 * ratings, whole stars), u.user and u.genre when present. No tags. The predefined folds
 * ({@link Ml100kFold}) are base/test pairs in u.data's format.
 */
final class Ml100kLayoutReader {
    /** The genre of each u.item flag, in flag order, as ml-100k's u.genre lists them. */
    static final List<String> DEFAULT_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

    /** u.item fields before the genre flags: id, title, release date, video release date, IMDb URL. */
    private static final int ITEM_FIELDS = 5;

    private Ml100kLayoutReader() {
    }

    static MovieLensData read(Path dir, Tally tally) throws IOException {
        Movies movies = movies(dir, tally);
        Interactions.Builder ratings = Interactions.builder(movies, RatingScale.WHOLE_STARS);
        ratings(dir.resolve("u.data"), ratings, tally);
        Optional<Users> users = Optional.empty();
        Path userFile = dir.resolve("u.user");
        if (Files.exists(userFile)) {
            try (RowCursor rows = CsvRows.unquoted(userFile, Text.decode(userFile), '|')) {
                users = Optional.of(Tables.users(rows, Tables.UserColumns.ML_100K, tally));
            }
        }
        return new MovieLensData(ratings.build(), movies, Tags.EMPTY, users,
                new ReadReport(tally.skipped(), ratings.unmatchedMovies()));
    }

    /**
     * A predefined fold: the base file's ratings are train, the test file's test, both against
     * the u.item catalogue and one user index (validation is empty).
     */
    static Split readFold(Path dir, Ml100kFold fold, Tally tally) throws IOException {
        Movies movies = movies(dir, tally);
        Interactions.Builder ratings = Interactions.builder(movies, RatingScale.WHOLE_STARS);
        ratings(dir.resolve(fold.baseFile()), ratings, tally);
        int trainCount = ratings.size();
        ratings(dir.resolve(fold.testFile()), ratings, tally);
        Interactions all = ratings.build();
        int[] train = IntStream.range(0, trainCount).toArray();
        int[] test = IntStream.range(trainCount, all.size()).toArray();
        return new Split(all.select(train), all.select(test));
    }

    /** u.item, with genre names from u.genre when present. */
    private static Movies movies(Path dir, Tally tally) throws IOException {
        Path genreFile = dir.resolve("u.genre");
        List<String> genres = Files.exists(genreFile) ? genres(genreFile) : DEFAULT_GENRES;
        Path itemFile = dir.resolve("u.item");
        try (RowCursor rows = CsvRows.unquoted(itemFile, Text.decode(itemFile), '|')) {
            return movies(rows, genres, tally);
        }
    }

    /** Tab-separated ratings in u.data's format (user, item, whole stars, timestamp). */
    private static void ratings(Path file, Interactions.Builder into, Tally tally) throws IOException {
        try (RowCursor rows = CsvRows.unquoted(file, Text.ascii(file), '\t')) {
            Tables.ratings(rows, into, tally);
        }
    }

    /** u.genre: "name|flag position" per line, positions 0, 1, 2, ... in order; any problem is fatal. */
    private static List<String> genres(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        try (RowCursor rows = CsvRows.unquoted(file, Text.decode(file), '|')) {
            while (rows.next()) {
                String position = rows.fieldCount() == 2 ? rows.text(1) : "";
                if (!position.equals(Integer.toString(names.size()))) {
                    throw new MalformedInputException(file, rows.line(),
                            "expected 'name|" + names.size() + "', found '" + rows.joined('|') + "'");
                }
                names.add(rows.text(0));
            }
        }
        return names;
    }

    private static Movies movies(RowCursor rows, List<String> genreNames, Tally tally) throws IOException {
        Movies.Builder movies = Movies.builder();
        List<String> genres = new ArrayList<>();
        while (rows.next()) {
            try {
                rows.expectFields(ITEM_FIELDS + genreNames.size());
                int id = Tables.newMovieId(rows, movies);
                genres.clear();
                for (int g = 0; g < genreNames.size(); g++) {
                    String flag = rows.text(ITEM_FIELDS + g);
                    if (flag.equals("1")) {
                        genres.add(genreNames.get(g));
                    } else if (!flag.equals("0")) {
                        throw new BadRow("bad flag '" + flag + "' for genre " + genreNames.get(g) + ": expected 0 or 1");
                    }
                }
                movies.add(id, rows.text(1), genres);
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
        return movies.build();
    }
}
