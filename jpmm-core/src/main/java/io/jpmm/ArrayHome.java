package io.jpmm;

import io.jpmm.internal.store.MappedVariable;
import io.jpmm.internal.store.ShelfStore;
import java.lang.foreign.MemorySegment;

/** Where an array's memory lives: DRAM, or a variable on a shelf. */
sealed interface ArrayHome {

    boolean isShelved();

    /** Whether the memory belongs to a shelf opened read-only. */
    boolean isReadOnly();

    /** Throws a clear {@link IllegalStateException} if the memory may no longer be used. */
    void checkValid(MemorySegment memory);

    /** Makes in-place writes to {@code range} durable; nothing to do in DRAM. */
    void persist(MemorySegment range);

    /** The prefix {@code toString} uses, NumPy's {@code array(} for DRAM arrays. */
    String label();

    /** Ordinary memory, managed by the garbage collector. */
    record Dram() implements ArrayHome {
        static final Dram INSTANCE = new Dram();

        @Override
        public boolean isShelved() {
            return false;
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public void checkValid(MemorySegment memory) {
        }

        @Override
        public void persist(MemorySegment range) {
        }

        @Override
        public String label() {
            return "array";
        }
    }

    /** A shelved variable's mapping; invalid once the variable changes or the shelf closes. */
    record Shelved(ShelfStore store, MappedVariable variable) implements ArrayHome {

        @Override
        public boolean isShelved() {
            return true;
        }

        @Override
        public boolean isReadOnly() {
            return store.readOnly();
        }

        @Override
        public void checkValid(MemorySegment memory) {
            if (!memory.scope().isAlive()) {
                String reason = variable.invalidation();
                throw new IllegalStateException("array \"" + variable.entry().name() + "\" of shelf '" + store.name()
                        + "' can no longer be used: " + (reason != null ? reason : "its mapping was released"));
            }
        }

        @Override
        public void persist(MemorySegment range) {
            StoreCalls.run(() -> store.persist(variable, range));
        }

        @Override
        public String label() {
            return "shelved";
        }
    }
}
