package io.jpmm.internal.compute;

/** The element-wise operations of two operands, with NumPy's names. */
public enum BinaryOp {
    ADD("add"), SUBTRACT("subtract"), MULTIPLY("multiply"), DIVIDE("divide"), FLOOR_DIVIDE("floor_divide"),
    MOD("remainder"), POWER("power"), MAXIMUM("maximum"), MINIMUM("minimum"),
    EQUAL("equal"), NOT_EQUAL("not_equal"), LESS("less"), LESS_EQUAL("less_equal"), GREATER("greater"),
    GREATER_EQUAL("greater_equal"), LOGICAL_AND("logical_and"), LOGICAL_OR("logical_or"), LOGICAL_XOR("logical_xor");

    private final String numpyName;

    BinaryOp(String numpyName) {
        this.numpyName = numpyName;
    }

    public String numpyName() {
        return numpyName;
    }

    /** Whether the result is bool whatever the operands are. */
    public boolean givesBool() {
        return ordinal() >= EQUAL.ordinal();
    }

    /** Whether the operands are compared or combined as truth values. */
    public boolean isLogical() {
        return ordinal() >= LOGICAL_AND.ordinal();
    }
}
