package io.jpmm.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfTransaction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shelved (or DRAM) arrays as ONNX Runtime tensors, without copies: a tensor is a direct
 * {@link ByteBuffer} over the array's memory, which ONNX Runtime uses in place, so an input is read
 * straight from the shelf's mapping and a pre-allocated output is written straight into it.
 *
 * <p>What is not zero-copy: a non-contiguous view (copy() it first), an array of more than
 * 2 GiB - 1 bytes (a {@code ByteBuffer} cannot span more; split the batch), and outputs the runtime
 * allocates itself (their shape is known only after the run), which its Java API hands back as
 * copies: {@link #runOnto} puts those onto a shelf with one more copy. Types: float32/64, float16, bfloat16, int8/16/32/64, uint8 and bool; ONNX Runtime's Java
 * API has no unsigned 16-, 32- or 64-bit or complex tensors.
 */
public final class ShelvedTensors {
    private ShelvedTensors() {
    }

    /**
     * A tensor over {@code array}'s memory, pinned until the result is closed.
     *
     * @throws IllegalArgumentException if the array cannot be a tensor without a copy, saying why
     */
    public static PinnedTensor wrap(OrtEnvironment environment, NdArray array) throws OrtException {
        OnnxJavaType type = typeOf(array.dtype());
        if (!array.isContiguous()) {
            throw new IllegalArgumentException("a non-contiguous view " + java.util.Arrays.toString(array.shape())
                    + " is not one block of memory; copy() it, or put a contiguous copy on the shelf");
        }
        if (array.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an array of " + array.byteSize() + " bytes is larger than a direct"
                    + " ByteBuffer can span (2 GiB - 1); run it in smaller batches (views along the first axis)");
        }
        NdArray.Pin pin = array.pin();
        try {
            ByteBuffer memory = array.segment().asByteBuffer().order(ByteOrder.nativeOrder());
            return new PinnedTensor(OnnxTensor.createTensor(environment, memory, array.shape(), type), pin);
        } catch (OrtException | RuntimeException failure) {
            pin.close();
            throw failure;
        }
    }

    /**
     * Runs {@code session} reading {@code inputs} from their memory and writing {@code outputs}, which
     * must already have the outputs' dtypes and shapes (for example {@code shelf.ndarray(...)}),
     * straight into theirs. Shelved outputs are written in place, not durable until persisted.
     */
    public static void run(OrtSession session, Map<String, NdArray> inputs, Map<String, NdArray> outputs)
            throws OrtException {
        List<PinnedTensor> pinned = new ArrayList<>();
        try {
            session.run(wrapAll(inputs, pinned), wrapAll(outputs, pinned)).close();
        } finally {
            pinned.forEach(PinnedTensor::close);
        }
    }

    /** Tensors over {@code arrays}, by the same names; each pin is added to {@code pinned}, for the caller to close. */
    private static Map<String, OnnxTensor> wrapAll(Map<String, NdArray> arrays, List<PinnedTensor> pinned) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        for (var array : arrays.entrySet()) {
            PinnedTensor tensor = wrap(environment, array.getValue());
            pinned.add(tensor);
            tensors.put(array.getKey(), tensor.tensor());
        }
        return tensors;
    }

    /**
     * Runs {@code session} on {@code inputs} (read in place) and puts the outputs it allocates itself
     * (shapes known only after the run) onto {@code shelf}: output {@code k} of {@code outputs} as
     * variable {@code outputs.get(k)}, all in one transaction. Each output is copied once into its
     * space on the shelf from the copy ONNX Runtime's Java API hands back; where the shape is known
     * before the run, pre-allocate the output and use {@link #run} instead, which copies nothing.
     *
     * @return the outputs as shelved arrays
     * @throws IllegalArgumentException if an output has a type jpmm does not store (strings, maps, sequences)
     */
    public static Map<String, NdArray> runOnto(OrtSession session, Map<String, NdArray> inputs, Shelf shelf,
                                               Map<String, String> outputs) throws OrtException {
        List<PinnedTensor> pinned = new ArrayList<>();
        Map<String, NdArray> shelved = new LinkedHashMap<>();
        try {
            try (OrtSession.Result result = session.run(wrapAll(inputs, pinned), outputs.keySet());
                 ShelfTransaction transaction = shelf.begin()) {
                for (var output : outputs.entrySet()) {
                    if (!(result.get(output.getKey()).orElseThrow() instanceof OnnxTensor tensor)) {
                        throw new IllegalArgumentException("output \"" + output.getKey() + "\" is not a tensor");
                    }
                    DType dtype = dtypeOf(tensor.getInfo().type, output.getKey());
                    ByteBuffer copy = tensor.getByteBuffer();
                    NdArray array = shelf.put(output.getValue(), dtype, Shape.of(tensor.getInfo().getShape()),
                            target -> target.segment().copyFrom(java.lang.foreign.MemorySegment.ofBuffer(copy)));
                    shelved.put(output.getKey(), array);
                }
                transaction.commit();
            }
        } finally {
            pinned.forEach(PinnedTensor::close);
        }
        return shelved;
    }

    private static DType dtypeOf(OnnxJavaType type, String output) {
        return switch (type) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT8 -> DType.INT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case UINT8 -> DType.UINT8;
            case BOOL -> DType.BOOL;
            default -> throw new IllegalArgumentException("output \"" + output + "\" has ONNX type " + type
                    + ", which jpmm does not store");
        };
    }

    static OnnxJavaType typeOf(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            default -> throw new IllegalArgumentException(dtype.numpyName() + " arrays cannot be ONNX Runtime tensors"
                    + " (its Java API has float32/64, float16, bfloat16, int8/16/32/64, uint8 and bool)");
        };
    }
}
