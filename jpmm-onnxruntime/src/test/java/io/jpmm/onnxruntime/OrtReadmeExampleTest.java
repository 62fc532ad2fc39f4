package io.jpmm.onnxruntime;

import io.jpmm.NdArray;
import io.jpmm.NdMath;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.safetensors.Safetensors;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Oracle;
import io.jpmm.testkit.ReadmeExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ONNX Runtime example in README.md compiles as written and, run beside the model and weights
 * torch made (torch_model.py's readme/), leaves on the shelf the y torch computed.
 */
class OrtReadmeExampleTest {
    @TempDir
    Path directory;

    @Test
    void theOnnxRuntimeExampleWritesTorchsAnswerOntoTheShelf() throws Exception {
        ReadmeExamples.compile(ReadmeExamples.snippet("OrtReadmeExampleTest"), directory);
        Path fixtures = Oracle.fixtures("torch_model");
        Files.copy(fixtures.resolve("readme/dense.onnx"), directory.resolve("dense.onnx"));
        Files.copy(fixtures.resolve("readme/weights.safetensors"), directory.resolve("weights.safetensors"));
        Process process = new ProcessBuilder(ChildJvm.javaExecutable().toString(), "--enable-native-access=ALL-UNNAMED",
                "-Djpmm.path=" + directory.resolve("shelves"),
                "-cp", directory + java.io.File.pathSeparator + System.getProperty("java.class.path"), "ReadmeExample")
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        try (Shelf shelf = Shelf.open("model", ShelfOptions.at(directory.resolve("shelves")));
             Shelf torch = Shelf.open("torch", ShelfOptions.at(directory).sizeMb(1))) {
            Safetensors.importInto(torch, fixtures.resolve("torch.safetensors"), "");
            NdArray y = shelf.array("y");
            NdArray expected = torch.array("y");
            assertThat(y.shape()).isEqualTo(expected.shape());
            assertThat(NdMath.abs(y.subtract(expected)).max().getDouble()).isLessThan(1e-5);
        }
    }
}
