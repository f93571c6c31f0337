package dev.recsys.models.task;

import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Runs a tower over many rows in chunks, without keeping any tape, into one array. */
final class Embeddings {

    /** Rows per forward pass at evaluation time. */
    static final int CHUNK = 4096;

    /** One chunk's forward pass: rows {@code [from, to)}. */
    @FunctionalInterface
    interface Forward {
        Variable apply(Tape tape, int from, int to);
    }

    private Embeddings() {}

    /** {@code [rows, dim]} float32; the caller closes it. */
    static INDArray compute(int rows, int dim, Forward forward) {
        INDArray out = Nd4j.create(DataType.FLOAT, rows, dim);
        for (int from = 0; from < rows; from += CHUNK) {
            int to = Math.min(rows, from + CHUNK);
            try (Tape tape = new Tape()) {
                INDArray value = forward.apply(tape, from, to).value();
                out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(value);
            }
        }
        return out;
    }
}
