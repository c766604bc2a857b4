package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Slots, queue order and the overlap of a task's demands. */
class ComputeUnitTest {

    private static Task work(String id, String unit, double flops) {
        return Task.builder(id).demand(unit, flops).build();
    }

    @Test
    void oneSlotSerializesTasks() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 1e12))
                .addTask(work("a", "sm", 1e12)).addTask(work("b", "sm", 1e12))
                .build().run();
        assertEquals(1.0, r.task("a").endSeconds(), 0.0);
        assertEquals(1.0, r.task("b").startSeconds(), 0.0);
        assertEquals(2.0, r.task("b").endSeconds(), 0.0);
        assertEquals(1.0, r.task("b").queuedSeconds(), 0.0);
        assertEquals(2.0, r.resource("sm").busySeconds(), 0.0);
        assertEquals(1.0, r.resource("sm").utilization(), 1e-15);
    }

    @Test
    void twoSlotsRunTwoTasksAtFullRateEach() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("cpu", 1e12, 2))
                .addTask(work("a", "cpu", 1e12)).addTask(work("b", "cpu", 1e12)).addTask(work("c", "cpu", 1e12))
                .build().run();
        assertEquals(1.0, r.task("a").endSeconds(), 0.0);
        assertEquals(1.0, r.task("b").endSeconds(), 0.0);
        assertEquals(2.0, r.task("c").endSeconds(), 0.0);
        assertEquals(0.75, r.resource("cpu").utilization(), 1e-15);
    }

    @Test
    void lowerPriorityValueGoesFirstAmongTasksReadyTogether() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 1))
                .addTask(Task.builder("late").demand("sm", 1).priority(5).build())
                .addTask(Task.builder("early").demand("sm", 1).priority(-1).build())
                .addTask(Task.builder("middle").demand("sm", 1).priority(0).build())
                .addTask(Task.builder("middle2").demand("sm", 1).priority(0).build())
                .build().run();
        assertEquals(1.0, r.task("early").endSeconds(), 0.0);
        assertEquals(2.0, r.task("middle").endSeconds(), 0.0);
        assertEquals(3.0, r.task("middle2").endSeconds(), 0.0); // equal priority: insertion order
        assertEquals(4.0, r.task("late").endSeconds(), 0.0);
    }

    @Test
    void earlierReadyTimeBeatsPriority() {
        // "waiter" becomes ready at 1 s while "blocker" runs; "urgent" becomes ready at 1.5 s with a better
        // priority but the queue is FIFO by ready time first.
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 1))
                .addTask(Task.builder("blocker").demand("sm", 3).build())
                .addTask(Task.builder("waiter").fixedSeconds(1).build())
                .addTask(Task.builder("urgent0").fixedSeconds(1.5).build())
                .addTask(Task.builder("w").after("waiter").demand("sm", 1).priority(10).build())
                .addTask(Task.builder("u").after("urgent0").demand("sm", 1).priority(-10).build())
                .build().run();
        assertEquals(4.0, r.task("w").endSeconds(), 0.0);
        assertEquals(5.0, r.task("u").endSeconds(), 0.0);
    }

    @Test
    void slotFreedAtAnInstantGoesToTheBestTaskReadyAtThatInstant() {
        // At t = 1 the slot frees and both "lo" and "hi" become ready; "hi" (priority -1) must win.
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 1))
                .addTask(Task.builder("first").demand("sm", 1).build())
                .addTask(Task.builder("lo").after("first").demand("sm", 1).priority(3).build())
                .addTask(Task.builder("hi").after("first").demand("sm", 1).priority(-1).build())
                .build().run();
        assertEquals(2.0, r.task("hi").endSeconds(), 0.0);
        assertEquals(3.0, r.task("lo").endSeconds(), 0.0);
    }

    @Test
    void demandsOverlapAndTheLongestDecides() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 100))
                .addResource(new SharedBandwidth("hbm", 10))
                .addTask(Task.builder("t").demand("sm", 100).demand("hbm", 20).build())
                .build().run();
        assertEquals(2.0, r.task("t").endSeconds(), 1e-15);
        // The slot is held while the load is in flight, but only 1 s of it computes.
        assertEquals(2.0, r.resource("sm").busySeconds(), 0.0);
        assertEquals(0.5, r.resource("sm").utilization(), 1e-15);
    }

    @Test
    void fixedSecondsComeBeforeTheDemands() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 100))
                .addResource(new SharedBandwidth("hbm", 10))
                .addTask(Task.builder("t").fixedSeconds(0.5).demand("sm", 100).demand("hbm", 20).build())
                .addTask(Task.builder("idle").fixedSeconds(0.25).build())
                .addTask(Task.builder("nothing").after("idle").build())
                .build().run();
        assertEquals(2.5, r.task("t").endSeconds(), 1e-15);
        assertEquals(0.25, r.task("idle").endSeconds(), 0.0);
        assertEquals(0.25, r.task("nothing").startSeconds(), 0.0);
        assertEquals(0.25, r.task("nothing").endSeconds(), 0.0);
        assertEquals(2.5, r.makespanSeconds(), 1e-15);
    }

    @Test
    void demandCapSlowsComputeToo() {
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("sm", 100))
                .addTask(Task.builder("t").demand("sm", 100, 50).build())
                .build().run();
        assertEquals(2.0, r.task("t").endSeconds(), 0.0);
    }

    @Test
    void tasksNeedingTwoUnitsInOppositeOrderDoNotDeadlock() {
        // Slots are taken in resource order whatever the demand order, so a and b cannot each hold one unit
        // and wait for the other.
        SimulationResult r = new EngineBuilder()
                .addResource(new ComputeUnit("u1", 1))
                .addResource(new ComputeUnit("u2", 1))
                .addTask(Task.builder("a").demand("u1", 1).demand("u2", 2).build())
                .addTask(Task.builder("b").demand("u2", 1).demand("u1", 1).build())
                .addTask(Task.builder("c").demand("u2", 1).build())
                .build().run();
        assertEquals(2.0, r.task("a").endSeconds(), 0.0);
        assertEquals(3.0, r.task("b").endSeconds(), 0.0);
        // c waits on u2 behind a (and then b, which is ahead in the FIFO by insertion order)
        assertTrue(r.task("c").startSeconds() >= 2.0);
        assertEquals(4.0, r.makespanSeconds(), 0.0);
    }

    @Test
    void emptyGraphRunsToZero() {
        SimulationResult r = new EngineBuilder().addResource(new ComputeUnit("sm", 1)).build().run();
        assertEquals(0.0, r.makespanSeconds(), 0.0);
        assertEquals(0.0, r.resource("sm").utilization(), 0.0);
    }
}
