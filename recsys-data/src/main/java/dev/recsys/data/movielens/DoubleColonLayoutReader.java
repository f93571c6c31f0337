package dev.recsys.data.movielens;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.Tags;
import dev.recsys.data.Users;
import dev.recsys.data.internal.RowCursor;
import dev.recsys.data.internal.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ml-1m and ml-10m: movies.dat, ratings.dat, and users.dat (ml-1m) or tags.dat (ml-10m). A folder
 * with users.dat is taken as ml-1m, whose ratings are whole stars; otherwise ratings are half stars.
 */
final class DoubleColonLayoutReader {
    private DoubleColonLayoutReader() {
    }

    static MovieLensData read(Path dir, Tally tally) throws IOException {
        Movies movies;
        Path moviesFile = dir.resolve("movies.dat");
        try (RowCursor rows = new DoubleColonRows(moviesFile, Text.decode(moviesFile))) {
            movies = Tables.movies(rows, tally);
        }
        Path usersFile = dir.resolve("users.dat");
        boolean hasUsers = Files.exists(usersFile);
        Interactions.Builder ratings = Interactions.builder(movies,
                hasUsers ? RatingScale.WHOLE_STARS : RatingScale.HALF_STARS);
        Path ratingsFile = dir.resolve("ratings.dat");
        try (RowCursor rows = new DoubleColonRows(ratingsFile, Text.ascii(ratingsFile))) {
            Tables.ratings(rows, ratings, tally);
        }
        Tags tags = Tags.EMPTY;
        Path tagsFile = dir.resolve("tags.dat");
        if (Files.exists(tagsFile)) {
            try (RowCursor rows = new DoubleColonRows(tagsFile, Text.decode(tagsFile))) {
                tags = Tables.tags(rows, movies, tally);
            }
        }
        Optional<Users> users = Optional.empty();
        if (hasUsers) {
            try (RowCursor rows = new DoubleColonRows(usersFile, Text.decode(usersFile))) {
                users = Optional.of(Tables.users(rows, Tables.UserColumns.ML_1M, tally));
            }
        }
        return new MovieLensData(ratings.build(), movies, tags, users,
                new ReadReport(tally.skipped(), ratings.unmatchedMovies()));
    }
}
