package io.jpmm.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.safetensors.Safetensors;
import io.jpmm.testkit.Oracle;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A small model (src/test/python/torch_model.py, exported by torch) run by ONNX Runtime on weights
 * and inputs that live on a shelf, its outputs written into shelf variables, compared with what
 * torch computed (committed, and made again where torch is installed).
 */
class ShelvedInferenceTest {
    @TempDir
    Path directory;

    private static final String[] TOOLS = {"torch", "safetensors", "onnx"};

    static Stream<Oracle.Source> sources() {
        return Oracle.sources(TOOLS);
    }

    private static Path fixture(String name) {
        return Oracle.fixtures("torch_model").resolve(name);
    }

    private Shelf shelf() {
        return Shelf.open("model", ShelfOptions.at(directory.resolve("shelves")).sizeMb(4));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void aModelRunsOnShelvedWeightsAndWritesItsOutputsIntoTheShelfAsTorchComputes(Oracle.Source source)
            throws Exception {
        Path answers = Oracle.answers(source, "torch_model", directory, TOOLS);
        checkAgainstTorch(answers.resolve("dense.onnx"), answers.resolve("torch.safetensors"));
    }

    private void checkAgainstTorch(Path model, Path answers) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (Shelf shelf = shelf(); OrtSession session = environment.createSession(model.toString())) {
            Safetensors.importInto(shelf, answers, "torch.");
            NdArray y = shelf.ndarray("out.y", DType.FLOAT32, 3, 5);
            NdArray h2 = shelf.ndarray("out.h2", DType.FLOAT32, 6);
            NdArray g1 = shelf.ndarray("out.g1", DType.FLOAT32, 6);
            ShelvedTensors.run(session,
                    Map.of("x", shelf.array("torch.x"), "w", shelf.array("torch.w"), "b", shelf.array("torch.b"),
                            "h", shelf.array("torch.h"), "g", shelf.array("torch.g")),
                    Map.of("y", y, "h2", h2, "g1", g1));
            shelf.persist();
            assertThat(y.reshape(-1).toDoubleArray()).containsExactly(shelf.array("torch.y").reshape(-1).toDoubleArray(),
                    within(1e-5));
            assertThat(h2.toDoubleArray()).containsExactly(shelf.array("torch.h2").toDoubleArray());
            assertThat(g1.toDoubleArray()).containsExactly(shelf.array("torch.g1").toDoubleArray());
        }
        try (Shelf reopened = shelf()) {
            assertThat(reopened.array("out.y").reshape(-1).toDoubleArray())
                    .containsExactly(reopened.array("torch.y").reshape(-1).toDoubleArray(), within(1e-5));
        }
    }

    @Test
    void outputsTheRuntimeAllocatesArePutOntoTheShelfInOneTransaction() throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (Shelf shelf = shelf(); OrtSession session = environment.createSession(fixture("dense.onnx").toString())) {
            Safetensors.importInto(shelf, fixture("torch.safetensors"), "torch.");
            Map<String, NdArray> inputs = Map.of("x", shelf.array("torch.x"), "w", shelf.array("torch.w"),
                    "b", shelf.array("torch.b"), "h", shelf.array("torch.h"), "g", shelf.array("torch.g"));
            Map<String, NdArray> outputs = ShelvedTensors.runOnto(session, inputs, shelf,
                    new java.util.TreeMap<>(Map.of("y", "run.y", "g1", "run.g1")));
            assertThat(shelf.names("run.")).containsExactly("run.g1", "run.y");
            assertThat(outputs.get("y").isShelved()).isTrue();
            assertThat(outputs.get("y").shape()).containsExactly(3, 5);
            assertThat(outputs.get("y").reshape(-1).toDoubleArray())
                    .containsExactly(shelf.array("torch.y").reshape(-1).toDoubleArray(), within(1e-5));
            assertThat(shelf.array("run.g1").toDoubleArray()).containsExactly(shelf.array("torch.g1").toDoubleArray());
            assertThatThrownBy(() -> ShelvedTensors.runOnto(session, inputs, shelf, Map.of("nope", "run.nope")))
                    .isInstanceOf(OrtException.class);
            assertThat(shelf.names("run.")).containsExactly("run.g1", "run.y");
        }
    }

    @Test
    void inputsAreReadFromTheShelfInPlaceNotCopied() throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (Shelf shelf = shelf(); OrtSession session = environment.createSession(fixture("dense.onnx").toString())) {
            Safetensors.importInto(shelf, fixture("torch.safetensors"), "");
            NdArray h = shelf.array("h");
            try (PinnedTensor x = ShelvedTensors.wrap(environment, shelf.array("x"));
                 PinnedTensor w = ShelvedTensors.wrap(environment, shelf.array("w"));
                 PinnedTensor b = ShelvedTensors.wrap(environment, shelf.array("b"));
                 PinnedTensor hTensor = ShelvedTensors.wrap(environment, h);
                 PinnedTensor g = ShelvedTensors.wrap(environment, shelf.array("g"))) {
                h.set(1.5, 0);   // after the tensor was made: only a tensor over the same memory sees it
                try (var result = session.run(Map.of("x", x.tensor(), "w", w.tensor(), "b", b.tensor(),
                        "h", hTensor.tensor(), "g", g.tensor()))) {
                    float[] doubled = ((float[]) ((OnnxTensor) result.get("h2").orElseThrow()).getValue());
                    assertThat(doubled[0]).isEqualTo(3.0f);
                }
            }
        }
    }

    @Test
    void whatCannotBeATensorWithoutACopyIsRefusedSayingWhy() throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (Shelf shelf = shelf()) {
            NdArray matrix = shelf.ndarray("m", DType.FLOAT32, 2, 3);
            assertThatThrownBy(() -> ShelvedTensors.wrap(environment, matrix.transpose()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-contiguous");
            assertThatThrownBy(() -> ShelvedTensors.wrap(environment, shelf.ndarray("u", DType.UINT16, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint16");
            shelf.erase("m");
            assertThatThrownBy(() -> ShelvedTensors.wrap(environment, matrix))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("erased");
        }
    }
}
