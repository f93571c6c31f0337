package dev.recsys.data.movielens;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.Links;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.Tags;
import dev.recsys.data.internal.CsvRows;
import dev.recsys.data.internal.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** ml-latest-small, ml-latest, ml-25m, ml-32m: movies.csv, ratings.csv and, when present, tags.csv and links.csv. */
final class CsvLayoutReader {
    private CsvLayoutReader() {
    }

    static MovieLensData read(Path dir, Tally tally) throws IOException {
        Movies movies;
        try (CsvRows rows = CsvRows.open(dir.resolve("movies.csv"))) {
            Tables.header(rows, "movieId", "title", "genres");
            movies = Tables.movies(rows, tally);
        }
        Interactions.Builder ratings = Interactions.builder(movies, RatingScale.HALF_STARS);
        try (CsvRows rows = CsvRows.open(dir.resolve("ratings.csv"))) {
            Tables.header(rows, "userId", "movieId", "rating", "timestamp");
            Tables.ratings(rows, ratings, tally);
        }
        Tags tags = Tags.EMPTY;
        Path tagsFile = dir.resolve("tags.csv");
        if (Files.exists(tagsFile)) {
            try (CsvRows rows = CsvRows.open(tagsFile)) {
                Tables.header(rows, "userId", "movieId", "tag", "timestamp");
                tags = Tables.tags(rows, movies, tally);
            }
        }
        Optional<Links> links = Optional.empty();
        Path linksFile = dir.resolve("links.csv");
        if (Files.exists(linksFile)) {
            try (CsvRows rows = CsvRows.open(linksFile)) {
                Tables.header(rows, "movieId", "imdbId", "tmdbId");
                links = Optional.of(Tables.links(rows, movies, tally));
            }
        }
        return new MovieLensData(ratings.build(), movies, tags, Optional.empty(), links,
                new ReadReport(tally.skipped(), ratings.unmatchedMovies()));
    }
}
