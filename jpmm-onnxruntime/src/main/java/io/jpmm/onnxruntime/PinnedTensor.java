package io.jpmm.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import io.jpmm.NdArray;

/**
 * An ONNX Runtime tensor over an array's memory, and the pin that keeps that memory mapped while
 * the tensor exists. Close it when the runtime is done with it: the tensor first, then the pin.
 */
public final class PinnedTensor implements AutoCloseable {
    private final OnnxTensor tensor;
    private final NdArray.Pin pin;

    PinnedTensor(OnnxTensor tensor, NdArray.Pin pin) {
        this.tensor = tensor;
        this.pin = pin;
    }

    /** The tensor, for {@code OrtSession.run} as an input or a pre-allocated output. */
    public OnnxTensor tensor() {
        return tensor;
    }

    @Override
    public void close() {
        try {
            tensor.close();
        } finally {
            pin.close();
        }
    }
}
