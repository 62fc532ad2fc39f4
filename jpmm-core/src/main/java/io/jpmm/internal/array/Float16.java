package io.jpmm.internal.array;

/** float64 to float16, rounded once to nearest even, as NumPy converts it. */
public final class Float16 {
    private Float16() {
    }

    /** The float16 bits nearest {@code value}; a float32 step in between could round twice. */
    public static short fromDouble(double value) {
        float single = (float) value;
        if ((double) single == value || Double.isNaN(value) || Double.isInfinite(value)) {
            return Float.floatToFloat16(single);
        }
        // Round to float32 towards zero and mark the lost bits sticky in its last bit: the float16
        // rounding then sees exactly whether the value lay below, at or above the halfway point.
        int bits = Float.floatToRawIntBits(single);
        if (Math.abs((double) single) > Math.abs(value)) {
            bits--;
        }
        return Float.floatToFloat16(Float.intBitsToFloat(bits | 1));
    }
}
