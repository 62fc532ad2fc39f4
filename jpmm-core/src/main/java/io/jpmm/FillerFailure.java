package io.jpmm;

/** A filler's checked exception on its way through the store, which takes no checked exceptions. */
final class FillerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private FillerFailure(Exception cause) {
        super(cause);
    }

    /** Runs {@code filler}; a checked exception it throws comes out wrapped in a FillerFailure. */
    static <E extends Exception> void fill(ArrayFiller<E> filler, NdArray target) {
        try {
            filler.fill(target);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Exception checked) {
            throw new FillerFailure(checked);
        }
    }

    /** Runs {@code filler}; a checked exception it throws comes out wrapped in a FillerFailure. */
    static <E extends Exception> void fill(TableFiller<E> filler, TableBuffers target) {
        try {
            filler.fill(target);
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
