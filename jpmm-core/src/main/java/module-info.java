/**
 * jpmm: named, crash-atomic shelves of n-dimensional arrays on persistent memory or any file system.
 *
 * <p>Only {@code io.jpmm} is exported; the store ({@code io.jpmm.internal.store}), the medium
 * ({@code io.jpmm.internal.medium}) and logging stay internal so the file format and flushing can change
 * without breaking users.
 */
module io.jpmm {
    requires jdk.nio.mapmode;
    // The machine's memory size, which decides which passes give pages back (internal.medium.Residency).
    requires jdk.management;
    // Optional: used for the hottest loops only when the JVM runs with --add-modules jdk.incubator.vector.
    requires static jdk.incubator.vector;

    exports io.jpmm;
}
