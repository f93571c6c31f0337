package dev.recsys.data.synthetic;

import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.ReadReport;
import dev.recsys.data.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * MovieLens-like data drawn from a hidden model, for tests and scale benchmarks: from a few
 * thousand ratings up to ml-25m size, the same seed and settings giving the same data.
 *
 * <p>The catalogue has titles like "Harbor Letters (1997)" (some with a trailing ", The" or a
 * quoted word, so they need CSV quoting), one to five of the 19 MovieLens genres drawn with their
 * ml-latest-small frequencies (or "(no genres listed)"), release years skewed towards the end of
 * the time span, and increasing movie ids with gaps. User ids are 1 to {@code users}.
 *
 * <p>Ratings: every user rates at least {@code min(20, ratings / users)} movies (MovieLens keeps
 * users with 20 or more) and the rest of the ratings are shared out in proportion to log-normal
 * activity weights, so a few users rate very many movies. Each user picks distinct movies (no
 * (user, movie) pair repeats) with probability proportional to a Zipf weight
 * {@code 1 / rank^popularityExponent}, ranks being a random permutation of the movies. The
 * rating is
 * <pre>
 *   clip(round_half(3.5 + b_u + b_m + 0.8 * (p_u · q_m) / sqrt(latentDim) + noise * N(0, 1)), 0.5, 5.0)
 * </pre>
 * with biases {@code b ~ N(0, 0.35²)}, user factors {@code p_u ~ N(0, I)} and movie factors
 * {@code q_m} that mix a random vector per genre (half the variance) with one per movie.
 * Each user is active during a window that starts uniformly in the time span and lasts an
 * exponential time (mean 180 days); timestamps are uniform in it and do not depend on release
 * years. Rows come grouped by user, by movie id within a user, as in ml-latest.
 */
public final class SyntheticMovieLens {
    /** The genre MovieLens lists for a movie without genres. */
    public static final String NO_GENRES = "(no genres listed)";

    /** The least rating {@link #writeImplicitCsv} turns into an interaction. */
    public static final double LIKED = 3.5;

    /** The 19 MovieLens genres, in alphabetical order. */
    public static final List<String> GENRES = List.of("Action", "Adventure", "Animation", "Children", "Comedy",
            "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");

    /** Movies per genre in ml-latest-small's movies.csv, in {@link #GENRES} order. */
    private static final double[] GENRE_FREQUENCY = {1828, 1263, 611, 664, 3756, 1199, 440, 4361, 779, 87, 978,
        158, 334, 573, 1596, 980, 1894, 382, 167};
    /** Share of ml-latest-small movies with 1 to 5 genres (the few with more are folded into 5). */
    private static final double[] GENRE_COUNT_FREQUENCY = {2851, 3218, 2338, 987, 348};
    /** Share of ml-latest-small movies listed without genres: 34 of 9,742. */
    private static final double NO_GENRE_PROBABILITY = 34.0 / 9742;
    private static final int FIRST_FILM_YEAR = 1902;
    private static final double MEAN_MOVIE_AGE_YEARS = 20;
    private static final double GLOBAL_MEAN = 3.5;
    private static final double BIAS_SD = 0.35;
    private static final double FACTOR_WEIGHT = 0.8;
    private static final double GENRE_SHARE = 0.5;
    private static final int MIN_RATINGS_PER_USER = 20;
    private static final double MEAN_ACTIVE_SECONDS = 180 * 86_400.0;
    private static final String[] WORDS = {"Harbor", "Letters", "Midnight", "River", "Secret", "Summer", "Winter",
        "Shadow", "City", "Garden", "Silent", "Broken", "Golden", "Last", "First", "Lost", "Wild", "Little",
        "Dark", "Bright", "Stranger", "House", "Road", "Night", "Morning", "Island", "Mountain", "Ocean", "Fire",
        "Ice", "Storm", "Dream", "Story", "Heart", "Ghost", "King", "Queen", "Doctor", "Detective", "Soldier",
        "Dancer", "Thief", "Angel", "Devil", "Wolf", "Bird", "Horse", "Dragon", "Machine", "Star", "Moon", "Sun",
        "Sky", "Rain", "Snow", "Wind", "Blood", "Honor", "Glory", "Promise", "Journey", "Return", "Escape",
        "Revenge", "Paradise", "Empire", "Kingdom", "Legend", "Mystery", "Game", "Party", "Wedding", "Funeral",
        "Holiday", "Weekend", "Crossing", "Bridge", "Tower", "Castle", "Station", "Hotel", "Diner", "Street",
        "Avenue", "Valley", "Desert", "Forest", "Jungle", "Planet", "Galaxy", "Robot", "Monster", "Zombie",
        "Vampire", "Witch", "Wizard", "Pirate", "Cowboy", "Samurai", "Ninja", "Spy", "Agent", "Hunter", "Runner",
        "Rider", "Singer", "Painter", "Writer", "Teacher", "Lovers", "Brothers", "Sisters", "Friends", "Family",
        "Children", "Strangers", "Neighbors", "Enemies", "Heroes", "Kings", "Voices", "Echoes", "Mirrors",
        "Windows", "Doors", "Keys", "Wings", "Waves", "Stones", "Roses", "Lights", "Tales"};

    private final long seed;
    private final int users;
    private final int movies;
    private final int ratings;
    private final int latentDim;
    private final double popularityExponent;
    private final double activitySkew;
    private final double noise;
    private final long fromSecond;
    private final long toSecond;

    private SyntheticMovieLens(Builder b) {
        seed = b.seed;
        users = b.users;
        movies = b.movies;
        ratings = b.ratings;
        latentDim = b.latentDim;
        popularityExponent = b.popularityExponent;
        activitySkew = b.activitySkew;
        noise = b.noise;
        fromSecond = b.from.getEpochSecond();
        toSecond = b.to.getEpochSecond();
    }

    /**
     * A builder whose defaults give a dataset the size of ml-latest-small (610 users, 9,742
     * movies, 100,836 ratings).
     *
     * @param seed every random choice flows from it
     */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /**
     * The dataset in memory: {@code ratings} rows, all {@code users} users (each with at least one
     * rating), {@code movies} movies, no tags, no demographics and an empty read report.
     */
    public MovieLensData generate() {
        Draw draw = new Draw();
        Movies.Builder catalogue = Movies.builder();
        for (int m = 0; m < movies; m++) {
            catalogue.add(draw.movieIds[m], draw.titles[m], Arrays.asList(draw.genres[m]));
        }
        Movies built = catalogue.build();
        Interactions.Builder rows = Interactions.builder(built);
        while (draw.nextUser()) {
            for (int k = 0; k < draw.count; k++) {
                rows.add(draw.userId(), draw.movieIds[draw.picked[k]], draw.stars[k], draw.times[k]);
            }
        }
        return new MovieLensData(rows.build(), built, Tags.EMPTY, Optional.empty(), new ReadReport(Map.of(), 0));
    }

    /**
     * Writes {@code movies.csv} ({@code movieId,title,genres}, genres joined by '|') and
     * {@code ratings.csv} ({@code userId,movieId,rating,timestamp}) into {@code dir} in the
     * ml-latest layout: a header row, RFC 4180 quoting, CRLF line ends, ratings with one decimal,
     * timestamps in epoch seconds. The same rows as {@link #generate()}, streamed: memory stays
     * small whatever the number of ratings. Existing files are replaced.
     *
     * @throws IOException if a file cannot be written
     */
    public void writeCsv(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        Draw draw = new Draw();
        try (CsvOutput out = new CsvOutput(dir.resolve("movies.csv"))) {
            out.text("movieId").text("title").text("genres").endRow();
            for (int m = 0; m < movies; m++) {
                out.number(draw.movieIds[m]).text(draw.titles[m]).text(String.join("|", draw.genres[m])).endRow();
            }
        }
        try (CsvOutput out = new CsvOutput(dir.resolve("ratings.csv"))) {
            out.text("userId").text("movieId").text("rating").text("timestamp").endRow();
            while (draw.nextUser()) {
                int userId = draw.userId();
                for (int k = 0; k < draw.count; k++) {
                    out.number(userId).number(draw.movieIds[draw.picked[k]]).halfStars(draw.stars[k])
                            .number(draw.times[k]).endRow();
                }
            }
        }
    }

    /**
     * Writes the same data as implicit feedback with string ids, the shape of a shop's or a
     * streaming service's logs, for the {@link dev.recsys.data.delimited.DelimitedReader}:
     * {@code items.csv} ({@code item,title,categories}: item ids {@code sku-<movieId>}, the movie
     * titles, genres joined by '|') and {@code interactions.csv} ({@code user,item,time}: user
     * ids {@code u-<userId>}, one row per rating of {@value #LIKED} stars or more, the rating
     * dropped, times in ISO-8601 such as {@code 2018-06-23T20:00:00Z}). Header rows, RFC 4180
     * quoting, CRLF line ends; streamed like {@link #writeCsv}. Existing files are replaced.
     *
     * @throws IOException if a file cannot be written
     */
    public void writeImplicitCsv(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        Draw draw = new Draw();
        try (CsvOutput out = new CsvOutput(dir.resolve("items.csv"))) {
            out.text("item").text("title").text("categories").endRow();
            for (int m = 0; m < movies; m++) {
                out.text("sku-" + draw.movieIds[m]).text(draw.titles[m]).text(String.join("|", draw.genres[m]))
                        .endRow();
            }
        }
        try (CsvOutput out = new CsvOutput(dir.resolve("interactions.csv"))) {
            out.text("user").text("item").text("time").endRow();
            while (draw.nextUser()) {
                String user = "u-" + draw.userId();
                for (int k = 0; k < draw.count; k++) {
                    if (draw.stars[k] >= LIKED) {
                        out.text(user).text("sku-" + draw.movieIds[draw.picked[k]])
                                .text(Instant.ofEpochSecond(draw.times[k]).toString()).endRow();
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SyntheticMovieLens[seed " + seed + ", " + users + " users, " + movies + " movies, " + ratings
                + " ratings]";
    }

    /** One pass over the model: the catalogue up front, then the ratings one user at a time. */
    private final class Draw {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] movieIds = new int[movies];
        final String[] titles = new String[movies];
        final String[][] genres = new String[movies][];
        final float[] movieBias = new float[movies];
        final float[] movieFactors = new float[movies * latentDim]; // [movies, latentDim] row-major
        final double[] popularity = new double[movies];
        final AliasSampler popularitySampler;
        final int[] ratingsPerUser;
        final int[] pickedBy = new int[movies]; // movie -> 1 + last user who picked it
        final float[] userFactors = new float[latentDim];
        final int[] picked;
        final float[] stars;
        final long[] times;
        int user = -1;
        int count;

        Draw() {
            drawCatalogue();
            popularitySampler = new AliasSampler(popularity);
            ratingsPerUser = shareRatings();
            int most = Arrays.stream(ratingsPerUser).max().orElse(0);
            picked = new int[most];
            stars = new float[most];
            times = new long[most];
        }

        int userId() {
            return user + 1;
        }

        /** Draws the next user's ratings into {@code picked, stars, times}; false after the last user. */
        boolean nextUser() {
            if (++user == users) {
                return false;
            }
            count = ratingsPerUser[user];
            pickMovies();
            Arrays.sort(picked, 0, count); // movie indices ascend with movie ids
            double bias = BIAS_SD * random.nextGaussian();
            for (int d = 0; d < latentDim; d++) {
                userFactors[d] = (float) random.nextGaussian();
            }
            double scale = FACTOR_WEIGHT / Math.sqrt(latentDim);
            long start = fromSecond + (long) (random.nextDouble() * (toSecond - fromSecond));
            long end = Math.min(toSecond, start + 1 + (long) exponential(MEAN_ACTIVE_SECONDS));
            for (int k = 0; k < count; k++) {
                int m = picked[k];
                double dot = 0;
                for (int d = 0, o = m * latentDim; d < latentDim; d++, o++) {
                    dot += userFactors[d] * movieFactors[o];
                }
                double score = GLOBAL_MEAN + bias + movieBias[m] + scale * dot + noise * random.nextGaussian();
                stars[k] = (float) Math.min(5.0, Math.max(0.5, Math.rint(score * 2) / 2));
                times[k] = start + (long) (random.nextDouble() * (end - start));
            }
            return true;
        }

        /**
         * Successive sampling without replacement in proportion to popularity: draws with
         * rejection while that is cheap, then, for users who have taken most of the popular
         * mass, finishes exactly with exponential keys (Efraimidis–Spirakis) over the rest.
         */
        private void pickMovies() {
            int stamp = user + 1;
            int got = 0;
            for (int budget = 4 * count + 64; got < count && budget > 0; budget--) {
                int m = popularitySampler.sample(random);
                if (pickedBy[m] != stamp) {
                    pickedBy[m] = stamp;
                    picked[got++] = m;
                }
            }
            if (got == count) {
                return;
            }
            double[] keys = new double[movies];
            for (int m = 0; m < movies; m++) {
                keys[m] = pickedBy[m] == stamp ? Double.POSITIVE_INFINITY : exponential(1) / popularity[m];
            }
            double[] sorted = keys.clone();
            Arrays.sort(sorted);
            double threshold = sorted[count - got - 1];
            for (int m = 0; m < movies && got < count; m++) {
                if (pickedBy[m] != stamp && keys[m] <= threshold) {
                    pickedBy[m] = stamp;
                    picked[got++] = m;
                }
            }
        }

        private void drawCatalogue() {
            AliasSampler genreSampler = new AliasSampler(GENRE_FREQUENCY);
            AliasSampler genreCount = new AliasSampler(GENRE_COUNT_FREQUENCY);
            int lastYear = Instant.ofEpochSecond(toSecond).atOffset(ZoneOffset.UTC).getYear();
            int firstYear = Math.min(FIRST_FILM_YEAR, lastYear);
            int[][] genreIndices = new int[movies][];
            int id = 0;
            for (int m = 0; m < movies; m++) {
                id += 1 + (random.nextInt(4) == 0 ? random.nextInt(50) : 0);
                movieIds[m] = id;
                int year = Math.max(firstYear, lastYear - (int) exponential(MEAN_MOVIE_AGE_YEARS));
                titles[m] = title(year);
                genreIndices[m] = random.nextDouble() < NO_GENRE_PROBABILITY
                        ? new int[0] : distinct(genreSampler, 1 + genreCount.sample(random));
                genres[m] = genreIndices[m].length == 0
                        ? new String[] {NO_GENRES}
                        : Arrays.stream(genreIndices[m]).mapToObj(GENRES::get).toArray(String[]::new);
            }
            float[] genreFactors = new float[GENRES.size() * latentDim];
            for (int i = 0; i < genreFactors.length; i++) {
                genreFactors[i] = (float) random.nextGaussian();
            }
            for (int m = 0; m < movies; m++) {
                movieBias[m] = (float) (BIAS_SD * random.nextGaussian());
                int[] g = genreIndices[m];
                // Unit variance per component: sum of k genre vectors / sqrt(k), mixed with the movie's own.
                double genreScale = g.length == 0 ? 0 : Math.sqrt(GENRE_SHARE / g.length);
                double ownScale = g.length == 0 ? 1 : Math.sqrt(1 - GENRE_SHARE);
                for (int d = 0; d < latentDim; d++) {
                    double genrePart = 0;
                    for (int genre : g) {
                        genrePart += genreFactors[genre * latentDim + d];
                    }
                    movieFactors[m * latentDim + d] =
                            (float) (genreScale * genrePart + ownScale * random.nextGaussian());
                }
            }
            int[] rank = new int[movies];
            for (int m = 0; m < movies; m++) {
                rank[m] = m;
            }
            for (int m = movies - 1; m > 0; m--) {
                int other = random.nextInt(m + 1);
                int swap = rank[m];
                rank[m] = rank[other];
                rank[other] = swap;
            }
            for (int m = 0; m < movies; m++) {
                popularity[m] = Math.pow(rank[m] + 1, -popularityExponent);
            }
        }

        private String title(int year) {
            int words = 1 + (random.nextDouble() < 0.45 ? 0 : random.nextDouble() < 0.7 ? 1 : 2);
            StringBuilder title = new StringBuilder();
            boolean quoted = random.nextDouble() < 0.02;
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                title.append(w == 0 ? "" : " ").append(quoted && w == 0 ? '"' + word + '"' : word);
            }
            if (random.nextDouble() < 0.08) {
                title.append(", The");
            }
            return title.append(" (").append(year).append(')').toString();
        }

        /** {@code k} distinct genre indices drawn by frequency, ascending (MovieLens lists genres alphabetically). */
        private int[] distinct(AliasSampler sampler, int k) {
            boolean[] taken = new boolean[GENRES.size()];
            int[] chosen = new int[k];
            for (int n = 0; n < k; ) {
                int g = sampler.sample(random);
                if (!taken[g]) {
                    taken[g] = true;
                    chosen[n++] = g;
                }
            }
            Arrays.sort(chosen);
            return chosen;
        }

        /**
         * Ratings per user: the floor for everyone, the rest in proportion to log-normal weights
         * (rounded so they sum exactly), no user above the number of movies; what a full user
         * cannot take is shared again among the others.
         */
        private int[] shareRatings() {
            int floor = Math.min(MIN_RATINGS_PER_USER, ratings / users);
            int[] counts = new int[users];
            Arrays.fill(counts, floor);
            double[] weight = new double[users];
            for (int u = 0; u < users; u++) {
                weight[u] = Math.exp(activitySkew * random.nextGaussian());
            }
            boolean[] full = new boolean[users];
            long left = ratings - (long) floor * users;
            while (left > 0) {
                double total = 0;
                int last = -1;
                for (int u = 0; u < users; u++) {
                    if (!full[u]) {
                        total += weight[u];
                        last = u;
                    }
                }
                double cumulative = 0;
                long given = 0;
                long overflow = 0;
                for (int u = 0; u <= last; u++) {
                    if (full[u]) {
                        continue;
                    }
                    cumulative += weight[u];
                    long upTo = u == last ? left : Math.min(left, Math.round(left * (cumulative / total)));
                    long share = upTo - given;
                    given = upTo;
                    long room = movies - counts[u];
                    if (share >= room) {
                        counts[u] = movies;
                        full[u] = true;
                        overflow += share - room;
                    } else {
                        counts[u] += (int) share;
                    }
                }
                left = overflow;
            }
            return counts;
        }

        private double exponential(double mean) {
            return -mean * Math.log(1 - random.nextDouble());
        }
    }

    /** Settings of a {@link SyntheticMovieLens}; the defaults mimic ml-latest-small. */
    public static final class Builder {
        private final long seed;
        private int users = 610;
        private int movies = 9_742;
        private int ratings = 100_836;
        private int latentDim = 8;
        private double popularityExponent = 1.0;
        private double activitySkew = 1.2;
        private double noise = 0.5;
        private Instant from = Instant.parse("1996-01-01T00:00:00Z");
        private Instant to = Instant.parse("2018-10-01T00:00:00Z");

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Number of users, ids 1 to {@code n}; default 610. */
        public Builder users(int n) {
            this.users = n;
            return this;
        }

        /** Number of movies in the catalogue; default 9,742. Some may get no rating. */
        public Builder movies(int n) {
            this.movies = n;
            return this;
        }

        /** Number of ratings, at least one per user and at most one per (user, movie); default 100,836. */
        public Builder ratings(int n) {
            this.ratings = n;
            return this;
        }

        /** Dimension of the hidden user and movie factors; default 8. */
        public Builder latentDim(int dim) {
            this.latentDim = dim;
            return this;
        }

        /**
         * Zipf exponent {@code s} of movie popularity, weight {@code 1 / rank^s}, in [0, 4]; default
         * 1.0, which gives the top 10% of rated movies about 57% of the ratings at the default size
         * (ml-latest-small: 60%); 0 makes every movie equally likely.
         */
        public Builder popularityExponent(double s) {
            this.popularityExponent = s;
            return this;
        }

        /**
         * Standard deviation of the log of user activity weights, in [0, 4]; default 1.2, which
         * gives a median near 90 ratings per user and a maximum in the thousands at the default size
         * (ml-latest-small: 70 and 2,698); 0 shares ratings evenly.
         */
        public Builder activitySkew(double sigma) {
            this.activitySkew = sigma;
            return this;
        }

        /** Standard deviation of the rating noise before rounding, in stars, at least 0; default 0.5. */
        public Builder noise(double sd) {
            this.noise = sd;
            return this;
        }

        /**
         * Timestamps fall in {@code [from, to)}; default 1996-01-01T00:00Z to 2018-10-01T00:00Z.
         * Release years end at the year of {@code to}.
         */
        public Builder timeSpan(Instant from, Instant to) {
            this.from = Objects.requireNonNull(from, "from");
            this.to = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException when a setting is out of range, or the ratings cannot
         *     give every user one rating without repeating a (user, movie) pair
         */
        public SyntheticMovieLens build() {
            positive("users", users);
            positive("movies", movies);
            positive("latentDim", latentDim);
            if ((long) movies * latentDim > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("movies * latentDim must fit in an array, found " + movies + " * "
                        + latentDim);
            }
            if (ratings < users || ratings > (long) users * movies) {
                throw new IllegalArgumentException("ratings must be between users (" + users + ") and users * movies ("
                        + (long) users * movies + "), found " + ratings);
            }
            inRange("popularityExponent", popularityExponent, 4);
            inRange("activitySkew", activitySkew, 4);
            if (!(noise >= 0 && noise < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("noise must be finite and at least 0, found " + noise);
            }
            if (to.getEpochSecond() <= from.getEpochSecond()) {
                throw new IllegalArgumentException("time span must end after it starts, found " + from + " to " + to);
            }
            return new SyntheticMovieLens(this);
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, found " + value);
            }
        }

        private static void inRange(String name, double value, double max) {
            if (!(value >= 0 && value <= max)) {
                throw new IllegalArgumentException(name + " must be in [0, " + max + "], found " + value);
            }
        }
    }
}
