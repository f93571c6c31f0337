package dev.recsys.core.nn.frozen;

import java.util.Objects;

/**
 * A frozen embedding table {@code [rows, dim]}: row lookups on the Java heap. Immutable and safe
 * for concurrent use.
 */
public final class FrozenEmbedding {

    private final float[] table;
    private final int rows;
    private final int dim;

    private FrozenEmbedding(float[] table, int rows, int dim) {
        this.table = table;
        this.rows = rows;
        this.dim = dim;
    }

    /**
     * The table stored under {@code name}.
     *
     * @param rows number of rows (the encoder's size)
     * @param dim embedding width
     * @throws IllegalArgumentException if the parameter is missing or not {@code [rows, dim]}
     */
    public static FrozenEmbedding of(Weights weights, String name, int rows, int dim) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        return new FrozenEmbedding(weights.require(name, rows, dim), rows, dim);
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Embedding width. */
    public int dim() {
        return dim;
    }

    /**
     * One element, {@code table[row, column]}: a width-1 table's value (a bias) without a copy.
     *
     * @param row in {@code [0, rows())}
     * @param column in {@code [0, dim())}
     */
    public float get(int row, int column) {
        if (column < 0 || column >= dim) {
            throw new IndexOutOfBoundsException("column " + column + " outside [0, " + dim + ")");
        }
        return table[row * dim + column];
    }

    /**
     * Copies a row.
     *
     * @param row in {@code [0, rows())}
     * @param out receives {@code [dim]} from {@code offset}
     */
    public void copyRow(int row, float[] out, int offset) {
        Objects.requireNonNull(out, "out");
        System.arraycopy(table, row * dim, out, offset, dim);
    }

    /**
     * Adds {@code scale} times a row: {@code out[offset + d] += table[row, d] · scale}, the step of
     * a weighted mean.
     *
     * @param row in {@code [0, rows())}
     * @param out {@code [dim]} from {@code offset}, added to
     */
    public void addScaledRow(int row, float scale, float[] out, int offset) {
        Objects.requireNonNull(out, "out");
        for (int d = 0, at = row * dim; d < dim; d++, at++) {
            out[offset + d] += table[at] * scale;
        }
    }
}
