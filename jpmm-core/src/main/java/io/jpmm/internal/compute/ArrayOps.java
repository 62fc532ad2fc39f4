package io.jpmm.internal.compute;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.array.ElementCodec;

import java.lang.foreign.MemorySegment;

/**
 * Whole-array operations over any view: copy with dtype conversion, fill, reductions, comparison.
 * Runs of adjacent elements move with {@link MemorySegment#copy}; only conversions go element by
 * element.
 */
public final class ArrayOps {

    private ArrayOps() {
    }

    /** Copies {@code source} into {@code target} (same shape), converting between dtypes. */
    public static void copy(DType sourceType, MemorySegment source, ArrayLayout sourceLayout,
                     DType targetType, MemorySegment target, ArrayLayout targetLayout) {
        if (sourceType.isComplex() && !targetType.isComplex()) {
            throw new UnsupportedOperationException("cannot convert " + sourceType + " to " + targetType
                    + " without dropping imaginary parts; copy the parts you need element by element");
        }
        int item = sourceType.itemSize();
        boolean sameType = sourceType == targetType;
        ArrayLayout.forEachRowPair(sourceLayout, targetLayout, (from, fromStride, to, toStride, count) -> {
            if (sameType && fromStride == item && toStride == item) {
                MemorySegment.copy(source, from, target, to, count * item);
            } else if (sameType) {
                for (long i = 0; i < count; i++) {
                    MemorySegment.copy(source, from + i * fromStride, target, to + i * toStride, item);
                }
            } else {
                convertRow(sourceType, source, from, fromStride, targetType, target, to, toStride, count);
            }
        });
    }

    private static void convertRow(DType sourceType, MemorySegment source, long from, long fromStride,
                                   DType targetType, MemorySegment target, long to, long toStride, long count) {
        ElementCodec in = ElementCodec.of(sourceType);
        ElementCodec out = ElementCodec.of(targetType);
        boolean integral = !sourceType.isFloatingPoint() && !sourceType.isComplex()
                && !targetType.isFloatingPoint() && !targetType.isComplex();
        boolean complexPair = sourceType.isComplex() && targetType.isComplex();
        for (long i = 0; i < count; i++) {
            long a = from + i * fromStride;
            long b = to + i * toStride;
            if (integral) {
                out.setLong(target, b, in.getLong(source, a));
            } else {
                out.setDouble(target, b, in.getDouble(source, a));
                if (complexPair) {
                    setImaginary(targetType, target, b, imaginary(sourceType, source, a));
                }
            }
        }
    }

    public static double imaginary(DType type, MemorySegment memory, long offset) {
        return type == DType.COMPLEX64
                ? memory.get(ElementCodec.FLOAT, offset + 4)
                : memory.get(ElementCodec.DOUBLE, offset + 8);
    }

    public static void setImaginary(DType type, MemorySegment memory, long offset, double value) {
        if (type == DType.COMPLEX64) {
            memory.set(ElementCodec.FLOAT, offset + 4, (float) value);
        } else {
            memory.set(ElementCodec.DOUBLE, offset + 8, value);
        }
    }

    /** Sets every element to the one encoded in {@code element} ({@code itemSize} bytes). */
    public static void fill(MemorySegment memory, ArrayLayout layout, MemorySegment element) {
        long item = element.byteSize();
        boolean zero = element.mismatch(MemorySegment.ofArray(new byte[(int) item])) == -1;
        layout.forEachRow((offset, count, stride) -> {
            if (stride == item) {
                MemorySegment run = memory.asSlice(offset, count * item);
                if (zero) {
                    run.fill((byte) 0);
                } else {
                    fillByDoubling(run, element);
                }
            } else {
                for (long i = 0; i < count; i++) {
                    MemorySegment.copy(element, 0, memory, offset + i * stride, item);
                }
            }
        });
    }

    /** Copies one element, then the filled prefix onto the rest, doubling it each time. */
    private static void fillByDoubling(MemorySegment run, MemorySegment element) {
        MemorySegment.copy(element, 0, run, 0, element.byteSize());
        long filled = element.byteSize();
        while (filled < run.byteSize()) {
            long chunk = Math.min(filled, run.byteSize() - filled);
            MemorySegment.copy(run, 0, run, filled, chunk);
            filled += chunk;
        }
    }

    /** The sum as a double; integer types add exactly in a {@code long} (wrapping like NumPy's int64). */
    public static double sum(DType type, MemorySegment memory, ArrayLayout layout) {
        requireReal(type, "sum");
        if (type.isInteger() && type != DType.UINT64 || type == DType.BOOL) {
            long[] total = {0};
            layout.forEachRow((offset, count, stride) -> {
                for (long i = 0; i < count; i++) {
                    total[0] += ElementCodec.of(type).getLong(memory, offset + i * stride);
                }
            });
            return total[0];
        }
        double[] total = {0};
        if (type == DType.FLOAT64) {
            layout.forEachRow((offset, count, stride) -> {
                for (long i = 0; i < count; i++) {
                    total[0] += memory.get(ElementCodec.DOUBLE, offset + i * stride);
                }
            });
        } else {
            layout.forEachRow((offset, count, stride) -> {
                for (long i = 0; i < count; i++) {
                    total[0] += ElementCodec.of(type).getDouble(memory, offset + i * stride);
                }
            });
        }
        return total[0];
    }

    /** The smallest ({@code sign} = 1) or largest ({@code sign} = -1) element; NaN if any is NaN. */
    public static double extreme(DType type, MemorySegment memory, ArrayLayout layout, int sign, String operation) {
        requireReal(type, operation);
        if (layout.size() == 0) {
            throw new IllegalStateException(operation + " of an empty array is undefined");
        }
        double[] best = {sign > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY};
        layout.forEachRow((offset, count, stride) -> {
            for (long i = 0; i < count; i++) {
                double value = ElementCodec.of(type).getDouble(memory, offset + i * stride);
                if (Double.isNaN(value)) {
                    best[0] = value;
                } else if (!Double.isNaN(best[0]) && (sign > 0 ? value < best[0] : value > best[0])) {
                    best[0] = value;
                }
            }
        });
        return best[0];
    }

    /** Whether two views of equal dtype and shape hold the same bytes element for element. */
    public static boolean sameElements(int itemSize, MemorySegment a, ArrayLayout layoutA, MemorySegment b, ArrayLayout layoutB) {
        boolean[] same = {true};
        ArrayLayout.forEachRowPair(layoutA, layoutB, (offsetA, strideA, offsetB, strideB, count) -> {
            if (!same[0]) {
                return;
            }
            if (strideA == itemSize && strideB == itemSize) {
                same[0] = MemorySegment.mismatch(a, offsetA, offsetA + count * itemSize,
                        b, offsetB, offsetB + count * itemSize) == -1;
                return;
            }
            for (long i = 0; i < count && same[0]; i++) {
                long x = offsetA + i * strideA;
                long y = offsetB + i * strideB;
                same[0] = MemorySegment.mismatch(a, x, x + itemSize, b, y, y + itemSize) == -1;
            }
        });
        return same[0];
    }

    /** A hash of the element bytes in C order. */
    public static int hash(MemorySegment memory, ArrayLayout layout, int itemSize) {
        int[] hash = {1};
        layout.forEachRow((offset, count, stride) -> {
            for (long i = 0; i < count; i++) {
                long start = offset + i * stride;
                for (long b = start; b < start + itemSize; b++) {
                    hash[0] = 31 * hash[0] + memory.get(ElementCodec.BYTE, b);
                }
            }
        });
        return hash[0];
    }

    private static void requireReal(DType type, String operation) {
        if (type.isComplex()) {
            throw new UnsupportedOperationException(operation + " is not defined for " + type + " arrays here");
        }
    }
}
