package io.jpmm.zarr;

import io.jpmm.NdArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * One array's chunks: encoded chunk by chunk from an array (a shelved one is read in place, a chunk
 * at a time) and decoded chunk by chunk into one. Edge chunks are padded with the fill value, as
 * the specification has it; a missing chunk reads as the fill value.
 */
final class ZarrArrays {
    /** How many chunks are fetched ahead of the one being decoded. */
    private static final int AHEAD = 16;

    /**
     * Receives each encoded chunk: its key relative to the array, and its bytes, which live until
     * the sink closes {@code owner} (the bytes may be the array's own memory: a shelved array's chunk,
     * uncompressed, is the mapped shelf itself).
     */
    @FunctionalInterface
    interface ChunkSink {
        void chunk(String key, MemorySegment bytes, Arena owner) throws IOException;
    }

    /** Fetches a chunk's bytes by its key relative to the array; empty if it was never written. */
    @FunctionalInterface
    interface ChunkSource {
        Optional<byte[]> chunk(String key) throws IOException;
    }

    private ZarrArrays() {
    }

    /** Encodes every chunk of {@code array} as {@code metadata} says and hands it to {@code sink}, in C order. */
    static void write(NdArray array, ArrayMetadata metadata, ChunkSink sink) throws IOException {
        long[] counts = metadata.chunkCounts();
        if (Arrays.stream(counts).anyMatch(count -> count == 0)) {
            return;
        }
        long[] position = new long[counts.length];
        long[] chunkDims = Arrays.stream(metadata.chunkShape()).asLongStream().toArray();
        do {
            NdArray region = region(array, position, metadata.chunkShape());
            NdArray chunk = region;
            if (!Arrays.equals(region.shape(), chunkDims) || !region.isContiguous()) {
                // An edge chunk is padded with the fill value; a strided one is gathered. Others are encoded where they lie.
                chunk = NdArray.allocate(array.dtype(), chunkDims);
                if (!Arrays.equals(region.shape(), chunkDims)) {
                    chunk.assign(metadata.fillValue());
                }
                corner(chunk, region.shape()).copyFrom(region);
            }
            Arena owner = Arena.ofShared();
            try {
                MemorySegment encoded = Codecs.encode(chunk, metadata.codecs(), metadata.fillValue(), owner);
                sink.chunk(metadata.chunkKey(position), encoded, owner);
            } catch (IOException | RuntimeException failure) {
                owner.close();
                throw failure;
            }
        } while (next(position, counts));
    }

    /**
     * Decodes every chunk into {@code target} (C order, of the metadata's dtype and shape), fetching
     * up to {@link #AHEAD} chunks in parallel on {@code fetchers} ahead of the one being decoded.
     */
    static void read(ArrayMetadata metadata, ChunkSource source, NdArray target, ExecutorService fetchers, String where)
            throws IOException {
        long[] counts = metadata.chunkCounts();
        if (Arrays.stream(counts).anyMatch(count -> count == 0)) {
            return;
        }
        long[] position = new long[counts.length];
        Deque<Pending> pending = new ArrayDeque<>();
        boolean more = true;
        while (more || !pending.isEmpty()) {
            while (more && pending.size() < AHEAD) {
                long[] at = position.clone();
                String key = metadata.chunkKey(at);
                pending.add(new Pending(at, key, CompletableFuture.supplyAsync(() -> {
                    try {
                        return source.chunk(key);
                    } catch (IOException failure) {
                        throw new CompletionException(failure);
                    }
                }, fetchers)));
                more = next(position, counts);
            }
            Pending next = pending.removeFirst();
            Optional<byte[]> bytes = next.join();
            NdArray region = region(target, next.position(), metadata.chunkShape());
            if (bytes.isEmpty()) {
                region.assign(metadata.fillValue());
                continue;
            }
            String key = where + "/" + next.key();
            if (region.isContiguous() && region.size() == chunkSize(metadata)) {
                // A whole chunk that is one run of the target: its bytes go straight into place.
                Optional<byte[]> plain = Codecs.decodeToLittleEndian(bytes.get(), metadata.codecs(), key);
                if (plain.isPresent()) {
                    if (plain.get().length != region.byteSize()) {
                        throw new ZarrFormatException(key + " decodes to " + plain.get().length + " bytes; a chunk has "
                                + region.byteSize());
                    }
                    region.segment().copyFrom(MemorySegment.ofArray(plain.get()));
                    continue;
                }
            }
            NdArray chunk = Codecs.decode(bytes.get(), metadata.chunkShape(), metadata.dtype(), metadata.codecs(),
                    metadata.fillValue(), key);
            region.copyFrom(corner(chunk, region.shape()));
        }
    }

    private static long chunkSize(ArrayMetadata metadata) {
        return Arrays.stream(metadata.chunkShape()).asLongStream().reduce(1, Math::multiplyExact);
    }

    private record Pending(long[] position, String key, CompletableFuture<Optional<byte[]>> bytes) {
        Optional<byte[]> join() throws IOException {
            try {
                return bytes.join();
            } catch (CompletionException failure) {
                if (failure.getCause() instanceof IOException io) {
                    throw io;
                }
                throw failure;
            }
        }
    }

    private static NdArray region(NdArray array, long[] position, int[] chunkShape) {
        NdArray view = array;
        for (int axis = 0; axis < position.length; axis++) {
            long from = position[axis] * chunkShape[axis];
            view = view.slice(axis, from, Math.min(from + chunkShape[axis], array.dim(axis)));
        }
        return view;
    }

    /** The leading {@code shape} corner of a chunk-sized array: all of it but an edge chunk's padding. */
    private static NdArray corner(NdArray chunk, long[] shape) {
        NdArray view = chunk;
        for (int axis = 0; axis < shape.length; axis++) {
            view = view.slice(axis, 0, shape[axis]);
        }
        return view;
    }

    private static boolean next(long[] position, long[] counts) {
        for (int axis = position.length - 1; axis >= 0; axis--) {
            if (++position[axis] < counts[axis]) {
                return true;
            }
            position[axis] = 0;
        }
        return false;
    }
}
