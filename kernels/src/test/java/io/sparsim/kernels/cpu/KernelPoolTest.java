package io.sparsim.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class KernelPoolTest {
    @Test
    void everyTaskRunsExactlyOnce() {
        try (KernelPool pool = new KernelPool(4)) {
            for (int tasks : new int[] {0, 1, 3, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, tasks));
                for (int round = 0; round < 20; round++) {
                    pool.parallelFor(tasks, hits::incrementAndGet);
                }
                for (int t = 0; t < tasks; t++) {
                    assertEquals(20, hits.get(t), "task " + t + " of " + tasks);
                }
            }
        }
    }

    /** Spinning is bounded: an idle worker must park, not burn a core for as long as the JVM lives. */
    @Test
    void idleWorkersStopSpinningAndPark() throws InterruptedException {
        try (KernelPool pool = new KernelPool(3)) {
            pool.parallelFor(100, t -> { });
            long deadline = System.nanoTime() + 2_000_000_000L; // SPIN_NANOS is 2 ms
            while (!allParked(pool) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (Thread w : pool.workers()) {
                assertEquals(Thread.State.WAITING, w.getState(), w.getName());
            }
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.parallelFor(10, hits::incrementAndGet);
            for (int t = 0; t < 10; t++) {
                assertEquals(1, hits.get(t), "after parking, task " + t);
            }
        }
    }

    private static boolean allParked(KernelPool pool) {
        for (Thread w : pool.workers()) {
            if (w.getState() != Thread.State.WAITING) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aTaskFailureReachesTheCallerAndThePoolStaysUsable() {
        try (KernelPool pool = new KernelPool(3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(50, t -> {
                if (t == 17) {
                    throw new IllegalStateException("boom 17");
                }
            }));
            assertEquals("boom 17", e.getMessage());
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.parallelFor(10, hits::incrementAndGet);
            for (int t = 0; t < 10; t++) {
                assertEquals(1, hits.get(t));
            }
        }
    }
}
