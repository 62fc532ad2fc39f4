package io.jpmm.internal.array;

import io.jpmm.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How one dtype's elements are read and written at a byte offset, as {@code long} or {@code double}.
 * Complex codecs read and write the real part; the imaginary part sits {@code itemSize / 2} bytes on.
 */
public interface ElementCodec {
    ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The codec of {@code dtype}'s elements. */
    static ElementCodec of(DType dtype) {
        return switch (dtype) {
            case BOOL -> BOOL;
            case INT8 -> INT8;
            case UINT8 -> UINT8;
            case INT16 -> INT16;
            case UINT16 -> UINT16;
            case INT32 -> INT32;
            case UINT32 -> UINT32;
            case INT64 -> INT64;
            case UINT64 -> UINT64;
            case FLOAT16 -> FLOAT16;
            case BFLOAT16 -> BFLOAT16;
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
            case COMPLEX64 -> COMPLEX64;
            case COMPLEX128 -> COMPLEX128;
        };
    }

    double getDouble(MemorySegment segment, long offset);

    long getLong(MemorySegment segment, long offset);

    void setDouble(MemorySegment segment, long offset, double value);

    void setLong(MemorySegment segment, long offset, long value);

    /** Codec for types whose natural Java value is integral. */
    interface Integral extends ElementCodec {
        @Override
        default double getDouble(MemorySegment segment, long offset) {
            return getLong(segment, offset);
        }

        @Override
        default void setDouble(MemorySegment segment, long offset, double value) {
            setLong(segment, offset, (long) value);
        }
    }

    /** Codec for types whose natural Java value is floating point. */
    interface Floating extends ElementCodec {
        @Override
        default long getLong(MemorySegment segment, long offset) {
            return (long) getDouble(segment, offset);
        }

        @Override
        default void setLong(MemorySegment segment, long offset, long value) {
            setDouble(segment, offset, value);
        }
    }

    ElementCodec BOOL = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(BYTE, o) != 0 ? 1 : 0; }
        public void setLong(MemorySegment s, long o, long v) { s.set(BYTE, o, (byte) (v != 0 ? 1 : 0)); }
        @Override
        public void setDouble(MemorySegment s, long o, double v) { setLong(s, o, v != 0 ? 1 : 0); }
    };
    ElementCodec INT8 = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(BYTE, o); }
        public void setLong(MemorySegment s, long o, long v) { s.set(BYTE, o, (byte) v); }
    };
    ElementCodec UINT8 = new Integral() {
        public long getLong(MemorySegment s, long o) { return Byte.toUnsignedLong(s.get(BYTE, o)); }
        public void setLong(MemorySegment s, long o, long v) { s.set(BYTE, o, (byte) v); }
    };
    ElementCodec INT16 = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(SHORT, o); }
        public void setLong(MemorySegment s, long o, long v) { s.set(SHORT, o, (short) v); }
    };
    ElementCodec UINT16 = new Integral() {
        public long getLong(MemorySegment s, long o) { return Short.toUnsignedLong(s.get(SHORT, o)); }
        public void setLong(MemorySegment s, long o, long v) { s.set(SHORT, o, (short) v); }
    };
    ElementCodec INT32 = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(INT, o); }
        public void setLong(MemorySegment s, long o, long v) { s.set(INT, o, (int) v); }
    };
    ElementCodec UINT32 = new Integral() {
        public long getLong(MemorySegment s, long o) { return Integer.toUnsignedLong(s.get(INT, o)); }
        public void setLong(MemorySegment s, long o, long v) { s.set(INT, o, (int) v); }
    };
    ElementCodec INT64 = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(LONG, o); }
        public void setLong(MemorySegment s, long o, long v) { s.set(LONG, o, v); }
    };
    ElementCodec UINT64 = new Integral() {
        public long getLong(MemorySegment s, long o) { return s.get(LONG, o); }
        public void setLong(MemorySegment s, long o, long v) { s.set(LONG, o, v); }
        @Override
        public double getDouble(MemorySegment s, long o) { return UnsignedLongs.toDouble(s.get(LONG, o)); }
        @Override
        public void setDouble(MemorySegment s, long o, double v) { s.set(LONG, o, UnsignedLongs.fromDouble(v)); }
    };
    ElementCodec FLOAT16 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return Float.float16ToFloat(s.get(SHORT, o)); }
        public void setDouble(MemorySegment s, long o, double v) { s.set(SHORT, o, Float16.fromDouble(v)); }
    };
    ElementCodec BFLOAT16 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return Float.intBitsToFloat(s.get(SHORT, o) << 16); }
        public void setDouble(MemorySegment s, long o, double v) { s.set(SHORT, o, toBfloat16((float) v)); }
    };
    ElementCodec FLOAT32 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return s.get(FLOAT, o); }
        public void setDouble(MemorySegment s, long o, double v) { s.set(FLOAT, o, (float) v); }
    };
    ElementCodec FLOAT64 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return s.get(DOUBLE, o); }
        public void setDouble(MemorySegment s, long o, double v) { s.set(DOUBLE, o, v); }
    };
    ElementCodec COMPLEX64 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return s.get(FLOAT, o); }
        public void setDouble(MemorySegment s, long o, double v) {
            s.set(FLOAT, o, (float) v);
            s.set(FLOAT, o + 4, 0f);
        }
    };
    ElementCodec COMPLEX128 = new Floating() {
        public double getDouble(MemorySegment s, long o) { return s.get(DOUBLE, o); }
        public void setDouble(MemorySegment s, long o, double v) {
            s.set(DOUBLE, o, v);
            s.set(DOUBLE, o + 8, 0d);
        }
    };

    /** Rounds a float to bfloat16 (nearest, ties to even), keeping NaN a NaN. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
