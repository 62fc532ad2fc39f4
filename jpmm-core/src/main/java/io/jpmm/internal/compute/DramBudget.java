package io.jpmm.internal.compute;

import io.jpmm.internal.log.Log;
import java.lang.foreign.MemorySegment;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the native memory of dropped DRAM arrays from piling up. A DRAM array's memory is freed when
 * the garbage collector finds the array unreachable, but the collector runs when the Java heap fills,
 * and an array costs the heap a few dozen bytes whatever its size: a loop of {@code c = a.add(b)}
 * over 80 MB arrays grew the process by 460 MB a second, without end, and a loop over 128 KiB arrays
 * spent most of its time faulting in fresh pages. So jpmm counts the native bytes its DRAM arrays
 * hold and asks for a collection, as the JDK does for direct buffers, once they have grown by
 * {@value #FLOOR_MIB} MiB since the last one, or by more if that collection took long: by as much
 * as takes twice its time to write, so that collections cost at most half as much as filling the
 * memory they free. (A full collection takes 5 ms beside an almost empty heap and more beside a
 * fuller one; fresh memory is written at about 10 GB a second.) The growth allowed is capped at a
 * quarter of the heap's maximum size, as the JDK caps direct buffers at that maximum: a program
 * that gives the JVM little memory gets its DRAM arrays back often, whatever the collections cost.
 * {@code -XX:+DisableExplicitGC} turns the request into nothing, and the memory is then freed when
 * the collector runs on its own.
 */
final class DramBudget {
    private static final long FLOOR_MIB = 64;
    private static final long FLOOR = FLOOR_MIB << 20;
    /** Bytes of fresh memory written per nanosecond, to weigh a collection's time against. */
    private static final long WRITTEN_PER_NANO = 10;
    /** The longest wait for a collection to report what it freed; the count then goes on without it. */
    private static final long REPORT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SHORTEST_REPORT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final ReferenceQueue<Object> FREED = new ReferenceQueue<>();
    /** The charges themselves must stay reachable until their memory is freed, or they are never reported. */
    private static final Set<Charge> CHARGES = ConcurrentHashMap.newKeySet();
    private static final AtomicLong HELD = new AtomicLong();
    private static volatile long nextCollection = FLOOR;

    private DramBudget() {
    }

    private static final class Charge extends PhantomReference<Object> {
        private final long bytes;

        private Charge(Object scope, long bytes) {
            super(scope, FREED);
            this.bytes = bytes;
        }
    }

    /** {@code memory}, counted until the garbage collector frees it; may first ask for a collection. */
    static MemorySegment charge(MemorySegment memory) {
        // The scope is what keeps a segment's memory: it becomes unreachable when every slice of it has.
        Charge charge = new Charge(memory.scope(), memory.byteSize());
        CHARGES.add(charge);
        settle();
        if (HELD.addAndGet(charge.bytes) > nextCollection) {
            collect();
        }
        return memory;
    }

    /** Counts what the collector reported freed since the last call. */
    private static void settle() {
        for (Reference<?> reference; (reference = FREED.poll()) != null; ) {
            release(reference);
        }
    }

    private static void release(Reference<?> reference) {
        if (reference instanceof Charge charge && CHARGES.remove(charge)) {
            HELD.addAndGet(-charge.bytes);
        }
    }

    private static synchronized void collect() {
        settle();
        if (HELD.get() <= nextCollection) {
            return;
        }
        // A marker that becomes unreachable now: once the collection has reported it, the charges it
        // freed alongside have been reported too, or are about to be.
        var marker = new PhantomReference<>(new Object(), FREED);
        long before = HELD.get();
        long start = System.nanoTime();
        System.gc();
        // A collection that ran reports what it freed moments after it returns. One that did not run
        // (-XX:+DisableExplicitGC) or runs on beside the program (-XX:+ExplicitGCInvokesConcurrent)
        // reports nothing yet, and waiting for it stalled every 64 MiB of results for the whole wait:
        // so the wait is as long as the call took, within bounds.
        long called = System.nanoTime() - start;
        long deadline = System.nanoTime() + Math.clamp(called, SHORTEST_REPORT_WAIT_NANOS, REPORT_WAIT_NANOS);
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Reference<?> reported = FREED.remove(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (reported == marker) {
                    break;
                }
                if (reported != null) {
                    release(reported);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(marker);
        settle();
        long live = HELD.get();
        long worthACollection = 2 * WRITTEN_PER_NANO * (System.nanoTime() - start);
        long cap = Math.max(FLOOR, Runtime.getRuntime().maxMemory() / 4);
        nextCollection = live + Math.min(cap, Math.max(FLOOR, worthACollection));
        Log.debug(() -> "DRAM arrays held " + (before >> 20) + " MiB; after a collection " + (live >> 20)
                + " MiB, the next at " + (nextCollection >> 20) + " MiB");
    }
}
