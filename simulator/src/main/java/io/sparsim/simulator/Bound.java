package io.sparsim.simulator;

import java.util.Locale;

/** The resource that sets an op's time: the one a faster part would speed up. */
public enum Bound {
    /** Arithmetic units: tensor cores, SIMD FMA pipes, PE FMACs. */
    COMPUTE,
    /** Device memory of a GPU. */
    HBM,
    /** GPU L2 cache bandwidth. */
    L2,
    /** CPU main memory. */
    DRAM,
    /** Per-nonzero work of a sparse format: index decode, metadata, expansion. */
    SPARSE_OVERHEAD,
    /** Fixed per-kernel cost: launch, synchronization, prologue/epilogue. */
    LAUNCH,
    /** Wafer system I/O to external weight memory. */
    IO,
    /** Wafer fabric: reductions and hops. */
    FABRIC,
    /** The slowest PE column or core of an uneven sparse mask. */
    IMBALANCE,
    /** Links between devices: NVLink/NVSwitch, InfiniBand/RoCE, CPU socket links (collectives). */
    INTERCONNECT;

    /** Lower-case, hyphenated id used in JSON, e.g. {@code sparse-overhead}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
