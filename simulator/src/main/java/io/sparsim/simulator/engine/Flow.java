package io.sparsim.simulator.engine;

/** One demand in service on a bandwidth resource; mutable state owned by its {@link BandwidthState}. */
final class Flow {

    /** Global demand index: identifies the demand and breaks ties deterministically. */
    final int demand;
    final double work;
    final double cap;
    /** While uncapped: the virtual work (per-flow service) at which the flow completes. */
    double tag;
    /** While capped: the absolute time at which it completes. */
    double finish;
    /** Position in each {@link FlowHeap}, by heap slot; -1 when absent. */
    final int[] position = {-1, -1, -1, -1};

    Flow(int demand, double work, double cap) {
        this.demand = demand;
        this.work = work;
        this.cap = cap;
    }
}
