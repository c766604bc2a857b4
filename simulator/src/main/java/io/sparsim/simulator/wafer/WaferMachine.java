package io.sparsim.simulator.wafer;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.WaferProfile;
import java.util.Objects;

/**
 * A wafer profile's numbers in the units the wafer mappers work in: PE cycles, wavelets and bytes. Every rate
 * comes from the profile; nothing here is a device constant.
 */
record WaferMachine(WaferProfile profile) {

    /** Bits of a sparse wavelet's index field ("lower 16 bits data, upper 16 bits index", csl-examples). */
    static final int SPARSE_INDEX_BITS = 16;
    /** Partial sums accumulate and travel in fp32 (mixed-precision training keeps fp32 accumulators). */
    static final int PARTIAL_BYTES = 4;

    WaferMachine {
        Objects.requireNonNull(profile, "profile");
    }

    String id() {
        return profile.id();
    }

    int width() {
        return profile.mesh().width();
    }

    int height() {
        return profile.mesh().height();
    }

    long pes() {
        return profile.mesh().pes();
    }

    double hertz() {
        return profile.clock().hertz();
    }

    /** FMAC lanes per PE per cycle for {@code p}; bad input (field {@code dtype}) when the PEs lack it. */
    int lanes(Precision p) {
        return profile.fmacLanes(p);
    }

    /** Lanes that add fp32 partial sums: the fp32 width when the profile has one, else the op's own width. */
    int accumulateLanes(Precision p) {
        return profile.supports(Precision.FP32) ? profile.fmacLanes(Precision.FP32) : lanes(p);
    }

    double waveletBytes() {
        return profile.fabric().waveletBits() / 8.0;
    }

    /** Wavelets one link carries per cycle and direction. */
    double linkWaveletsPerCycle() {
        return profile.fabric().linkWaveletsPerCycle();
    }

    double hopCycles() {
        return profile.fabric().hopLatencyCycles();
    }

    double reduceLatencyCycles() {
        return profile.efficiency().reduceLatencyCycles();
    }

    double nonzeroOverheadCycles() {
        return profile.efficiency().nonzeroOverheadCycles();
    }

    double sramBytesPerPe() {
        return profile.pe().sram().bytes();
    }

    /** SRAM of the whole kernel mesh (less than the marketing total, which counts PEs outside the mesh). */
    double meshSramBytes() {
        return sramBytesPerPe() * pes();
    }

    /** Bytes a PE reads from its SRAM per cycle (32-bit reads). */
    double sramReadBytesPerCycle() {
        return profile.pe().sramReadsPerCycle() * 4.0;
    }

    double sramWriteBytesPerCycle() {
        return profile.pe().sramWritesPerCycle() * 4.0;
    }

    /** Nominal system I/O bandwidth (the roofline's I/O peak). */
    double ioPeakBytesPerSecond() {
        return profile.io().bandwidth().bytesPerSecond();
    }

    /**
     * Bytes per second a system's weights arrive (and its gradients leave) in weight streaming: the system I/O,
     * or in a cluster the slowest of the I/O, the SwarmX tree's rate per system and MemoryX's feed.
     */
    double streamBytesPerSecond() {
        double io = ioPeakBytesPerSecond();
        var c = profile.cluster();
        return c == null ? io : Math.min(io, Math.min(c.swarmXBandwidth().bytesPerSecond(),
                c.memoryXBandwidth().bytesPerSecond()));
    }

    /** Bytes per second MemoryX reads and writes optimizer state: its feed rate, else the system I/O rate. */
    double memoryXBytesPerSecond() {
        var c = profile.cluster();
        return c == null ? ioPeakBytesPerSecond() : c.memoryXBandwidth().bytesPerSecond();
    }

    /** Levels of the broadcast-reduce tree over {@code systems}: log base the SwarmX fan-out (2 alone). */
    int treeLevels(int systems) {
        int fanOut = profile.cluster() == null ? 2 : profile.cluster().swarmXFanOut();
        int levels = 0;
        for (long reach = 1; reach < systems; reach *= fanOut) {
            levels++;
        }
        return levels;
    }

    /** Wavelets the host I/O channels on the East and West edges can inject into the fabric per second. */
    double injectWaveletsPerSecond() {
        return 2.0 * profile.io().edgeChannels() * linkWaveletsPerCycle() * hertz();
    }

    /** Dense FLOP/s of the mesh: PEs x FMAC lanes x 2 x clock (not the vendor "peak", whose basis is unstated). */
    double peakFlopsPerSecond(Precision p) {
        return pes() * (double) lanes(p) * 2 * hertz();
    }

    /** Wavelets one nonzero needs in the sparse format: value plus 16-bit index. */
    int waveletsPerNonzero(Precision p) {
        int bits = p.bytes() * 8 + SPARSE_INDEX_BITS;
        return (bits + profile.fabric().waveletBits() - 1) / profile.fabric().waveletBits();
    }

    /** Dense values packed in one wavelet (two bf16 values per 32-bit wavelet). */
    int valuesPerDenseWavelet(Precision p) {
        return Math.max(1, profile.fabric().waveletBits() / (p.bytes() * 8));
    }

    /** Wavelets to carry {@code values} elements of {@code bytesPerValue} bytes, packed. */
    double wavelets(double values, double bytesPerValue) {
        return values * bytesPerValue / waveletBytes();
    }
}
