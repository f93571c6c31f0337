package dev.recsys.models.tower;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.nn.Activation;
import dev.recsys.core.nn.CausalSelfAttention;
import dev.recsys.core.nn.Dense;
import dev.recsys.core.nn.Gru;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.frozen.FrozenCausalSelfAttention;
import dev.recsys.core.nn.frozen.FrozenDense;
import dev.recsys.core.nn.frozen.FrozenEmbedding;
import dev.recsys.core.nn.frozen.FrozenGru;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.Weights;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link UserTower} frozen for serving: the same fitted encoders and the trained weights as
 * float arrays on the Java heap, no tape, no ND4J. {@link #encode(int, long)} gives what
 * {@link UserTower#encode} gives for the same user and time, up to float rounding (the
 * products are added in another order). The encoders are the tower's own objects, so the
 * features of a query (unknown ids, times outside the training range) are encoded exactly as in
 * training: a time outside the training range gets the features of its nearest edge, as
 * {@link UserTower} says. Immutable and safe for concurrent use.
 *
 * <pre>{@code
 * FrozenUserTower users = trainedTower.freeze();               // or FrozenUserTower.of(spec, weights)
 * float[] query = users.encode(42, 1_529_784_000L);            // [outputDim]
 * }</pre>
 */
public final class FrozenUserTower {

    private final UserTower.Spec spec;
    private final FrozenEmbedding idTable;
    private final FrozenEmbedding bucketTable;
    private final FrozenEmbedding yearTable;
    private final YearFeature years;
    private final FrozenDense cyclicLayer;
    private final FrozenEmbedding historyTable;
    private final FrozenGru historyGru;
    private final FrozenCausalSelfAttention historyAttention;
    private final FrozenMlp top;
    private final int featureWidth;
    private final int outputDim;

    private FrozenUserTower(UserTower.Spec spec, Weights weights, Weights movieWeights) {
        this.spec = spec;
        IdEncoder userIds = spec.userIds();
        this.idTable = FrozenEmbedding.of(weights, UserTower.ID, userIds.size(), spec.idDim());
        Discretizer buckets = spec.buckets();
        this.bucketTable = buckets == null ? null
                : FrozenEmbedding.of(weights, UserTower.TIME_BUCKET, buckets.bucketCount(), spec.bucketDim());
        IdEncoder years = spec.years();
        this.yearTable = years == null ? null : FrozenEmbedding.of(weights, UserTower.YEAR, years.size(), spec.yearDim());
        this.years = years == null ? null : new YearFeature(years);
        CyclicTimeEncoder cyclic = spec.cyclic();
        this.cyclicLayer = cyclic == null ? null
                : Dense.frozen(weights, UserTower.CYCLIC, cyclic.width(), spec.cyclicDim(), Activation.LINEAR);
        RecentItems history = spec.history();
        this.historyTable = history == null ? null
                : spec.historyShared()
                ? FrozenEmbedding.of(movieWeights, MovieTower.ID, spec.historyIds().size(), spec.historyDim())
                : FrozenEmbedding.of(weights, UserTower.HISTORY, spec.historyIds().size(), spec.historyDim());
        this.historyGru = history == null || spec.historyPooling() != Pooling.GRU ? null
                : Gru.frozen(weights, UserTower.HISTORY_GRU, spec.historyDim(), spec.historyDim());
        this.historyAttention = history == null || spec.historyPooling() != Pooling.ATTENTION ? null
                : CausalSelfAttention.frozen(weights, UserTower.HISTORY_ATTENTION, spec.historyDim(), history.maxLength(),
                        spec.historyLayers(), spec.historyHeads());
        this.featureWidth = spec.featureWidth();
        this.outputDim = spec.width();
        this.top = Mlp.frozen(weights, UserTower.TOP, featureWidth, spec.hidden(), outputDim);
    }

    /**
     * The tower with these settings and the weights a {@link UserTower} of them trained (its
     * {@code parameters().weights()}, or a model file's).
     *
     * @throws IllegalArgumentException if the settings are invalid (as {@link UserTower.Builder#build()}
     *     says), a weight is missing or has another shape, or the history shares a movie tower's id
     *     table (use {@link #of(UserTower.Spec, Weights, Weights)})
     */
    public static FrozenUserTower of(UserTower.Spec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        if (spec.historyShared()) {
            throw new IllegalArgumentException("the history shares a movie tower's id table: pass that tower's weights"
                    + " to of(spec, weights, movieWeights)");
        }
        return of(spec, weights, null);
    }

    /**
     * The tower with these settings, its own weights, and, when its history shares a movie tower's
     * id table ({@link UserTower.Spec#historyShared()}), that movie tower's weights, whose
     * {@code [movies, historyDim]} id table embeds the history.
     *
     * @param movieWeights the movie tower's weights; required with a shared history, else ignored
     *     (may be null)
     * @throws IllegalArgumentException if the settings are invalid (as {@link UserTower.Builder#build()}
     *     says), a weight is missing or has another shape (the movie id table included), or the
     *     history is shared and {@code movieWeights} is null
     */
    public static FrozenUserTower of(UserTower.Spec spec, Weights weights, Weights movieWeights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        spec.check();
        if (spec.historyShared() && movieWeights == null) {
            throw new IllegalArgumentException("the history shares a movie tower's id table: expected that tower's"
                    + " weights, found null");
        }
        return new FrozenUserTower(spec, weights, movieWeights);
    }

    /** The pooled history of one query into {@code features[at, at + historyDim)}, as the training tower pools it. */
    private void pool(int[] rows, float[] mask, float[] weights, int from, int length, float[] items, float[] features,
            int at) {
        int dim = spec.historyDim();
        Arrays.fill(features, at, at + dim, 0);
        if (historyGru != null || historyAttention != null) {
            for (int s = 0; s < length; s++) {
                historyTable.copyRow(rows[from + s], items, s * dim);
            }
            if (historyGru != null) {
                historyGru.encode(items, 0, mask, from, length, features, at);
            } else {
                historyAttention.encodeLast(items, 0, mask, from, length, features, at);
            }
            return;
        }
        float total = 0;
        for (int s = 0; s < length; s++) {
            total += weights[from + s];
        }
        if (total == 0) {
            return; // an empty history pools to zeros, as in training
        }
        for (int s = 0; s < length; s++) {
            if (weights[from + s] != 0) {
                historyTable.addScaledRow(rows[from + s], weights[from + s] / total, features, at);
            }
        }
    }

    /** Width of the tower's output. */
    public int outputDim() {
        return outputDim;
    }

    /** The settings, encoders included. */
    public UserTower.Spec spec() {
        return spec;
    }

    /** Whether the tower was trained on this user (otherwise it gives the OOV embedding). */
    public boolean knowsUser(int userId) {
        return spec.userIds().encode(userId) >= spec.userIds().oovBuckets();
    }

    /**
     * Encodes one query.
     *
     * @param userId a MovieLens user id (unknown ones fall into OOV buckets)
     * @param timestamp epoch seconds of the query
     * @return {@code [outputDim()]}
     */
    public float[] encode(int userId, long timestamp) {
        float[] out = new float[outputDim];
        encode(new int[] {userId}, new long[] {timestamp}, out);
        return out;
    }

    /**
     * Encodes one query whose history the caller gives (e.g. a request that carries the user's
     * recent movies, which also serves users the model has never seen). Without a history
     * feature the history is ignored.
     *
     * @param userId a MovieLens user id (unknown ones fall into OOV buckets)
     * @param timestamp epoch seconds of the query
     * @param history the user's recent movie ids, oldest first; the last {@code maxLength} count
     * @return {@code [outputDim()]}
     */
    public float[] encode(int userId, long timestamp, int[] history) {
        Objects.requireNonNull(history, "history");
        float[] out = new float[outputDim];
        int[][] histories = {history};
        RecentItems recent = spec.history();
        encode(new int[] {userId}, new long[] {timestamp}, recent == null ? null : recent.histories(histories), out);
        return out;
    }

    /** Whether the tower has a history feature: requests may then carry the user's recent movies. */
    public boolean hasHistory() {
        return spec.history() != null;
    }

    /**
     * Encodes a batch of queries.
     *
     * @param userIds {@code [B]} MovieLens user ids
     * @param timestamps {@code [B]} epoch seconds
     * @param out receives {@code [B, outputDim()]} row-major
     * @throws IllegalArgumentException if the lengths differ or {@code out} is too short
     */
    public void encode(int[] userIds, long[] timestamps, float[] out) {
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(timestamps, "timestamps");
        RecentItems recent = spec.history();
        boolean sameLength = userIds.length == timestamps.length;
        encode(userIds, timestamps, recent == null || !sameLength ? null : recent.histories(userIds, timestamps), out);
    }

    private void encode(int[] userIds, long[] timestamps, RecentItems.Histories histories, float[] out) {
        int batch = userIds.length;
        if (timestamps.length != batch) {
            throw new IllegalArgumentException("user tower input length mismatch: " + batch + " user ids, "
                    + timestamps.length + " timestamps");
        }
        if (out.length < (long) batch * outputDim) {
            throw new IllegalArgumentException("output too small: need " + batch + " × " + outputDim + " floats, found "
                    + out.length);
        }
        // the training tower's encoder calls, on the whole batch
        int[] ids = spec.userIds().encode(userIds);
        int[] buckets = bucketTable == null ? null : spec.buckets().encode(timestamps);
        int[] yearIndices = years == null ? null : years.encode(timestamps);
        float[] cyclic = cyclicLayer == null ? null : spec.cyclic().encode(timestamps);
        float[] normalized = spec.normalizer() == null ? null : spec.normalizer().encode(timestamps);
        MaskedIndices history = histories == null ? null : histories.items();
        float[] historyWeights = histories == null ? null : histories.weights();
        int[] historyRows = history == null ? null : spec.historyIds().encode(history.indices());
        float[] historyMask = history == null ? null : history.mask();
        int length = history == null ? 0 : history.width();
        float[] historyItems = historyGru == null && historyAttention == null ? null
                : new float[length * spec.historyDim()];
        float[] features = new float[featureWidth];
        float[] cyclicOut = cyclicLayer == null ? null : new float[cyclicLayer.outputDim()];
        // one query writes straight into out; a batch goes row by row through y
        float[] y = batch == 1 && out.length == outputDim ? out : new float[outputDim];
        float[][] workspace = top.newWorkspace();
        for (int row = 0; row < batch; row++) {
            // [id | time bucket | year | cyclic layer | normalized time], the training concat order
            idTable.copyRow(ids[row], features, 0);
            int at = spec.idDim();
            if (buckets != null) {
                bucketTable.copyRow(buckets[row], features, at);
                at += spec.bucketDim();
            }
            if (yearIndices != null) {
                yearTable.copyRow(yearIndices[row], features, at);
                at += spec.yearDim();
            }
            if (cyclic != null) {
                cyclicLayer.apply(cyclic, row * cyclicLayer.inputDim(), cyclicOut);
                System.arraycopy(cyclicOut, 0, features, at, cyclicOut.length);
                at += spec.cyclicDim();
            }
            if (normalized != null) {
                features[at] = normalized[row];
                at++;
            }
            if (historyRows != null) {
                pool(historyRows, historyMask, historyWeights, row * length, length, historyItems, features, at);
            }
            top.apply(features, 0, y, workspace);
            if (y != out) {
                System.arraycopy(y, 0, out, row * outputDim, outputDim);
            }
        }
    }
}
