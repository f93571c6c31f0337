package dev.recsys.models;

import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Encoded feature arrays handed to a tape, which closes them after the step. */
final class Inputs {

    private Inputs() {}

    static Variable floats(Tape tape, float[] values, DataType type, long... shape) {
        INDArray array = Nd4j.create(values, shape, 'c');
        if (array.dataType() != type) {
            INDArray cast = array.castTo(type);
            array.close();
            array = cast;
        }
        return tape.input(array);
    }
}
