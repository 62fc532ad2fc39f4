package io.jpmm;

import io.jpmm.testkit.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jpmm's indexing, views, promotion, arithmetic, casts and reductions against NumPy 2 (and
 * ml_dtypes), case by case: the committed answers of {@code src/test/python/numpy_compute.py}, and
 * a fresh run where NumPy is installed. Results must match in dtype, shape and every bit, except
 * where NumPy's own answer depends on summation order or its libm (a tolerance in units in the
 * last place); where NumPy raises, jpmm must refuse too.
 */
class ComputeOracleTest {
    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesNumpy() {
        return Oracle.sources("ml_dtypes").flatMap(source -> {
            JsonNode answers = Oracle.json(Oracle.answers(source, "numpy_compute", scratch, "ml_dtypes").resolve("cases.json"));
            Map<String, List<JsonNode>> byOp = new LinkedHashMap<>();
            for (JsonNode entry : answers.get("cases")) {
                byOp.computeIfAbsent(entry.get("op").asString(), op -> new ArrayList<>()).add(entry);
            }
            return byOp.entrySet().stream().map(group -> DynamicTest.dynamicTest(
                    source + " " + group.getKey() + " (" + group.getValue().size() + " cases, NumPy "
                            + answers.get("numpy").asString() + ")", () -> runAll(group.getValue())));
        });
    }

    private static void runAll(List<JsonNode> cases) {
        List<String> failures = new ArrayList<>();
        for (JsonNode entry : cases) {
            String problem = check(entry);
            if (problem != null) {
                failures.add(describe(entry) + ": " + problem);
            }
        }
        assertThat(failures).as("%d of %d cases differ from NumPy", failures.size(), cases.size()).isEmpty();
    }

    private static String check(JsonNode entry) {
        Object result;
        try {
            result = run(entry.get("op").asString(), operands(entry.get("args")));
        } catch (IllegalArgumentException | UnsupportedOperationException | ArithmeticException
                 | IndexOutOfBoundsException | IllegalStateException refused) {
            return entry.has("error") ? null : "jpmm refused (" + refused + ") where NumPy gives "
                    + Oracle.array(entry.get("expect"));
        }
        if (entry.has("error")) {
            return "NumPy raises " + entry.get("error").asString() + ", jpmm gave " + result;
        }
        if (entry.has("dtype")) {
            String expected = entry.get("dtype").asString();
            return expected.equals(result.toString()) ? null : "dtype " + result + ", NumPy " + expected;
        }
        NdArray actual = (NdArray) result;
        NdArray expected = Oracle.array(entry.get("expect"));
        if (actual.dtype() != expected.dtype()) {
            return "dtype " + actual.dtype() + ", NumPy " + expected.dtype() + " (" + actual + " vs " + expected + ")";
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Shape.of(actual.shape()) + ", NumPy " + Shape.of(expected.shape());
        }
        JsonNode tolerance = entry.get("tolerance");
        if (tolerance != null && !tolerance.isNull() && actual.dtype().isFloatingPoint()) {
            return withinUlps(actual.toDoubleArray(), expected.toDoubleArray(), tolerance.asInt(), actual.dtype())
                    ? null : actual.toFullString() + " vs NumPy " + expected.toFullString();
        }
        return actual.equals(expected) ? null : actual.toFullString() + " vs NumPy " + expected.toFullString();
    }

    private static boolean withinUlps(double[] actual, double[] expected, int ulps, DType dtype) {
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double e = expected[i];
            if (Double.compare(a, e) == 0 || Double.isNaN(a) && Double.isNaN(e)) {
                continue;
            }
            double unit = switch (dtype) {
                case FLOAT16 -> Math.ulp(Float.float16ToFloat(Float.floatToFloat16((float) e))) * 1024;
                case BFLOAT16 -> Math.ulp((float) e) * 65536;
                case FLOAT32 -> Math.ulp((float) e);
                default -> Math.ulp(e);
            };
            if (!(Math.abs(a - e) <= ulps * unit)) {
                return false;
            }
        }
        return true;
    }

    private static Object run(String op, Object[] a) {
        return switch (op) {
            case "index" -> array(a[0]).get((String) a[1]);
            case "reshape" -> array(a[0]).reshape(longs((String) a[1]));
            case "transpose" -> array(a[0]).transpose();
            case "swapaxes" -> array(a[0]).swapAxes((int) longs((String) a[1])[0], (int) longs((String) a[1])[1]);
            case "ravel" -> array(a[0]).ravel();
            case "squeeze" -> array(a[0]).squeeze(Arrays.stream(longs((String) a[1])).mapToInt(Math::toIntExact).toArray());
            case "expand_dims" -> array(a[0]).expandDims(Integer.parseInt((String) a[1]));
            case "broadcast_to" -> array(a[0]).broadcastTo(longs((String) a[1]));
            case "diagonal" -> array(a[0]).diagonal();
            case "result_type" -> NdMath.resultType(DType.fromNumpyName((String) a[0]), DType.fromNumpyName((String) a[1]));
            case "astype" -> array(a[0]).astype(DType.fromNumpyName((String) a[1]));
            case "add" -> NdMath.add(a[0], a[1]);
            case "subtract" -> NdMath.subtract(a[0], a[1]);
            case "multiply" -> NdMath.multiply(a[0], a[1]);
            case "divide" -> NdMath.divide(a[0], a[1]);
            case "floor_divide" -> NdMath.floorDivide(a[0], a[1]);
            case "remainder" -> NdMath.mod(a[0], a[1]);
            case "power" -> NdMath.power(a[0], a[1]);
            case "maximum" -> NdMath.maximum(a[0], a[1]);
            case "minimum" -> NdMath.minimum(a[0], a[1]);
            case "equal" -> NdMath.equal(a[0], a[1]);
            case "not_equal" -> NdMath.notEqual(a[0], a[1]);
            case "less" -> NdMath.less(a[0], a[1]);
            case "less_equal" -> NdMath.lessEqual(a[0], a[1]);
            case "greater" -> NdMath.greater(a[0], a[1]);
            case "greater_equal" -> NdMath.greaterEqual(a[0], a[1]);
            case "logical_and" -> NdMath.logicalAnd(a[0], a[1]);
            case "logical_or" -> NdMath.logicalOr(a[0], a[1]);
            case "logical_xor" -> NdMath.logicalXor(a[0], a[1]);
            case "negative" -> NdMath.negative(a[0]);
            case "absolute" -> NdMath.abs(a[0]);
            case "sqrt" -> NdMath.sqrt(a[0]);
            case "exp" -> NdMath.exp(a[0]);
            case "log" -> NdMath.log(a[0]);
            case "sin" -> NdMath.sin(a[0]);
            case "cos" -> NdMath.cos(a[0]);
            case "logical_not" -> NdMath.logicalNot(a[0]);
            case "clip" -> NdMath.clip(a[0], a[1], a[2]);
            case "where" -> NdMath.where(a[0], a[1], a[2]);
            case "matmul" -> NdMath.matmul(a[0], a[1]);
            case "add_inplace" -> array(a[0]).copy().addInPlace(a[1]);
            case "multiply_inplace" -> array(a[0]).copy().multiplyInPlace(a[1]);
            case "divide_inplace" -> array(a[0]).copy().divideInPlace(a[1]);
            case "assign" -> array(a[0]).copy().set((String) a[1], a[2]);
            default -> reduction(op, array(a[0]), (String) a[1]);
        };
    }

    private static NdArray reduction(String op, NdArray x, String axisText) {
        Integer axis = axisText.isEmpty() ? null : Integer.valueOf(axisText);
        return switch (op) {
            case "sum" -> axis == null ? x.sum() : x.sum(axis);
            case "prod" -> axis == null ? x.prod() : x.prod(axis);
            case "mean" -> axis == null ? x.mean() : x.mean(axis);
            case "min" -> axis == null ? x.min() : x.min(axis);
            case "max" -> axis == null ? x.max() : x.max(axis);
            case "argmin" -> axis == null ? x.argmin() : x.argmin(axis);
            case "argmax" -> axis == null ? x.argmax() : x.argmax(axis);
            case "std" -> axis == null ? x.std() : x.std(axis, 0);
            case "var" -> axis == null ? x.var() : x.var(axis, 0);
            case "any" -> axis == null ? x.any() : x.any(axis);
            case "all" -> axis == null ? x.all() : x.all(axis);
            case "cumsum" -> axis == null ? x.cumsum() : x.cumsum(axis);
            default -> throw new AssertionError("unknown oracle operation " + op);
        };
    }

    private static NdArray array(Object operand) {
        return (NdArray) operand;
    }

    private static long[] longs(String text) {
        return text.isBlank() ? new long[0] : Arrays.stream(text.split(",")).mapToLong(part -> Long.parseLong(part.strip())).toArray();
    }

    private static Object[] operands(JsonNode args) {
        Object[] values = new Object[args.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode arg = args.get(i);
            values[i] = arg.has("array") ? Oracle.array(arg.get("array"))
                    : arg.has("int") ? (Object) arg.get("int").asLong()
                    : arg.has("float") ? (Object) pythonFloat(arg.get("float").asString())
                    : arg.has("bool") ? (Object) arg.get("bool").asBoolean()
                    : arg.get("text").asString();
        }
        return values;
    }

    private static double pythonFloat(String repr) {
        return switch (repr) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(repr);
        };
    }

    private static String describe(JsonNode entry) {
        StringBuilder text = new StringBuilder(entry.get("op").asString()).append('(');
        for (JsonNode arg : entry.get("args")) {
            if (text.charAt(text.length() - 1) != '(') {
                text.append(", ");
            }
            text.append(arg.has("array") ? Oracle.array(arg.get("array")).toString().replace("\n", " ") : arg.toString());
        }
        return text.append(')').toString();
    }
}
