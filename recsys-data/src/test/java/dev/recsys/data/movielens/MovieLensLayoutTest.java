package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensLayoutTest {
    private static final String LOOKED_FOR = "looked for ratings.csv+movies.csv, ratings.dat+movies.dat, u.data+u.item";

    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.writeString(dir.resolve(name), "");
        }
    }

    @Test
    void detectsEachLayoutByItsFiles() throws IOException {
        touch("ratings.csv", "movies.csv", "tags.csv", "links.csv");
        assertThat(MovieLensLayout.detect(dir)).isEqualTo(MovieLensLayout.CSV);
    }

    @Test
    void detectsDoubleColon() throws IOException {
        touch("ratings.dat", "movies.dat", "users.dat", "README");
        assertThat(MovieLensLayout.detect(dir)).isEqualTo(MovieLensLayout.DOUBLE_COLON);
    }

    @Test
    void detectsMl100k() throws IOException {
        touch("u.data", "u.item", "u.user", "u.genre", "u1.base");
        assertThat(MovieLensLayout.detect(dir)).isEqualTo(MovieLensLayout.ML_100K);
    }

    @Test
    void csvWinsWhenAFolderHoldsTwoLayouts() throws IOException {
        touch("ratings.dat", "movies.dat", "ratings.csv", "movies.csv");
        assertThat(MovieLensLayout.detect(dir)).isEqualTo(MovieLensLayout.CSV);
    }

    @Test
    void unknownFolderListsWhatWasLookedForAndFound() throws IOException {
        touch("ratings.csv", "movies.dat", "notes.txt");

        assertThatThrownBy(() -> MovieLensLayout.detect(dir))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("unknown MovieLens layout in " + dir + ": " + LOOKED_FOR
                        + "; found movies.dat, notes.txt, ratings.csv");
        assertThatThrownBy(() -> MovieLensReader.builder().build().read(dir)).hasMessageContaining(LOOKED_FOR);
    }

    @Test
    void emptyFolderSaysSo() {
        assertThatThrownBy(() -> MovieLensLayout.detect(dir))
                .hasMessage("unknown MovieLens layout in " + dir + ": " + LOOKED_FOR + "; found an empty folder");
    }

    @Test
    void aFolderNamedLikeAFileDoesNotCount() throws IOException {
        Files.createDirectory(dir.resolve("ratings.csv"));
        touch("movies.csv");
        assertThatThrownBy(() -> MovieLensLayout.detect(dir)).hasMessageContaining(LOOKED_FOR);
    }

    @Test
    void missingFolderIsNoSuchFile() {
        Path missing = dir.resolve("ml-nothing");
        assertThatThrownBy(() -> MovieLensReader.builder().build().read(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such MovieLens folder");
    }

    @Test
    void fileInsteadOfFolderIsNotADirectory() throws IOException {
        touch("ratings.csv");
        assertThatThrownBy(() -> MovieLensLayout.detect(dir.resolve("ratings.csv")))
                .isInstanceOf(NotDirectoryException.class);
    }
}
