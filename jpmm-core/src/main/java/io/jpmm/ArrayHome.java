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

    /** Keeps the memory mapped until the returned pin is closed; see {@link NdArray#pin()}. */
    NdArray.Pin pin(MemorySegment memory);

    /** Copies {@code range} into {@code target} without reading it through the mapping, if the medium can; else false. */
    boolean copyTo(MemorySegment range, java.nio.channels.WritableByteChannel target) throws java.io.IOException;

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

        @Override
        public boolean copyTo(MemorySegment range, java.nio.channels.WritableByteChannel target) {
            return false;
        }

        @Override
        public NdArray.Pin pin(MemorySegment memory) {
            // The garbage collector keeps DRAM memory as long as the array, or a buffer over it, is reachable.
            return () -> { };
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
            if (!memory.scope().isAlive() || variable.invalidation() != null) {
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

        @Override
        @SuppressWarnings("try") // the pin is held, not used
        public boolean copyTo(MemorySegment range, java.nio.channels.WritableByteChannel target) throws java.io.IOException {
            // Pinned, the variable's space is not reused while the kernel copies it, even if it is replaced meanwhile.
            try (NdArray.Pin pinned = pin(range)) {
                return store.copyTo(variable, range, target);
            }
        }

        @Override
        public NdArray.Pin pin(MemorySegment memory) {
            if (!variable.pin()) {
                checkValid(memory);
                throw new IllegalStateException("array \"" + variable.entry().name() + "\" of shelf '" + store.name()
                        + "' can no longer be used: " + variable.invalidation());
            }
            var closed = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (closed.compareAndSet(false, true)) {
                    variable.unpin();
                }
            };
        }
    }
}
