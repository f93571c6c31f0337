package dev.recsys.core.nn;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An embedding table {@code [vocabularySize, dim]} whose gradient is sparse: only the rows
 * looked up in the current step carry a gradient, summed over repeated ids, and optimizers
 * update only those rows.
 *
 * <p>The sparse gradient is accumulated on the Java heap, so it costs no native memory.
 */
public final class EmbeddingTable extends Parameter {

    private final int vocabularySize;
    private final int dim;
    private final int[] slotOfRow;
    private int[] rows = new int[64];
    private double[] values;
    private int touched;

    EmbeddingTable(String name, INDArray value) {
        super(name, value);
        this.vocabularySize = (int) value.size(0);
        this.dim = (int) value.size(1);
        this.slotOfRow = new int[vocabularySize];
        Arrays.fill(slotOfRow, -1);
        this.values = new double[rows.length * dim];
    }

    /** Number of rows. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Embedding dimension (columns). */
    public int dim() {
        return dim;
    }

    /**
     * The gradient of the touched rows, rows in first-touch order.
     *
     * @return fresh arrays owned by the caller
     */
    public SparseGradient gradient() {
        return new SparseGradient(
                Arrays.copyOf(rows, touched), Arrays.copyOf(values, touched * dim), dim);
    }

    @Override
    public boolean hasGradient() {
        return touched > 0;
    }

    @Override
    public void zeroGradient() {
        for (int slot = 0; slot < touched; slot++) {
            slotOfRow[rows[slot]] = -1;
        }
        Arrays.fill(values, 0, touched * dim, 0.0);
        touched = 0;
    }

    /** Checks that every id is a row of this table. */
    void checkIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException("embedding id out of range for '" + name()
                        + "': expected 0.." + (vocabularySize - 1) + ", found " + id);
            }
        }
    }

    /** Adds {@code gradient [ids.length, dim]} (C-ordered, not a view) to the rows {@code ids}. */
    void accumulate(int[] ids, INDArray gradient) {
        DataBuffer buffer = gradient.data();
        for (int i = 0; i < ids.length; i++) {
            int slot = slotOfRow[ids[i]];
            if (slot < 0) {
                slot = addSlot(ids[i]);
            }
            int target = slot * dim;
            long source = (long) i * dim;
            for (int k = 0; k < dim; k++) {
                values[target + k] += buffer.getDouble(source + k);
            }
        }
    }

    private int addSlot(int row) {
        if (touched == rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
            values = Arrays.copyOf(values, rows.length * dim);
        }
        rows[touched] = row;
        slotOfRow[row] = touched;
        return touched++;
    }

    /**
     * Gradient of the touched rows of a table.
     *
     * @param rows the touched row ids, distinct, length {@code n}
     * @param values the summed gradient of each touched row, {@code [n, dim]} row-major
     * @param dim the embedding dimension
     */
    public record SparseGradient(int[] rows, double[] values, int dim) {
        /** Checks that both arrays are given. */
        public SparseGradient {
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(values, "values");
        }
    }
}
