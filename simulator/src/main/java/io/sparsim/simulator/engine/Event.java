package io.sparsim.simulator.engine;

import java.util.Comparator;

/**
 * Engine events, ordered by (time, priority, serial). The priority is the phase within an instant: first
 * everything that completes at that time, then tasks that became ready, then dispatch of compute slots
 * (so that every task ready at t competes for a slot freed at t; units in resource order), then settling of bandwidth shares (once
 * per instant however many flows arrived or left). The serial is insertion order, so ties are deterministic.
 */
sealed interface Event permits Event.DemandDone, Event.FixedDelayDone, Event.BandwidthWake, Event.TaskReady,
        Event.Dispatch, Event.Settle {

    int COMPLETION = 0;
    int READY = 1;
    int DISPATCH = 2;
    int SETTLE = 3;

    Comparator<Event> ORDER = (a, b) -> {
        int c = Double.compare(a.time(), b.time());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.priority(), b.priority());
        return c != 0 ? c : Long.compare(a.serial(), b.serial());
    };

    double time();

    int priority();

    long serial();

    /** A compute demand or a link's latency tail has finished. */
    record DemandDone(double time, long serial, int demand) implements Event {
        @Override
        public int priority() {
            return COMPLETION;
        }
    }

    /** A task's fixed latency has elapsed; its demands are issued now. */
    record FixedDelayDone(double time, long serial, int task) implements Event {
        @Override
        public int priority() {
            return COMPLETION;
        }
    }

    /** The earliest predicted flow completion on a bandwidth; stale unless {@code version} is still current. */
    record BandwidthWake(double time, long serial, int resource, long version) implements Event {
        @Override
        public int priority() {
            return COMPLETION;
        }
    }

    /** All dependencies of a task have ended. */
    record TaskReady(double time, long serial, int task) implements Event {
        @Override
        public int priority() {
            return READY;
        }
    }

    /**
     * Hand free compute slots to waiting tasks, unit by unit in resource order (not in the order units were
     * touched), so the outcome does not depend on insertion serials.
     */
    record Dispatch(double time, long serial) implements Event {
        @Override
        public int priority() {
            return DISPATCH;
        }
    }

    /** Recompute the shares and next completion of every bandwidth that changed at this instant. */
    record Settle(double time, long serial) implements Event {
        @Override
        public int priority() {
            return SETTLE;
        }
    }
}
