package io.jpmm.internal.compute;

/** The element-wise operations of one operand, with NumPy's names. */
public enum UnaryOp {
    NEGATIVE("negative"), ABS("absolute"), SQUARE("square"), SQRT("sqrt"), EXP("exp"), LOG("log"), SIN("sin"),
    COS("cos"), LOGICAL_NOT("logical_not");

    private final String numpyName;

    UnaryOp(String numpyName) {
        this.numpyName = numpyName;
    }

    public String numpyName() {
        return numpyName;
    }

    /** Whether integers are first converted to a float type, as NumPy's loops for these exist for floats only. */
    public boolean needsFloat() {
        return this == SQRT || this == EXP || this == LOG || this == SIN || this == COS;
    }
}
