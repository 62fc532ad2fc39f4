package io.jpmm.internal.compute;

import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.medium.Residency;
import java.lang.foreign.MemorySegment;

/**
 * Walks several views of one shape together in C order, one run along the innermost axis at a
 * time. Axes that every view lays out contiguously after its neighbour are merged first, so a
 * contiguous array is a single run however many dimensions it has, and runs are as long as the
 * layouts allow.
 */
final class StridedLoop {
    /** One run: {@code count} elements of each view, from {@code offsets[v]}, {@code strides[v]} bytes apart. */
    @FunctionalInterface
    interface Run {
        void run(long[] offsets, long[] strides, long count);
    }

    private StridedLoop() {
    }

    /** Visits {@code layouts}, which all have shape {@code shape}. */
    static void forEach(long[] shape, ArrayLayout[] layouts, Run run) {
        int views = layouts.length;
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        if (size == 0) {
            return;
        }
        // Merge axes from the innermost outwards; axes of length 1 vanish.
        long[] dims = new long[shape.length];
        long[][] strides = new long[views][shape.length];
        int rank = 0;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] == 1) {
                continue;
            }
            boolean mergeable = rank > 0;
            for (int v = 0; v < views && mergeable; v++) {
                mergeable = layouts[v].stride(axis) == strides[v][rank - 1] * dims[rank - 1];
            }
            if (mergeable) {
                dims[rank - 1] *= shape[axis];
            } else {
                dims[rank] = shape[axis];
                for (int v = 0; v < views; v++) {
                    strides[v][rank] = layouts[v].stride(axis);
                }
                rank++;
            }
        }
        long[] offsets = new long[views];
        long[] inner = new long[views];
        for (int v = 0; v < views; v++) {
            offsets[v] = layouts[v].offset();
            inner[v] = rank == 0 ? 0 : strides[v][0];
        }
        if (rank <= 1) {
            run.run(offsets, inner, rank == 0 ? 1 : dims[0]);
            return;
        }
        // dims[0] is the innermost axis; count the outer ones like an odometer.
        long[] counter = new long[rank];
        long[] position = offsets.clone();
        while (true) {
            run.run(position.clone(), inner, dims[0]);
            int axis = 1;
            while (axis < rank) {
                counter[axis]++;
                for (int v = 0; v < views; v++) {
                    position[v] += strides[v][axis];
                }
                if (counter[axis] < dims[axis]) {
                    break;
                }
                for (int v = 0; v < views; v++) {
                    position[v] -= strides[v][axis] * dims[axis];
                }
                counter[axis] = 0;
                axis++;
            }
            if (axis == rank) {
                return;
            }
        }
    }

    /**
     * Like {@link #forEach}, but when a view's memory is a large shelf mapping that lets go of pages
     * ({@link Residency#releases}), runs are cut into pieces of {@code pieceElements} and each piece
     * is let go of once visited. Only for work whose result does not depend on where runs are cut.
     */
    static void forEachReleasing(long[] shape, ArrayLayout[] layouts, MemorySegment[] memories, long pieceElements,
                                 Run run) {
        boolean[] releases = new boolean[memories.length];
        boolean any = false;
        for (int v = 0; v < memories.length; v++) {
            releases[v] = Residency.releases(memories[v]);
            any |= releases[v];
        }
        if (!any) {
            forEach(shape, layouts, run);
            return;
        }
        forEach(shape, layouts, (offsets, strides, count) -> {
            long[] at = new long[offsets.length];
            for (long done = 0, n; done < count; done += n) {
                n = Math.min(pieceElements, count - done);
                for (int v = 0; v < at.length; v++) {
                    at[v] = offsets[v] + done * strides[v];
                }
                run.run(at, strides, n);
                for (int v = 0; v < at.length; v++) {
                    if (releases[v] && strides[v] > 0) {
                        Residency.release(memories[v], at[v], n * strides[v]);
                    }
                }
            }
        });
    }
}
