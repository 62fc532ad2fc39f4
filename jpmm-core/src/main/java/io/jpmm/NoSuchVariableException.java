package io.jpmm;

/** The shelf has no variable of that name. */
public class NoSuchVariableException extends ShelfException {
    private static final long serialVersionUID = 1L;
    private final String variable;

    /** An exception naming the shelf and the missing variable. */
    public NoSuchVariableException(String shelf, String variable) {
        super("shelf '" + shelf + "' has no variable \"" + variable + "\"");
        this.variable = variable;
    }

    /** The name that was looked up. */
    public String variable() {
        return variable;
    }
}
