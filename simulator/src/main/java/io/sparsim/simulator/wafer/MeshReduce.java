package io.sparsim.simulator.wafer;

/**
 * Collectives along a line of PEs (a row or column segment of the mesh), after the wafer-scale reduce model of
 * arXiv 2404.15888: {@code T = max(C, E/N + L) + (2·T_R + 1)·D}, with C the wavelets the busiest link or PE
 * ramp carries, E/N the wavelet-hops per link, L the longest path in hops and D the dependency depth. The
 * profile's {@code reduceLatencyCycles} is the {@code 2·T_R + 1} term.
 *
 * <p>The cost splits into an occupancy (cycles the links are busy, which a pipeline of reductions cannot
 * overlap) and a latency (path and dependency depth, which successive reductions do overlap). A reduction
 * takes the cheaper of a pipelined chain (C = V, D = P-1: best for long vectors) and a binary tree
 * (C = 2V because a node takes two children through one ramp, E/N = V·log2(P)/2, D = log2 P: best for
 * short vectors), or a chain from both ends into the middle (half the depth, twice the root's ramp load).
 *
 * @param occupancyCycles link-busy cycles
 * @param latencyCycles   path and dependency latency, overlappable with the next collective
 * @param pattern         {@code chain}, {@code tree}, {@code multicast} or {@code none}
 */
record MeshReduce(double occupancyCycles, double latencyCycles, String pattern) {

    static final MeshReduce NONE = new MeshReduce(0, 0, "none");

    double cycles() {
        return occupancyCycles + latencyCycles;
    }

    /** Sum of {@code wavelets} per participant over {@code participants} neighbouring PEs in a line. */
    static MeshReduce reduce(WaferMachine m, long participants, double wavelets) {
        return reduce(m, participants, wavelets, 1);
    }

    /**
     * Sum of {@code wavelets} per participant over {@code participants} PEs in a line, {@code spacing} hops
     * apart: the cheapest of a chain into one end (C = V, D = P-1), a chain from both ends into the middle
     * (C = 2V at the root's ramp, D = P/2) and a binary tree rooted in the middle.
     */
    static MeshReduce reduce(WaferMachine m, long participants, double wavelets, long spacing) {
        if (participants <= 1 || wavelets <= 0) {
            return NONE;
        }
        double rate = m.linkWaveletsPerCycle();
        double hop = spacing * m.hopCycles();
        double t = m.reduceLatencyCycles();
        long half = participants / 2;
        MeshReduce chain = new MeshReduce(wavelets / rate, (participants - 1) * (hop + t), "chain");
        MeshReduce twoSided = new MeshReduce(2 * wavelets / rate, half * (hop + t), "two-sided chain");
        int levels = ceilLog2(participants);
        double treeOccupancy = Math.max(2 * wavelets, wavelets * levels / 2.0) / rate;
        MeshReduce tree = new MeshReduce(treeOccupancy, half * hop + levels * t, "tree");
        MeshReduce best = chain;
        for (MeshReduce r : new MeshReduce[] {twoSided, tree}) {
            if (r.cycles() < best.cycles()) {
                best = r;
            }
        }
        return best;
    }

    /** Two stages on different links (down the columns, then across the rows): occupancies overlap, latencies add. */
    MeshReduce then(MeshReduce next) {
        if (next == NONE) {
            return this;
        }
        if (this == NONE) {
            return next;
        }
        return new MeshReduce(Math.max(occupancyCycles, next.occupancyCycles), latencyCycles + next.latencyCycles,
                pattern + "+" + next.pattern);
    }

    /** Reduce then broadcast the result back (all-reduce) along a line. */
    static MeshReduce allReduce(WaferMachine m, long participants, double wavelets) {
        MeshReduce r = reduce(m, participants, wavelets);
        MeshReduce b = multicast(m, participants, wavelets);
        return new MeshReduce(r.occupancyCycles + b.occupancyCycles, r.latencyCycles + b.latencyCycles,
                r.pattern + "+multicast");
    }

    /** {@code wavelets} spread over a line's PEs copied to every PE of the line by the routers (no PE work). */
    static MeshReduce multicast(WaferMachine m, long participants, double wavelets) {
        if (participants <= 1 || wavelets <= 0) {
            return NONE;
        }
        return new MeshReduce(wavelets / m.linkWaveletsPerCycle(), (participants - 1) * m.hopCycles(), "multicast");
    }

    static int ceilLog2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
