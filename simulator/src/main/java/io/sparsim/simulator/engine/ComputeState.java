package io.sparsim.simulator.engine;

/** Run state of one {@link ComputeUnit}: free slots (lowest first, for a stable trace) and the wait queue. */
final class ComputeState {

    final double rate;
    final IntHeap freeSlots;
    final IntHeap waiting;
    boolean dispatchScheduled;
    int occupied;
    double busySince;
    double busySeconds;
    double served;

    ComputeState(double rate, int capacity, IntHeap.Order waitOrder) {
        this.rate = rate;
        this.freeSlots = new IntHeap(capacity, (a, b) -> a < b);
        for (int s = 0; s < capacity; s++) {
            freeSlots.add(s);
        }
        this.waiting = new IntHeap(16, waitOrder);
    }

    int acquire(double now) {
        if (occupied++ == 0) {
            busySince = now;
        }
        return freeSlots.poll();
    }

    void release(int slot, double now) {
        freeSlots.add(slot);
        if (--occupied == 0) {
            busySeconds += now - busySince;
        }
    }
}
