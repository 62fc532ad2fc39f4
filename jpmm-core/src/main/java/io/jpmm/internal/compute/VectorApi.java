package io.jpmm.internal.compute;

import java.util.function.Supplier;

/**
 * The one place that decides whether jpmm computes with the Vector API: only when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} and {@code -Djpmm.noVectorApi} is not set, as
 * Lucene's {@code VectorizationProvider} decides. Classes that use the API are loaded by name, so a
 * JVM without the module never links them.
 */
final class VectorApi {
    private VectorApi() {
    }

    /** A new instance of {@code className} when the Vector API is usable, otherwise {@code plain}'s. */
    static <T> T loadOr(Class<T> type, String className, Supplier<T> plain) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && !Boolean.getBoolean("jpmm.noVectorApi")) {
            try {
                return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError unavailable) {
                io.jpmm.internal.log.Log.info(() -> "the Vector API is present but unusable (" + unavailable
                        + "); computing with plain loops");
            }
        }
        return plain.get();
    }
}
