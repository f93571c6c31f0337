package dev.recsys.examples;

import dev.recsys.data.movielens.MovieLens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the example programs find MovieLens: {@code --data DIR}, else {@code RECSYS_DATA}, else the download cache. */
final class DataLocation {
    private static final Logger LOG = LoggerFactory.getLogger(DataLocation.class);

    /** The environment variable naming a MovieLens folder. */
    static final String ENV = "RECSYS_DATA";

    private DataLocation() {
    }

    /** The folder to read: the given one, the environment's, or ml-latest-small from the cache (downloaded once). */
    static Path resolve(Optional<String> dataOption) throws IOException {
        if (dataOption.isPresent()) {
            return Path.of(dataOption.get());
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            LOG.info("reading MovieLens from {}={}", ENV, env);
            return Path.of(env);
        }
        LOG.info("no --data and no {}: using the download cache", ENV);
        return MovieLens.builder().build().locate(MovieLens.Variant.LATEST_SMALL);
    }
}
