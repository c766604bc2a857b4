package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Malformed graphs are programmer errors: IllegalArgumentException naming the culprit. */
class ValidationTest {

    private static String fail(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void unknownResourceIsNamed() {
        String msg = fail(() -> new EngineBuilder()
                .addResource(new ComputeUnit("sm0", 1))
                .addTask(Task.builder("t").demand("sm9", 1).build())
                .build());
        assertTrue(msg.contains("'t'") && msg.contains("'sm9'") && msg.contains("sm0"), msg);
    }

    @Test
    void cycleIsListed() {
        String msg = fail(() -> new EngineBuilder()
                .addTask(Task.builder("root").build())
                .addTask(Task.builder("a").after("root", "c").build())
                .addTask(Task.builder("b").after("a").build())
                .addTask(Task.builder("c").after("b").build())
                .build());
        assertTrue(msg.startsWith("dependency cycle:"), msg);
        assertTrue(msg.contains("'a'") && msg.contains("'b'") && msg.contains("'c'") && !msg.contains("root"), msg);
    }

    @Test
    void unknownDependencyDuplicatesAndSelfLoops() {
        assertTrue(fail(() -> new EngineBuilder().addTask(Task.builder("a").after("ghost").build()).build())
                .contains("'ghost'"));
        assertTrue(fail(() -> new EngineBuilder().addTask(Task.builder("a").build()).addTask(Task.builder("a").build()))
                .contains("duplicate task id 'a'"));
        assertTrue(fail(() -> new EngineBuilder().addResource(new SharedBandwidth("x", 1))
                .addResource(new ComputeUnit("x", 1))).contains("duplicate resource name 'x'"));
        assertTrue(fail(() -> Task.builder("a").after("a").build()).contains("itself"));
        assertTrue(fail(() -> new EngineBuilder().addResource(new ComputeUnit("sm", 1))
                .addTask(Task.builder("a").demand("sm", 1).demand("sm", 2).build()).build()).contains("twice"));
    }

    @Test
    void recordsRejectNonsenseNumbers() {
        assertTrue(fail(() -> new ComputeUnit("sm", 0)).contains("ComputeUnit(sm).ratePerSecond"));
        assertTrue(fail(() -> new ComputeUnit("sm", 1, 0)).contains("capacity"));
        assertTrue(fail(() -> new SharedBandwidth("hbm", Double.NaN)).contains("bytesPerSecond"));
        assertTrue(fail(() -> new Link("l", 1, -1)).contains("latencySeconds"));
        assertTrue(fail(() -> new SharedBandwidth(" ", 1)).contains("name"));
        assertTrue(fail(() -> Demand.of("hbm", -1)).contains("Demand(hbm).work"));
        assertTrue(fail(() -> new Demand("hbm", 1, 0)).contains("maxRatePerSecond"));
        assertTrue(fail(() -> Task.builder("t").fixedSeconds(Double.POSITIVE_INFINITY).build()).contains("fixedSeconds"));
    }

    @Test
    void taskKeepsDependencyOrderAndIsImmutable() {
        Task t = new Task("t", "t", "lane", List.of(), new java.util.LinkedHashSet<>(List.of("z", "a", "m")), 0, 0);
        assertEquals(List.of("z", "a", "m"), List.copyOf(t.dependencies()));
        assertThrows(UnsupportedOperationException.class, () -> t.dependencies().add("q"));
        assertThrows(UnsupportedOperationException.class, () -> t.demands().add(Demand.of("x", 1)));
        assertEquals(Set.of("z", "a", "m"), t.dependencies());
    }

    @Test
    void lookupsOfUnknownNamesFail() {
        TaskGraph g = new EngineBuilder().addResource(new ComputeUnit("sm", 1)).addTask(Task.builder("a").build()).build();
        assertTrue(fail(() -> g.task("b")).contains("'b'"));
        assertTrue(fail(() -> g.resource("hbm")).contains("'hbm'"));
        SimulationResult r = g.run();
        assertTrue(fail(() -> r.task("b")).contains("'b'"));
        assertTrue(fail(() -> r.resource("hbm")).contains("'hbm'"));
    }
}
