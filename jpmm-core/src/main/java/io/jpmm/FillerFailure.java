package io.jpmm;

/** A filler's checked exception on its way through the store, which takes no checked exceptions. */
final class FillerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private FillerFailure(Exception cause) {
        super(cause);
    }

    /** A filler applied to its target. */
    @FunctionalInterface
    interface Fill {
        void run() throws Exception;
    }

    /** Runs {@code fill}; a checked exception it throws comes out wrapped in a FillerFailure. */
    static void fill(Fill fill) {
        try {
            fill.run();
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Exception checked) {
            throw new FillerFailure(checked);
        }
    }

    /** The filler's exception, as the type the caller declared. */
    @SuppressWarnings("unchecked")
    <E extends Exception> E original() {
        return (E) getCause();
    }
}
