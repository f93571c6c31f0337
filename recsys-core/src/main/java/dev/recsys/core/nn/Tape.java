package dev.recsys.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Records the operations of one forward pass so that {@link #backward(Variable)} can run their
 * gradients in reverse order.
 *
 * <p>A tape owns every array its operations create (values, gradients, temporaries) and frees
 * them in {@link #close()}, so a training step allocates no native memory that outlives it. Use
 * one tape per step, in try-with-resources; parameter values and constants passed in by the
 * caller are never closed by the tape. A training loop should give its tapes one {@link
 * ArrayPool} so the large score matrices are recycled rather than reallocated. A tape is not
 * thread-safe.
 */
public final class Tape implements AutoCloseable {

    /** Gradient of one recorded operation: receives the gradient of its output. */
    @FunctionalInterface
    interface Backward {
        void run(INDArray outputGradient);
    }

    private final List<Variable> nodes = new ArrayList<>();
    private final List<Backward> backwards = new ArrayList<>();
    private final List<INDArray> owned = new ArrayList<>();
    private final Set<INDArray> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayPool pool;
    private boolean backwardDone;
    private boolean closed;

    /** Creates an empty tape that allocates every array afresh. */
    public Tape() {
        this.pool = null;
    }

    /**
     * Creates an empty tape that borrows its large arrays from {@code pool} and returns them on
     * {@link #close()}.
     *
     * @param pool the pool shared by the tapes of a training run
     */
    public Tape(ArrayPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Wraps a caller-owned array as a constant: no gradient flows into it and the tape does not
     * close it.
     *
     * @param value any shape; must stay open until the tape is closed
     * @return a variable without gradient
     */
    public Variable constant(INDArray value) {
        Objects.requireNonNull(value, "value");
        checkOpen();
        return new Variable(this, value, false, null);
    }

    /**
     * Wraps an array created for this step (encoded features, masks) as a constant and takes
     * ownership of it: no gradient flows into it and the tape closes it in {@link #close()}.
     *
     * @param value any shape, not used after the tape is closed
     * @return a variable without gradient
     */
    public Variable input(INDArray value) {
        Objects.requireNonNull(value, "value");
        checkOpen();
        track(value);
        return new Variable(this, value, false, null);
    }

    /**
     * Copies encoded features into a new array of this step and takes ownership of it, as
     * {@link #input(INDArray)}.
     *
     * @param values row-major values, {@code product(shape)} of them
     * @param type the array's data type (the parameters' type, so the features mix with them)
     * @param shape e.g. {@code [batch, width]}
     * @return a variable without gradient
     */
    public Variable input(float[] values, DataType type, long... shape) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
        INDArray array = Nd4j.create(values, shape, 'c');
        if (array.dataType() != type) {
            INDArray cast = array.castTo(type);
            array.close();
            array = cast;
        }
        return input(array);
    }

    /**
     * Uses a dense parameter in this pass; gradients flowing into the returned variable are
     * added to {@link DenseParameter#gradient()}.
     *
     * @param parameter a parameter of any shape
     * @return a variable whose value is the parameter's value (not a copy)
     */
    public Variable parameter(DenseParameter parameter) {
        Objects.requireNonNull(parameter, "parameter");
        checkOpen();
        return new Variable(this, parameter.value(), true, parameter);
    }

    /**
     * Runs the recorded operations backwards from a scalar loss, adding gradients into the
     * parameters used. May be called once per tape.
     *
     * @param loss a variable with exactly one element, recorded on this tape
     * @throws IllegalArgumentException if {@code loss} is not a scalar of this tape
     * @throws IllegalStateException if the tape is closed or backward already ran
     */
    public void backward(Variable loss) {
        Objects.requireNonNull(loss, "loss");
        checkOpen();
        if (loss.tape() != this) {
            throw new IllegalArgumentException("loss was recorded on another tape");
        }
        if (loss.value().length() != 1) {
            throw new IllegalArgumentException(
                    "loss must be a scalar: expected 1 element, found " + loss.value().length());
        }
        if (backwardDone) {
            throw new IllegalStateException("backward already ran on this tape; use a new tape per step");
        }
        backwardDone = true;
        if (!loss.requiresGradient()) {
            return;
        }
        loss.accumulate(track(loss.value().ulike().assign(1.0)), true);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            INDArray gradient = nodes.get(i).gradient();
            if (gradient != null) {
                backwards.get(i).run(gradient);
            }
        }
    }

    /** Frees every array the tape created; variables of this tape must not be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (INDArray array : owned) {
            if (array.closeable()) {
                array.close();
            }
        }
        owned.clear();
        for (INDArray array : borrowed) {
            if (pool != null) {
                pool.give(array);
            } else {
                array.close();
            }
        }
        borrowed.clear();
        nodes.clear();
        backwards.clear();
    }

    /** Takes ownership of an array created during this step; returns it. */
    INDArray track(INDArray array) {
        if (!array.isView() && !borrowed.contains(array)) {
            owned.add(array);
        }
        return array;
    }

    /**
     * A C-ordered array with arbitrary contents that lives until the tape closes, recycled
     * through the pool when there is one. For large outputs written by an in-place operation.
     */
    INDArray allocate(DataType type, long... shape) {
        INDArray array = pool != null ? pool.take(type, shape) : Nd4j.createUninitialized(type, shape, 'c');
        borrowed.add(array);
        return array;
    }

    /**
     * Records an operation output: a tracked value and its backward function, which is only
     * kept when some input needs a gradient.
     */
    Variable record(INDArray value, Backward backward, Variable... inputs) {
        checkOpen();
        track(value);
        boolean needsGradient = false;
        for (Variable input : inputs) {
            if (input.tape() != this) {
                throw new IllegalArgumentException("inputs of one operation must share a tape");
            }
            needsGradient |= input.requiresGradient();
        }
        Variable output = new Variable(this, value, needsGradient, null);
        if (needsGradient) {
            nodes.add(output);
            backwards.add(backward);
        }
        return output;
    }

    /** Records a leaf whose gradient is handed to {@code backward} (used by embedding lookups). */
    Variable recordLeaf(INDArray value, Backward backward) {
        checkOpen();
        track(value);
        Variable output = new Variable(this, value, true, null);
        nodes.add(output);
        backwards.add(backward);
        return output;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("tape is closed; start a new tape for the next step");
        }
    }
}
