package dev.recsys.core.features;

import java.util.Arrays;

/**
 * A batch of variable-length index lists padded to a fixed width: indices {@code [rows, width]}
 * and mask {@code [rows, width]}, both row-major, mask 1 where an index is real and 0 where it is
 * padding. Produced by {@link TitleVectorizer} and {@link GenreEncoder}; immutable (accessors
 * return copies).
 */
public final class MaskedIndices {

    private final int rows;
    private final int width;
    private final int[] indices;
    private final float[] mask;

    MaskedIndices(int rows, int width, int[] indices, float[] mask) {
        if (indices.length != rows * width || mask.length != rows * width) {
            throw new IllegalArgumentException("expected " + rows + " × " + width + " indices and mask, found "
                    + indices.length + " indices and " + mask.length + " mask values");
        }
        this.rows = rows;
        this.width = width;
        this.indices = indices;
        this.mask = mask;
    }

    /** Number of rows (the batch size). */
    public int rows() {
        return rows;
    }

    /** Number of slots per row. */
    public int width() {
        return width;
    }

    /** The indices, {@code [rows, width]} row-major; padding slots hold the producer's padding index. */
    public int[] indices() {
        return indices.clone();
    }

    /** The mask, {@code [rows, width]} row-major: 1 for a real index, 0 for padding. */
    public float[] mask() {
        return mask.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedIndices other
                && rows == other.rows
                && width == other.width
                && Arrays.equals(indices, other.indices)
                && Arrays.equals(mask, other.mask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * rows + width) + Arrays.hashCode(indices)) + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "MaskedIndices{" + rows + " × " + width + "}";
    }
}
