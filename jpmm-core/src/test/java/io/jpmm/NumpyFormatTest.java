package io.jpmm;

import io.jpmm.testkit.Oracle;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** {@link NdArray#toString()} against NumPy 2's own {@code repr} of the same bytes (numpy_repr.py). */
class NumpyFormatTest {
    @TempDir
    Path scratch;

    static Stream<Oracle.Source> sources() {
        return Oracle.sources();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void printsExactlyAsNumpyReprDoes(Oracle.Source source) {
        JsonNode answers = Oracle.json(Oracle.answers(source, "numpy_repr", scratch).resolve("repr.json"));
        JsonNode cases = answers.get("cases");
        assertThat(cases.size()).isGreaterThan(80);
        assertSoftly(softly -> {
            for (int i = 0; i < cases.size(); i++) {
                JsonNode expected = cases.get(i);
                NdArray array = Oracle.array(expected);
                softly.assertThat(array.toString()).as("case %d of NumPy %s: %s %s", i, answers.get("numpy").asString(),
                        array.dtype(), expected.get("shape")).isEqualTo(expected.get("repr").asString());
            }
        });
    }
}
