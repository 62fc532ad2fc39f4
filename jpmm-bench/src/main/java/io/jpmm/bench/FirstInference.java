package io.jpmm.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.onnxruntime.ShelvedTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One first inference in a fresh JVM, for {@link TensorFiles}: {@code shelf} takes x, w and b from
 * the reopened shelf "model" in place; {@code file} reads them from model.safetensors into direct
 * buffers, as an ONNX Runtime user without jpmm would. Prints the milliseconds from the start of
 * main to the answer, and the answer (the sum of y).
 */
public final class FirstInference {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path directory = Path.of(args[1]);
        var environment = OrtEnvironment.getEnvironment();
        double answer;
        try (OrtSession session = environment.createSession(args[2])) {
            if (args[0].equals("shelf")) {
                try (Shelf shelf = Shelf.open("model", ShelfOptions.at(directory).readOnly())) {
                    NdArray w = shelf.array("w");
                    NdArray y = NdArray.allocate(DType.FLOAT32, 1, w.dim(1));
                    ShelvedTensors.run(session, Map.of("x", shelf.array("x"), "w", w, "b", shelf.array("b")), Map.of("y", y));
                    answer = y.sum().getDouble();
                }
            } else {
                Map<String, OnnxTensor> inputs = readSafetensors(environment, directory.resolve("model.safetensors"));
                try (OrtSession.Result result = session.run(inputs)) {
                    float[][] y = (float[][]) result.get(0).getValue();
                    double sum = 0;
                    for (float v : y[0]) {
                        sum += v;
                    }
                    answer = sum;
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        System.out.printf("%.1f %.6e%n", (System.nanoTime() - start) / 1e6, answer);
    }

    private static Map<String, OnnxTensor> readSafetensors(OrtEnvironment environment, Path file) throws Exception {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            ByteBuffer header = ByteBuffer.allocate((int) length.getLong(0));
            readFully(channel, header, 8);
            JsonNode json = JsonMapper.builder().build().readTree(new String(header.array(), StandardCharsets.UTF_8));
            long base = 8 + header.capacity();
            for (var entry : json.properties()) {
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode offsets = entry.getValue().get("data_offsets");
                long begin = offsets.get(0).asLong();
                ByteBuffer data = ByteBuffer.allocateDirect((int) (offsets.get(1).asLong() - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, base + begin);
                long[] shape = new long[entry.getValue().get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = entry.getValue().get("shape").get(i).asLong();
                }
                tensors.put(entry.getKey(), OnnxTensor.createTensor(environment, data.flip().asFloatBuffer(), shape));
            }
        }
        return tensors;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws Exception {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("model.safetensors ends early");
            }
        }
    }
}
