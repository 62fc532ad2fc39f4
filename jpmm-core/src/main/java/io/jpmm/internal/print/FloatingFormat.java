package io.jpmm.internal.print;

import io.jpmm.DType;
import io.jpmm.internal.array.ElementCodec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats floating-point elements the way NumPy 2's {@code FloatingFormat} does by default
 * ({@code floatmode='maxprec'}, precision 8): every element gets its shortest round-tripping digits,
 * at most 8 after the point; all elements share one width; scientific notation when values span
 * more than three orders of magnitude, fall below 1e-4, or reach 10 to the power of the type's
 * decimal precision (capped at 8: 1e3 for float16, 1e6 for float32, 1e8 for float64). In scientific
 * notation every element shows as many fraction digits as the longest needs, and the extra digits
 * are the exact value's, rounded half to even (NumPy's Dragon4 with {@code min_digits}), not zeros.
 */
public final class FloatingFormat {
    private static final int PRECISION = 8;

    private final DType precisionType;
    private final boolean forceSign;
    private final boolean exponential;
    private int padLeft;
    private int padRight;
    private int fractionDigits;
    private int exponentDigits;

    /**
     * @param values        the finite and non-finite values that will be printed
     * @param precisionType the type whose precision decides how many digits are significant
     * @param forceSign     print '+' before non-negative values (imaginary parts)
     */
    public FloatingFormat(double[] values, DType precisionType, boolean forceSign) {
        this.precisionType = precisionType;
        this.forceSign = forceSign;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean anyFinite = false;
        boolean anyNonFinite = false;
        boolean negativeInfinity = false;
        for (double value : values) {
            if (!Double.isFinite(value)) {
                anyNonFinite = true;
                negativeInfinity |= value == Double.NEGATIVE_INFINITY;
                continue;
            }
            anyFinite = true;
            double abs = Math.abs(value);
            if (abs != 0) {
                maxAbs = Math.max(maxAbs, abs);
                minAbs = Math.min(minAbs, abs);
            }
        }
        exponential = maxAbs != 0 && (maxAbs >= exponentialFrom(precisionType) || minAbs < 1e-4
                || inPrecisionType(maxAbs / minAbs, precisionType) > 1000.0);
        if (anyFinite) {
            measure(values);
        }
        if (anyNonFinite) {
            int nanLength = 3;
            int infLength = 3 + (forceSign || negativeInfinity ? 1 : 0);
            int offset = padRight + 1;
            padLeft = Math.max(padLeft, Math.max(nanLength - offset, infLength - offset));
        }
    }

    /** NumPy's {@code 10 ** min(8, finfo(dtype).precision)}. */
    private static double exponentialFrom(DType type) {
        return switch (type) {
            case FLOAT16 -> 1e3;
            case BFLOAT16 -> 1e2;
            case FLOAT32 -> 1e6;
            default -> 1e8;
        };
    }

    /** {@code value} rounded to {@code type}, as NumPy's division in that type would leave it. */
    private static double inPrecisionType(double value, DType type) {
        return switch (type) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16((float) value));
            case BFLOAT16 -> Float.intBitsToFloat(ElementCodec.toBfloat16((float) value) << 16);
            case FLOAT32 -> (float) value;
            default -> value;
        };
    }

    private void measure(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                continue;
            }
            String[] parts = exponential ? scientificParts(value, -1) : positionalParts(value);
            padLeft = Math.max(padLeft, parts[0].length());
            padRight = Math.max(padRight, parts[1].length());
            if (exponential) {
                exponentDigits = Math.max(exponentDigits, parts[2].length() - 1);
            }
        }
        if (exponential) {
            fractionDigits = padRight;
            padRight = exponentDigits + 2 + fractionDigits;
        }
    }

    public String format(double value) {
        if (!Double.isFinite(value)) {
            String text = Double.isNaN(value) ? (forceSign ? "+nan" : "nan")
                    : value < 0 ? "-inf" : forceSign ? "+inf" : "inf";
            return " ".repeat(Math.max(0, padLeft + padRight + 1 - text.length())) + text;
        }
        if (exponential) {
            String[] parts = scientificParts(value, fractionDigits);
            String exponent = parts[2].charAt(0) + "0".repeat(Math.max(0, exponentDigits - parts[2].length() + 1))
                    + parts[2].substring(1);
            return pad(parts[0], padLeft, true) + "." + parts[1] + "e" + exponent;
        }
        String[] parts = positionalParts(value);
        return pad(parts[0], padLeft, true) + "." + pad(parts[1], padRight, false);
    }

    /** {integer part with sign, fraction digits} of the positional form. */
    private String[] positionalParts(double value) {
        BigDecimal decimal = shortest(Math.abs(value));
        if (decimal.scale() > PRECISION) {
            decimal = new BigDecimal(Math.abs(value)).setScale(PRECISION, RoundingMode.HALF_EVEN);
        }
        String plain = strip(decimal).toPlainString();
        int dot = plain.indexOf('.');
        String integer = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        return new String[] {sign(value) + integer, fraction};
    }

    /** {sign and leading digit, fraction digits, signed exponent} of the scientific form. */
    private String[] scientificParts(double value, int minFractionDigits) {
        double abs = Math.abs(value);
        BigDecimal decimal = abs == 0 ? BigDecimal.ZERO : shortest(abs).stripTrailingZeros();
        if (decimal.precision() > PRECISION + 1) {
            decimal = new BigDecimal(abs).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        }
        if (abs != 0 && decimal.precision() - 1 < minFractionDigits) {
            decimal = new BigDecimal(abs).round(new MathContext(minFractionDigits + 1, RoundingMode.HALF_EVEN));
        }
        String digits = decimal.unscaledValue().toString();
        int exponent = abs == 0 ? 0 : digits.length() - 1 - decimal.scale();
        String fraction = digits.substring(1);
        if (fraction.length() < minFractionDigits) {
            fraction += "0".repeat(minFractionDigits - fraction.length());
        }
        String signedExponent = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        return new String[] {sign(value) + digits.charAt(0), fraction, signedExponent};
    }

    private String sign(double value) {
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        return negative ? "-" : forceSign ? "+" : "";
    }

    /**
     * The shortest decimal that reads back as the same value of {@link #precisionType}, the closest
     * to it among those. Java's {@code toString} gives that too, except that it never uses fewer
     * than two digits ({@code 4.9E-324} where one digit, {@code 5e-324}, identifies the value).
     */
    private BigDecimal shortest(double abs) {
        BigDecimal decimal = switch (precisionType) {
            case FLOAT64 -> new BigDecimal(Double.toString(abs));
            case FLOAT32 -> new BigDecimal(Float.toString((float) abs));
            default -> shortestByRounding(abs);
        };
        if (abs != 0 && decimal.stripTrailingZeros().precision() == 2) {
            BigDecimal oneDigit = new BigDecimal(abs).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (sameInPrecisionType(oneDigit.doubleValue(), abs)) {
                return oneDigit;
            }
        }
        return decimal;
    }

    private BigDecimal shortestByRounding(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (sameInPrecisionType(candidate.doubleValue(), abs)) {
                return candidate;
            }
        }
        return exact;
    }

    private boolean sameInPrecisionType(double a, double b) {
        return switch (precisionType) {
            case FLOAT16 -> Float.floatToFloat16((float) a) == Float.floatToFloat16((float) b);
            case BFLOAT16 -> ElementCodec.toBfloat16((float) a) == ElementCodec.toBfloat16((float) b);
            case FLOAT32 -> (float) a == (float) b;
            default -> a == b;
        };
    }

    private static BigDecimal strip(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String pad(String text, int width, boolean left) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return left ? padding + text : text + padding;
    }
}
