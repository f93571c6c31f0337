package dev.recsys.data.movielens;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.Links;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.Movies;
import dev.recsys.data.Tags;
import dev.recsys.data.Users;
import dev.recsys.data.internal.BadRow;
import dev.recsys.data.internal.RowCursor;
import dev.recsys.data.internal.Tally;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/** The tables every layout shares, read from rows whatever their separator. */
final class Tables {

    /** Column positions of the user files: ml-1m puts gender before age, ml-100k after. */
    record UserColumns(int id, int gender, int age, int occupation, int zip) {
        static final UserColumns ML_1M = new UserColumns(0, 1, 2, 3, 4);
        static final UserColumns ML_100K = new UserColumns(0, 2, 1, 3, 4);
    }

    private Tables() {
    }

    /** Consumes the header row, which must be exactly {@code names} (a wrong header is fatal under any policy). */
    static void header(RowCursor rows, String... names) throws IOException {
        String expected = String.join(",", names);
        if (!rows.next()) {
            throw new MalformedInputException(rows.file(), 1, "empty file: expected header " + expected);
        }
        String found = rows.joined(',');
        if (!found.equals(expected)) {
            throw new MalformedInputException(rows.file(), rows.line(),
                    "expected header " + expected + ", found " + found);
        }
    }

    /** Rows of {@code movieId, title, genres} with genres separated by '|'. */
    static Movies movies(RowCursor rows, Tally tally) throws IOException {
        Movies.Builder movies = Movies.builder();
        while (rows.next()) {
            try {
                rows.expectFields(3);
                int id = newMovieId(rows, movies);
                String genres = rows.text(2);
                movies.add(id, rows.text(1), genres.isEmpty() ? List.of() : List.of(genres.split("\\|")));
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
        return movies.build();
    }

    /** The movie id in the first field, which must not be in {@code movies} yet. */
    static int newMovieId(RowCursor rows, Movies.Builder movies) throws BadRow {
        int id = rows.id(0, "movie id");
        if (movies.contains(id)) {
            throw new BadRow("duplicate movie id " + id);
        }
        return id;
    }

    /**
     * Rows of {@code userId, movieId, rating, timestamp} on the scale of {@code into}; an empty
     * rating is kept as missing (NaN).
     */
    static void ratings(RowCursor rows, Interactions.Builder into, Tally tally) throws IOException {
        RatingScale scale = into.scale();
        while (rows.next()) {
            try {
                rows.expectFields(4);
                int user = rows.id(0, "user id");
                int movie = rows.id(1, "movie id");
                float rating = rows.rating(2, scale);
                long time = rows.timestamp(3);
                if (Float.isNaN(rating)) {
                    tally.missingRating();
                }
                into.add(user, movie, rating, time);
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
    }

    /** Rows of {@code userId, movieId, tag, timestamp}; a movie the catalogue lacks gets index -1. */
    static Tags tags(RowCursor rows, Movies movies, Tally tally) throws IOException {
        IntStream.Builder users = IntStream.builder();
        IntStream.Builder movieIndices = IntStream.builder();
        List<String> texts = new ArrayList<>();
        LongStream.Builder times = LongStream.builder();
        while (rows.next()) {
            try {
                rows.expectFields(4);
                int user = rows.id(0, "user id");
                int movie = rows.id(1, "movie id");
                long time = rows.timestamp(3);
                users.add(user);
                movieIndices.add(movies.indexOf(movie));
                texts.add(rows.text(2));
                times.add(time);
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
        return new Tags(users.build().toArray(), movieIndices.build().toArray(), texts, times.build().toArray());
    }

    /** Rows of a users file laid out as {@code columns}; gender is M or F, ages are integers. */
    static Users users(RowCursor rows, UserColumns columns, Tally tally) throws IOException {
        IntStream.Builder ids = IntStream.builder();
        List<String> genders = new ArrayList<>();
        IntStream.Builder ages = IntStream.builder();
        List<String> occupations = new ArrayList<>();
        List<String> zips = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        while (rows.next()) {
            try {
                rows.expectFields(5);
                int id = rows.id(columns.id(), "user id");
                String gender = rows.text(columns.gender());
                if (!gender.equals("M") && !gender.equals("F")) {
                    throw new BadRow("bad gender '" + gender + "': expected M or F");
                }
                int age = rows.id(columns.age(), "age");
                if (!seen.add(id)) {
                    throw new BadRow("duplicate user id " + id);
                }
                ids.add(id);
                genders.add(gender);
                ages.add(age);
                occupations.add(rows.text(columns.occupation()));
                zips.add(rows.text(columns.zip()));
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
        return new Users(ids.build().toArray(), genders, ages.build().toArray(), occupations, zips);
    }

    /**
     * Rows of {@code movieId, imdbId, tmdbId} for movies of the catalogue; the TMDb id may be empty.
     * Movies without a row get {@link Links#NONE}.
     */
    static Links links(RowCursor rows, Movies movies, Tally tally) throws IOException {
        int[] imdb = new int[movies.size()];
        int[] tmdb = new int[movies.size()];
        Arrays.fill(imdb, Links.NONE);
        Arrays.fill(tmdb, Links.NONE);
        boolean[] seen = new boolean[movies.size()];
        while (rows.next()) {
            try {
                rows.expectFields(3);
                int id = rows.id(0, "movie id");
                int movie = movies.indexOf(id);
                if (movie < 0) {
                    throw new BadRow("movie id " + id + " is not in the catalogue");
                }
                if (seen[movie]) {
                    throw new BadRow("duplicate movie id " + id);
                }
                int imdbId = rows.id(1, "IMDb id");
                int tmdbId = rows.isEmpty(2) ? Links.NONE : rows.id(2, "TMDb id");
                seen[movie] = true;
                imdb[movie] = imdbId;
                tmdb[movie] = tmdbId;
            } catch (BadRow e) {
                tally.reject(rows, e);
            }
        }
        return new Links(imdb, tmdb);
    }
}
