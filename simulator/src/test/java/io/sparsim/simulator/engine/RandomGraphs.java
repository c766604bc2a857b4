package io.sparsim.simulator.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded random task graphs mixing every resource kind, caps, fixed latencies and multi-unit tasks. */
final class RandomGraphs {

    static final List<Resource> RESOURCES = List.of(
            new ComputeUnit("sm0", 1e3),
            new ComputeUnit("sm1", 2e3),
            new ComputeUnit("core", 5e2, 3),
            new ComputeUnit("pe", 1e3, 2),
            new SharedBandwidth("hbm", 4e3),
            new SharedBandwidth("l2", 1e4),
            new Link("mesh", 1e3, 0.05));

    private RandomGraphs() {
    }

    /**
     * @param distinctPriorities give every task its own priority (so insertion order never breaks a tie)
     * @param caps               whether bandwidth demands may carry a rate cap
     */
    static List<Task> tasks(long seed, int n, boolean distinctPriorities, boolean caps) {
        Random rnd = new Random(seed);
        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            priorities.add(i);
        }
        Collections.shuffle(priorities, rnd);
        List<Task> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Task.Builder b = Task.builder("t" + i).name("op" + (i % 17)).lane("lane" + rnd.nextInt(4))
                    .priority(distinctPriorities ? priorities.get(i) : rnd.nextInt(3));
            int deps = i == 0 ? 0 : rnd.nextInt(Math.min(i, 4));
            for (int k = 0; k < deps; k++) {
                // Mostly recent tasks, so chains are long and contention is real.
                b.after("t" + Math.max(0, i - 1 - rnd.nextInt(Math.min(i, 12))));
            }
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                b.demand(pick(rnd, "sm0", "sm1", "core", "pe"), rnd.nextDouble() * 2e3);
            } else if (kind == 6) { // needs two units at once
                b.demand("pe", rnd.nextDouble() * 1e3).demand("sm0", rnd.nextDouble() * 1e3);
            }
            int flows = rnd.nextInt(3);
            for (int k = 0; k < flows; k++) {
                double bytes = rnd.nextInt(20) == 0 ? 0 : rnd.nextDouble() * 3e3;
                String bw = pick(rnd, "hbm", "hbm", "l2", "mesh");
                if (caps && rnd.nextInt(3) == 0) {
                    b.demand(bw, bytes, 200 + rnd.nextDouble() * 2e3);
                } else {
                    b.demand(bw, bytes);
                }
            }
            if (rnd.nextInt(4) == 0) {
                b.fixedSeconds(rnd.nextDouble() * 0.2);
            }
            tasks.add(b.build());
        }
        return tasks;
    }

    static TaskGraph graph(List<Task> tasks) {
        EngineBuilder b = new EngineBuilder();
        RESOURCES.forEach(b::addResource);
        return b.addTasks(tasks).build();
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }
}
