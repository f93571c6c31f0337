package dev.recsys.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A MovieLens dataset in memory, whatever layout it was read from.
 *
 * @param ratings the ratings, pointing into {@code movies}
 * @param movies the catalogue
 * @param tags free-text tags, {@link Tags#EMPTY} for layouts without them
 * @param users demographics, for the layouts that have them
 * @param links IMDb and TMDb ids per movie, for the layouts that have them
 * @param report rows skipped or unmatched while reading
 */
public record MovieLensData(Interactions ratings, Movies movies, Tags tags, Optional<Users> users,
        Optional<Links> links, ReadReport report) {

    /** Checks that the ratings point into this catalogue and the links cover it. */
    public MovieLensData {
        Objects.requireNonNull(ratings, "ratings");
        Objects.requireNonNull(movies, "movies");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(report, "report");
        if (ratings.movies() != movies) {
            throw new IllegalArgumentException("ratings point into another movie catalogue");
        }
        if (links.isPresent() && links.get().size() != movies.size()) {
            throw new IllegalArgumentException("links cover " + links.get().size() + " movies, the catalogue has "
                    + movies.size());
        }
    }

    /** A dataset without links. */
    public MovieLensData(Interactions ratings, Movies movies, Tags tags, Optional<Users> users, ReadReport report) {
        this(ratings, movies, tags, users, Optional.empty(), report);
    }
}
