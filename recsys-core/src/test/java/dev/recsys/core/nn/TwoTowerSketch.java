package dev.recsys.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A miniature of the planned two-tower retrieval model, built from the engine's operations:
 * query = l2(linear(relu(dense(concat(user emb, time emb, timestamp))))); candidate = l2(linear(
 * relu(dense(concat(item emb, mean-pooled genre emb, GRU over title emb))))); loss = in-batch
 * softmax over query·candidateᵀ / temperature with logQ offsets and accidental-hit removal.
 */
final class TwoTowerSketch {

    /** One batch: ids, token matrices flattened row-major, masks and constants. */
    record Batch(int[] users, int[] timeBuckets, INDArray timestamps, int[] items, int[] genres, INDArray genreMask,
            int[] titles, INDArray titleMask, INDArray logQ) {
        int size() {
            return users.length;
        }
    }

    final EmbeddingTable userTable;
    final EmbeddingTable timeTable;
    final EmbeddingTable itemTable;
    final EmbeddingTable genreTable;
    final EmbeddingTable tokenTable;
    final Gru titleGru;
    final Dense queryHidden;
    final Dense queryOut;
    final Dense candidateHidden;
    final Dense candidateOut;
    final double temperature;

    TwoTowerSketch(ParameterStore store, int users, int times, int items, int genres, int tokens, int dim,
            int hidden, int out, double temperature) {
        Initializer embedding = Initializer.uniform(0.5);
        userTable = store.embedding("user", users, dim, embedding);
        timeTable = store.embedding("time", times, dim, embedding);
        itemTable = store.embedding("item", items, dim, embedding);
        genreTable = store.embedding("genre", genres, dim, embedding);
        tokenTable = store.embedding("token", tokens, dim, embedding);
        titleGru = Gru.builder("title", dim, dim).build(store);
        queryHidden = Dense.builder("query/hidden", 2 * dim + 1, hidden).activation(Activation.RELU).build(store);
        queryOut = Dense.builder("query/out", hidden, out).build(store);
        candidateHidden = Dense.builder("candidate/hidden", 3 * dim, hidden).activation(Activation.RELU).build(store);
        candidateOut = Dense.builder("candidate/out", hidden, out).build(store);
        this.temperature = temperature;
    }

    Variable loss(Tape tape, Batch batch) {
        Variable query = Ops.concat(
                Ops.lookup(tape, userTable, batch.users()),
                Ops.lookup(tape, timeTable, batch.timeBuckets()),
                tape.constant(batch.timestamps()));
        query = Ops.l2Normalize(queryOut.apply(tape, queryHidden.apply(tape, query)));

        int b = batch.size();
        long genreSteps = batch.genreMask().size(1);
        long titleSteps = batch.titleMask().size(1);
        int dim = genreTable.dim();
        Variable genres = Ops.reshape(Ops.lookup(tape, genreTable, batch.genres()), b, genreSteps, dim);
        Variable titles = Ops.reshape(Ops.lookup(tape, tokenTable, batch.titles()), b, titleSteps, dim);
        Variable candidate = Ops.concat(
                Ops.lookup(tape, itemTable, batch.items()),
                Ops.maskedMeanPool(genres, batch.genreMask()),
                titleGru.apply(tape, titles, batch.titleMask()));
        candidate = Ops.l2Normalize(candidateOut.apply(tape, candidateHidden.apply(tape, candidate)));

        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = i;
        }
        Variable scores = Ops.dotScores(Ops.scale(query, 1.0 / temperature), candidate);
        return Ops.softmaxCrossEntropy(scores, labels, batch.logQ(), batch.items());
    }
}
