package io.jpmm;

import io.jpmm.internal.store.StoreException;
import java.util.function.Supplier;

/**
 * Calls into the store, with its failures turned into the API's exceptions. The store never imports
 * this package, so it reports a {@link StoreException.Reason} and this class names the exception a
 * user catches; the stack trace stays the store's, so nothing is lost.
 */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (StoreException failure) {
            throw translate(failure);
        }
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (StoreException failure) {
            throw translate(failure);
        }
    }

    static ShelfException translate(StoreException failure) {
        ShelfException translated = switch (failure.reason()) {
            case FAILED -> new ShelfException(failure.getMessage(), failure.getCause());
            case CORRUPTED -> new ShelfCorruptedException(failure.file(), failure.offset(), failure.getMessage());
            case NEWER_FORMAT -> new UnsupportedFormatException(failure.file(), failure.version(), Shelf.FORMAT_VERSION);
            case FULL -> new ShelfFullException(failure.getMessage(), failure.neededBytes(), failure.freeBytes());
            case LOCKED -> new ShelfLockedException(failure.file(), failure.getMessage());
            case READ_ONLY -> new ReadOnlyShelfException(failure.getMessage(), failure.getCause());
            case NO_SUCH_VARIABLE -> new NoSuchVariableException(failure.getMessage(), failure.variable());
            case NO_SUCH_SHELF -> new NoSuchShelfException(failure.getMessage());
        };
        translated.setStackTrace(failure.getStackTrace());
        return translated;
    }
}
