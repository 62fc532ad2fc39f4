package io.jpmm;

import io.jpmm.testkit.Oracle;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** {@link DType#parse} reads dtype spellings as {@code numpy.dtype()} does (numpy_dtype_names.py). */
class DTypeSpellingTest {
    @TempDir
    Path scratch;

    static Stream<Oracle.Source> sources() {
        return Oracle.sources();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void readsEverySpellingAsNumpyDoes(Oracle.Source source) {
        JsonNode spellings = Oracle.json(Oracle.answers(source, "numpy_dtype_names", scratch).resolve("names.json"))
                .get("spellings");
        assertThat(spellings.size()).isGreaterThan(100);
        assertSoftly(softly -> {
            for (Map.Entry<String, JsonNode> spelling : spellings.properties()) {
                JsonNode numpy = spelling.getValue();
                boolean accepted = numpy != null && !numpy.isNull() && !numpy.get("big_endian").asBoolean();
                if (accepted) {
                    softly.assertThat(DType.parse(spelling.getKey()).numpyName()).as("\"%s\"", spelling.getKey())
                            .isEqualTo(numpy.get("name").asString());
                } else if (!spelling.getKey().equals("bfloat16")) {
                    softly.assertThatThrownBy(() -> DType.parse(spelling.getKey())).as("\"%s\"", spelling.getKey())
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype");
                }
            }
        });
    }

    @Test
    void bfloat16IsReadThoughNumpyLacksItAndBigEndianIsRefusedClearly() {
        assertThat(DType.parse("bfloat16")).isEqualTo(DType.BFLOAT16);
        assertThatThrownBy(() -> DType.parse(">f8")).hasMessageContaining("big-endian").hasMessageContaining("<f8");
        assertThatThrownBy(() -> DType.parse("float80")).hasMessageContaining("unknown dtype \"float80\"");
    }
}
