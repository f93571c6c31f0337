package dev.recsys.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The format-version-1 model file kept as a test resource, and what its model computed when it
 * was saved. Made at commit 9beabc2 (the last writer of version 1) by saving
 * {@code TrainedModels.train(3)} with {@code SavedModel} (retrieval with every user feature and a
 * hidden layer, mean-pooled titles and genres; ranking with time buckets, GRU titles, a hidden
 * movie layer and a head of 8), then recording its candidate embeddings, the query embeddings
 * and predicted ratings of {@code TrainedModels.WORLD.test} through the training forward pass.
 *
 * @param candidateEmbeddings {@code [24][6]} in catalogue order
 * @param userIds the queries' users, {@code [n]}
 * @param timestamps the queries' times, {@code [n]}
 * @param movieIds the movies rated, {@code [n]}
 * @param queryEmbeddings {@code [n][6]}
 * @param predictedRatings {@code [n]}
 */
public record V1File(float[][] candidateEmbeddings, int[] userIds, long[] timestamps, int[] movieIds,
                     float[][] queryEmbeddings, double[] predictedRatings) {

    /** The model file. */
    public static Path path() {
        try {
            return Path.of(V1File.class.getResource("io/model-v1.zip").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded outputs. */
    public static V1File expected() {
        try (InputStream in = V1File.class.getResourceAsStream("io/model-v1-expected.json")) {
            return new ObjectMapper().readValue(in, V1File.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded queries as examples (ratings 0). */
    public Examples queries() {
        return Examples.of(userIds, timestamps, movieIds, new float[userIds.length]);
    }
}
