package io.jpmm.internal.compute;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.array.ElementCodec;

import java.lang.foreign.MemorySegment;

/**
 * Whole-array operations on bytes over any view: fill, comparison, hashing, complex parts.
 */
public final class ArrayOps {

    private ArrayOps() {
    }

    /** The real part of the complex element at {@code offset}. */
    public static double real(DType type, MemorySegment memory, long offset) {
        return type == DType.COMPLEX64 ? memory.get(ElementCodec.FLOAT, offset) : memory.get(ElementCodec.DOUBLE, offset);
    }

    /** Writes a complex element. */
    public static void setComplex(DType type, MemorySegment memory, long offset, double real, double imaginary) {
        if (type == DType.COMPLEX64) {
            memory.set(ElementCodec.FLOAT, offset, (float) real);
        } else {
            memory.set(ElementCodec.DOUBLE, offset, real);
        }
        setImaginary(type, memory, offset, imaginary);
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

}
