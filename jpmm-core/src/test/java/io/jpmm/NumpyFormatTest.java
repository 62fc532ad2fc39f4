package io.jpmm;

import io.jpmm.testkit.Numpy;
import io.jpmm.testkit.Samples;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NdArray#toString()} against NumPy's own {@code repr} of the same bytes. */
class NumpyFormatTest {
    @TempDir
    Path directory;

    @Test
    void printsExactlyAsNumpyReprDoes() throws Exception {
        List<NdArray> cases = cases();
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            NdArray array = cases.get(i);
            Path file = directory.resolve(i + ".bin");
            try (var out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                array.writeTo(out);
            }
            manifest.append(file).append('\t').append(array.dtype().numpyDescr().orElseThrow()).append('\t')
                    .append(Arrays.stream(array.shape()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                    .append('\n');
        }
        Path manifestFile = Files.writeString(directory.resolve("manifest.tsv"), manifest);
        String output = Numpy.run("""
                import sys, numpy as np
                for line in open(sys.argv[1]):
                    path, descr, shape = line.rstrip('\\n').split('\\t')
                    dims = tuple(int(d) for d in shape.split(',') if d)
                    print(repr(np.fromfile(path, dtype=descr).reshape(dims)))
                    print('@@END@@')
                """, manifestFile.toString());
        List<String> expected = Arrays.asList(output.split("\n@@END@@\n", -1)).subList(0, cases.size());
        for (int i = 0; i < cases.size(); i++) {
            assertThat(cases.get(i).toString()).as("case %d, %s %s", i, cases.get(i).dtype(),
                    Arrays.toString(cases.get(i).shape())).isEqualTo(expected.get(i));
        }
    }

    private static List<NdArray> cases() {
        var random = new SplittableRandom(1);
        List<NdArray> cases = new ArrayList<>();
        cases.add(NdArray.of(1.5, 2.25, 3.0));
        cases.add(NdArray.of(0.1, 0.2, 0.1 + 0.2));
        cases.add(NdArray.of(1e-5, 1.0));
        cases.add(NdArray.of(1e8, 1.0));
        cases.add(NdArray.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5));
        cases.add(NdArray.of(Double.NaN, Double.POSITIVE_INFINITY));
        cases.add(NdArray.of(-0.0, 0.0));
        cases.add(NdArray.of(123456789.0, 0.001));
        cases.add(NdArray.of(1e20, -1e-300, 5.0));
        cases.add(NdArray.of(1.0 / 3, 2.0 / 3, 100.0 / 7));
        cases.add(NdArray.of(999.5, 1.0));
        cases.add(NdArray.of(1e-4, 0.1));
        double[] normal = new double[100];
        Arrays.setAll(normal, i -> random.nextDouble(-10, 10));
        cases.add(NdArray.of(normal));
        double[] wide = new double[20];
        Arrays.setAll(wide, i -> i * 1.123);
        cases.add(NdArray.of(wide));
        double[] many = new double[2000];
        Arrays.setAll(many, i -> i);
        cases.add(NdArray.of(many));
        cases.add(NdArray.of(many).reshape(40, 50));
        cases.add(NdArray.of(many).reshape(10, 10, 20));
        cases.add(NdArray.of(many).reshape(2, 10, 10, 10).slice(0, 0, 2));
        cases.add(NdArray.of(many).slice(0, 0, 16).reshape(2, 2, 2, 2));
        cases.add(NdArray.allocate(DType.FLOAT32, 4).copyFrom(new float[] {0.1f, 0.2f, 1e10f, -3.25f}));
        cases.add(NdArray.allocate(DType.FLOAT32, 3).copyFrom(new float[] {0.1f, 0.25f, 7f}));
        cases.add(NdArray.allocate(DType.FLOAT16, 4).copyFrom(new double[] {0.1, 0.2, 65504, -2.5}));
        cases.add(NdArray.allocate(DType.FLOAT16, 3).copyFrom(new double[] {0.333, 1, 2}));
        long[] counting = new long[30];
        Arrays.setAll(counting, i -> i * 37 - 500);
        cases.add(NdArray.of(counting));
        cases.add(NdArray.of(counting).reshape(5, 6));
        cases.add(NdArray.allocate(DType.INT8, 12).copyFrom(NdArray.of(counting).slice(0, 0, 12)).reshape(3, 4));
        cases.add(NdArray.allocate(DType.INT32, 3).copyFrom(new int[] {-5, 100000, 7}));
        cases.add(NdArray.allocate(DType.UINT8, 4).copyFrom(new int[] {0, 255, 7, 128}));
        cases.add(NdArray.allocate(DType.UINT16, 2).copyFrom(new int[] {65535, 1}));
        cases.add(NdArray.allocate(DType.UINT32, 2).copyFrom(new long[] {4294967295L, 1}));
        cases.add(NdArray.allocate(DType.UINT64, 2).copyFrom(new long[] {-1, 5}));
        cases.add(NdArray.allocate(DType.INT16, 2).copyFrom(new int[] {-32768, 32767}));
        cases.add(NdArray.copyOf(new boolean[][] {{true, false, true}, {false, false, true}}));
        NdArray complex = NdArray.allocate(DType.COMPLEX128, 3);
        complex.setComplex(1, 2, 0);
        complex.setComplex(-3.5, -0.25, 1);
        complex.setComplex(Double.NaN, 1e-7, 2);
        cases.add(complex);
        cases.add(NdArray.allocate(DType.COMPLEX64, 3).copyFrom(complex));
        cases.add(NdArray.allocate(DType.FLOAT64, 0));
        cases.add(NdArray.allocate(DType.INT32, 0));
        cases.add(NdArray.allocate(DType.FLOAT64, 2, 0));
        NdArray scalar = NdArray.allocate(DType.INT64);
        scalar.set(-5L);
        cases.add(scalar);
        NdArray floatScalar = NdArray.allocate(DType.FLOAT32);
        floatScalar.set(1.5);
        cases.add(floatScalar);
        for (DType dtype : DType.values()) {
            if (dtype.numpyDescr().isPresent()) {
                NdArray bits = Samples.randomArray(dtype, 9, 4, 5);
                if (!dtype.isFloatingPoint() && !dtype.isComplex()) {
                    cases.add(bits);
                } else {
                    NdArray values = NdArray.allocate(dtype, 4, 5);
                    for (long i = 0; i < 4; i++) {
                        for (long j = 0; j < 5; j++) {
                            values.setComplex(random.nextGaussian() * 100, dtype.isComplex() ? random.nextGaussian() : 0, i, j);
                        }
                    }
                    cases.add(values);
                }
            }
        }
        return cases;
    }
}
