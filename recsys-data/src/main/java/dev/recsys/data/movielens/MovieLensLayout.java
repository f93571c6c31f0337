package dev.recsys.data.movielens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The file layouts MovieLens has been published in, told apart by the files a folder holds. */
public enum MovieLensLayout {
    /**
     * ml-latest-small, ml-latest, ml-25m, ml-32m: {@code ratings.csv}, {@code movies.csv}, optional
     * {@code tags.csv} and {@code links.csv}; UTF-8 CSV with a header row; ratings 0.5 to 5.0 in half stars.
     */
    CSV("ratings.csv", "movies.csv"),
    /**
     * ml-1m, ml-10m: {@code ratings.dat}, {@code movies.dat}, optional {@code users.dat} (ml-1m)
     * and {@code tags.dat} (ml-10m); fields separated by {@code ::}, no header; text files UTF-8,
     * or ISO-8859-1 when not valid UTF-8. A folder with {@code users.dat} is read as ml-1m, with
     * ratings in whole stars 1 to 5; otherwise ratings are 0.5 to 5.0 in half stars.
     */
    DOUBLE_COLON("ratings.dat", "movies.dat"),
    /**
     * ml-100k: {@code u.data} (tab-separated ratings, whole stars 1 to 5), {@code u.item}
     * (pipe-separated, genres as 0/1 flags named by {@code u.genre}), optional {@code u.user}.
     */
    ML_100K("u.data", "u.item");

    private static final int LISTED_FILES = 20;

    private final String ratingsFile;
    private final String moviesFile;

    MovieLensLayout(String ratingsFile, String moviesFile) {
        this.ratingsFile = ratingsFile;
        this.moviesFile = moviesFile;
    }

    /**
     * The layout of the files in {@code dir}: the first layout, in declaration order, whose
     * ratings and movies files are both present.
     *
     * @throws NoSuchFileException when {@code dir} does not exist
     * @throws NotDirectoryException when {@code dir} is not a folder
     * @throws IOException when no layout matches; the message lists what was looked for and found
     */
    public static MovieLensLayout detect(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such MovieLens folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        for (MovieLensLayout layout : values()) {
            if (Files.isRegularFile(dir.resolve(layout.ratingsFile)) && Files.isRegularFile(dir.resolve(layout.moviesFile))) {
                return layout;
            }
        }
        String lookedFor = Stream.of(values()).map(l -> l.ratingsFile + "+" + l.moviesFile)
                .collect(Collectors.joining(", "));
        throw new IOException("unknown MovieLens layout in " + dir + ": looked for " + lookedFor
                + "; found " + listing(dir));
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            String[] names = files.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
            if (names.length == 0) {
                return "an empty folder";
            }
            String shown = Stream.of(names).limit(LISTED_FILES).collect(Collectors.joining(", "));
            return names.length > LISTED_FILES ? shown + " and " + (names.length - LISTED_FILES) + " more" : shown;
        }
    }
}
