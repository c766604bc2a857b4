package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A GPU-shaped graph of 10,000 tasks on 132 compute units sharing one bandwidth. The limit is loose (the test
 * machine is shared); the target is well under 100 ms once the JVM is warm. It also checks the outcome against
 * the obvious bound, so it is not only a timer.
 */
class PerformanceTest {

    static TaskGraph gpuShaped(int layers, int tilesPerLayer, int units) {
        EngineBuilder b = new EngineBuilder();
        for (int u = 0; u < units; u++) {
            b.addResource(new ComputeUnit("sm" + u, 1e12)); // arbitrary test rates, not a hardware claim
        }
        b.addResource(new SharedBandwidth("hbm", 3e12));
        for (int l = 0; l < layers; l++) {
            String barrier = "sync" + l;
            Task.Builder sync = Task.builder(barrier).lane("sync").fixedSeconds(2e-6);
            for (int i = 0; i < tilesPerLayer; i++) {
                String id = "l" + l + "t" + i;
                Task.Builder tile = Task.builder(id).lane("layer" + l)
                        .demand("sm" + (i % units), 2e6 + 1e3 * (i % 7))
                        .demand("hbm", 1e6 + 5e2 * (i % 5), 5e10);
                if (l > 0) {
                    tile.after("sync" + (l - 1));
                }
                b.addTask(tile.build());
                sync.after(id);
            }
            b.addTask(sync.build());
        }
        return b.build();
    }

    @Test
    void tenThousandTasksRunQuickly() {
        TaskGraph g = gpuShaped(20, 499, 132);
        assertEquals(10_000, g.tasks().size());
        SimulationResult r = g.run(); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            r = g.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertTrue(best < 1_000_000_000L, "10k-task run took " + best / 1e6 + " ms");
        assertTrue(r.makespanSeconds() >= g.lowerBoundSeconds());
        assertEquals(g.totalWork("hbm"), r.resource("hbm").workServed(), g.totalWork("hbm") * 1e-9);
    }
}
