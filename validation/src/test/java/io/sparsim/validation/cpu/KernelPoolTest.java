package io.sparsim.validation.cpu;

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
