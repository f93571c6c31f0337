package dev.recsys.models.tower;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.nn.Gru;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.frozen.FrozenEmbedding;
import dev.recsys.core.nn.frozen.FrozenGru;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.Weights;
import java.util.Objects;

/**
 * A {@link MovieTower} frozen for serving: the same fitted encoders, catalogue and trained weights
 * on the Java heap, no tape, no ND4J. {@link #encode(int[])} gives what {@link MovieTower#encode}
 * gives for the same movies, up to float rounding. Serving encodes every candidate once, when the
 * recommender is built. With the {@link MovieAge age feature}, {@link #ageScores} and
 * {@link #ageQuery} give the columns retrieval appends to candidate and query vectors, as
 * {@link MovieTower#ageScores} and {@link MovieTower#ageQuery} do. Immutable and safe for
 * concurrent use.
 */
public final class FrozenMovieTower {

    private final MovieTower.Spec spec;
    private final Catalog catalog;
    private final FrozenEmbedding idTable;
    private final Tokens title;
    private final FrozenGru gru;
    private final Tokens genres;
    private final FrozenMlp top;
    private final FrozenEmbedding ageTable;
    private final int featureWidth;
    private final int outputDim;

    private FrozenMovieTower(MovieTower.Spec spec, Catalog catalog, Weights weights) {
        this.spec = spec;
        this.catalog = catalog;
        this.idTable = FrozenEmbedding.of(weights, MovieTower.ID, spec.movieIds().size(), spec.idDim());
        if (spec.titles() != null) {
            title = new Tokens(spec.titles().encode(catalog.titles()),
                    FrozenEmbedding.of(weights, MovieTower.TITLE, spec.titles().size(), spec.titleDim()));
            gru = spec.pooling() == Pooling.GRU
                    ? Gru.frozen(weights, MovieTower.TITLE_GRU, spec.titleDim(), spec.titleDim()) : null;
        } else {
            title = null;
            gru = null;
        }
        genres = spec.genres() == null ? null : new Tokens(spec.genres().indices(catalog.genres()),
                FrozenEmbedding.of(weights, MovieTower.GENRES, spec.genreRows(), spec.genreDim()));
        this.featureWidth = spec.featureWidth();
        this.outputDim = spec.width();
        this.top = Mlp.frozen(weights, MovieTower.TOP, featureWidth, spec.hidden(), outputDim);
        this.ageTable = spec.age() == null ? null : FrozenEmbedding.of(weights, MovieTower.AGE, spec.age().buckets(), 1);
    }

    /**
     * The tower with these settings, reading titles and genres from {@code catalog}, and the
     * weights a {@link MovieTower} of them trained.
     *
     * @param catalog the movies whose titles and genres the tower encodes; may be null when the
     *     tower has neither feature
     * @throws IllegalArgumentException if the settings are invalid (as {@link MovieTower.Builder#build()}
     *     says) or a weight is missing or has another shape
     */
    public static FrozenMovieTower of(MovieTower.Spec spec, Catalog catalog, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        spec.check(catalog);
        return new FrozenMovieTower(spec, catalog, weights);
    }

    /** Width of the tower's output. */
    public int outputDim() {
        return outputDim;
    }

    /** The settings, encoders included. */
    public MovieTower.Spec spec() {
        return spec;
    }

    /** The catalogue titles and genres come from, or null. */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Encodes a batch of movies; a movie missing from the catalogue has no title or genre tokens.
     *
     * @param movieIds {@code [B]} MovieLens movie ids
     * @return {@code [B, outputDim()]} row-major
     */
    public float[] encode(int[] movieIds) {
        int[] ids = spec.movieIds().encode(movieIds);
        int[] rows = title != null || genres != null ? MovieTower.rowsOf(catalog, movieIds) : null;
        float[] out = new float[movieIds.length * outputDim];
        float[] features = new float[featureWidth];
        float[] y = new float[outputDim];
        float[][] workspace = top.newWorkspace();
        for (int i = 0; i < movieIds.length; i++) {
            // [id | pooled title | mean of genres], the training concat order
            idTable.copyRow(ids[i], features, 0);
            int at = spec.idDim();
            if (title != null) {
                if (gru != null) {
                    title.gru(rows[i], gru, features, at);
                } else {
                    title.meanPool(rows[i], features, at);
                }
                at += spec.titleDim();
            }
            if (genres != null) {
                genres.meanPool(rows[i], features, at);
            }
            top.apply(features, 0, y, workspace);
            System.arraycopy(y, 0, out, i * outputDim, outputDim);
        }
        return out;
    }

    /** Columns the age feature adds to candidate and query vectors, 0 without it. */
    public int ageColumns() {
        return spec.age() == null ? 0 : spec.age().columns();
    }

    /**
     * The learned score of each movie's age in every query year.
     *
     * @param movieIds {@code [B]} MovieLens movie ids
     * @return {@code [B, ageColumns()]} row-major
     * @throws IllegalStateException if the tower has no age feature
     */
    public float[] ageScores(int[] movieIds) {
        requireAge();
        int[] buckets = spec.age().buckets(catalog, MovieTower.rowsOf(catalog, movieIds));
        float[] out = new float[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            out[i] = ageTable.get(buckets[i], 0);
        }
        return out;
    }

    /**
     * The vectors retrieval indexes: each movie's {@link #encode} output followed, with the age
     * feature, by its {@link #ageScores}.
     *
     * @param movieIds {@code [B]} MovieLens movie ids
     * @return {@code [B, outputDim() + ageColumns()]} row-major
     */
    public float[] retrievalVectors(int[] movieIds) {
        return retrievalVectors(movieIds, encode(movieIds));
    }

    /**
     * {@link #retrievalVectors(int[])} of movies already encoded, so that a caller that keeps the
     * tower's outputs encodes each movie once.
     *
     * @param encoded {@code [B, outputDim()]}, this tower's {@link #encode} of {@code movieIds}
     * @return {@code [B, outputDim() + ageColumns()]} row-major; {@code encoded} itself without age
     */
    public float[] retrievalVectors(int[] movieIds, float[] encoded) {
        if (ageTable == null) {
            return encoded;
        }
        float[] scores = ageScores(movieIds);
        int columns = ageColumns();
        int width = outputDim + columns;
        float[] out = new float[movieIds.length * width];
        for (int i = 0; i < movieIds.length; i++) {
            System.arraycopy(encoded, i * outputDim, out, i * width, outputDim);
            System.arraycopy(scores, i * columns, out, i * width + outputDim, columns);
        }
        return out;
    }

    /**
     * Writes the one-hot (clamped) year of a query time into {@code out[offset, offset + ageColumns())}.
     *
     * @throws IllegalStateException if the tower has no age feature
     */
    public void ageQuery(long timestamp, float[] out, int offset) {
        requireAge();
        java.util.Arrays.fill(out, offset, offset + ageColumns(), 0f);
        out[offset + spec.age().column(timestamp)] = 1f;
    }

    private void requireAge() {
        if (ageTable == null) {
            throw new IllegalStateException("this movie tower has no age feature");
        }
    }

    /** Token lists of every catalogue row with their embedding table; row -1 (not in the catalogue) is empty. */
    private static final class Tokens {
        private final int width;
        private final int[] indices;
        private final float[] mask;
        private final FrozenEmbedding table;

        Tokens(MaskedIndices encoded, FrozenEmbedding table) {
            this.width = encoded.width();
            this.indices = encoded.indices();
            this.mask = encoded.mask();
            this.table = table;
        }

        /** The masked mean of a row's token embeddings into {@code out[offset, offset + dim)}; zeros for no tokens. */
        void meanPool(int row, float[] out, int offset) {
            java.util.Arrays.fill(out, offset, offset + table.dim(), 0f);
            if (row < 0) {
                return;
            }
            float count = 0f;
            for (int t = 0; t < width; t++) {
                count += mask[row * width + t];
            }
            // as the training pool weighs them: mask / max(count, 1), then a sum
            float denominator = Math.max(count, 1f);
            for (int t = 0; t < width; t++) {
                float weight = mask[row * width + t] / denominator;
                if (weight != 0f) {
                    table.addScaledRow(indices[row * width + t], weight, out, offset);
                }
            }
        }

        /** The GRU's final state over a row's tokens into {@code out[offset, offset + H)}; zeros for no tokens. */
        void gru(int row, FrozenGru gru, float[] out, int offset) {
            if (row < 0) {
                java.util.Arrays.fill(out, offset, offset + gru.outputDim(), 0f);
                return;
            }
            float[] steps = new float[width * table.dim()];
            for (int t = 0; t < width; t++) {
                table.copyRow(indices[row * width + t], steps, t * table.dim());
            }
            gru.encode(steps, 0, mask, row * width, width, out, offset);
        }
    }
}
