package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.FlopRate;
import io.sparsim.hwprofiles.units.Frequency;
import java.util.List;
import java.util.Map;

/**
 * A wafer-scale engine (section {@code wafer:} of a profile file): a mesh of processing elements
 * (PEs) with local SRAM and a router each, fed through system I/O from external weight memory.
 *
 * @param mesh           the PE grid exposed to kernels (smaller than the marketing core count)
 * @param pe             one processing element
 * @param clock          PE clock
 * @param fabric         the on-wafer mesh network
 * @param io             system I/O between the wafer and the host / weight memory
 * @param externalMemory weight store outside the wafer (MemoryX)
 * @param totals         published whole-wafer figures, for reporting and cross-checks
 * @param powerWatts     whole-system power
 * @param cluster        the wafer-scale cluster the systems run in (MemoryX, SwarmX); null for a system on its
 *                       own, whose weights stream at the system I/O rate through a binary broadcast tree
 */
public record WaferProfile(
        String id,
        String name,
        List<Source> sources,
        Mesh mesh,
        Pe pe,
        Frequency clock,
        Fabric fabric,
        Io io,
        ExternalMemory externalMemory,
        Totals totals,
        double powerWatts,
        Efficiency efficiency,
        Cluster cluster) implements HardwareProfile {

    /** A system on its own (no cluster section). */
    public WaferProfile(String id, String name, List<Source> sources, Mesh mesh, Pe pe, Frequency clock, Fabric fabric,
                        Io io, ExternalMemory externalMemory, Totals totals, double powerWatts, Efficiency efficiency) {
        this(id, name, sources, mesh, pe, clock, fabric, io, externalMemory, totals, powerWatts, efficiency, null);
    }

    /**
     * A wafer-scale cluster (section {@code cluster:}): MemoryX streams weights into a SwarmX tree of
     * broadcast-reduce nodes, which copies them to every system and sums gradients on their way back.
     *
     * @param memoryXBandwidth rate MemoryX feeds weights into the tree and reads and writes optimizer state
     * @param swarmXBandwidth  rate the tree delivers weights to each system (and takes its gradients)
     * @param swarmXFanOut     systems (or lower nodes) one broadcast-reduce node serves
     * @param maxSystems       the most systems one cluster holds
     */
    public record Cluster(Bandwidth memoryXBandwidth, Bandwidth swarmXBandwidth, int swarmXFanOut, int maxSystems) {
        public Cluster {
            Check.present(memoryXBandwidth, "memoryXBandwidth", Bandwidth.expected());
            Check.present(swarmXBandwidth, "swarmXBandwidth", Bandwidth.expected());
            if (swarmXFanOut < 2) {
                throw new BadInputException("swarmXFanOut", "at least 2 systems per broadcast-reduce node",
                        swarmXFanOut);
            }
            Check.positive(maxSystems, "maxSystems");
        }
    }

    public WaferProfile {
        Check.id(id, "id");
        Check.text(name, "name");
        sources = Check.list(sources, "sources");
        Check.present(mesh, "mesh", "width and height");
        Check.present(pe, "pe", "a processing-element section");
        Check.present(clock, "clock", Frequency.expected());
        Check.present(fabric, "fabric", "a fabric section");
        Check.present(io, "io", "an io section");
        Check.present(externalMemory, "externalMemory", "name and capacity");
        Check.present(totals, "totals", "a totals section");
        if (mesh.pes() > totals.cores()) {
            throw new BadInputException("mesh", "at most totals.cores (" + totals.cores() + ") PEs",
                    mesh.width() + "x" + mesh.height() + " = " + mesh.pes());
        }
        double meshSram = pe.sram().bytes() * mesh.pes();
        if (meshSram > totals.sram().bytes()) {
            throw new BadInputException("pe.sram", "a size whose total over the mesh ("
                    + new Bytes(meshSram).format() + ") fits in totals.sram (" + totals.sram().format() + ")",
                    pe.sram().format());
        }
        Check.positive(powerWatts, "powerWatts");
        Check.present(efficiency, "efficiency", "an efficiency section");
    }

    @Override
    public Kind kind() {
        return Kind.WAFER;
    }

    public boolean supports(Precision precision) {
        return pe.fmacLanes().containsKey(precision);
    }

    /** FMAC lanes per PE per cycle; bad input (field {@code dtype}) when the precision has no entry. */
    public int fmacLanes(Precision precision) {
        Integer lanes = pe.fmacLanes().get(precision);
        if (lanes == null) {
            throw new BadInputException("dtype",
                    "a precision the PEs of " + id + " support (" + Check.ids(pe.fmacLanes()) + ")", precision.id());
        }
        return lanes;
    }

    public record Mesh(int width, int height) {
        public Mesh {
            Check.positive(width, "width");
            Check.positive(height, "height");
        }

        public long pes() {
            return (long) width * height;
        }
    }

    /**
     * One processing element.
     *
     * @param sram               local memory
     * @param fmacLanes          multiply-accumulate lanes per cycle by precision (SIMD width)
     * @param sramReadsPerCycle  32-bit SRAM reads per cycle
     * @param sramWritesPerCycle 32-bit SRAM writes per cycle
     */
    public record Pe(Bytes sram, Map<Precision, Integer> fmacLanes, int sramReadsPerCycle, int sramWritesPerCycle) {
        public Pe {
            Check.positive(sram, "sram");
            fmacLanes = Check.precisionMap(fmacLanes, "fmacLanes");
            fmacLanes.forEach((p, v) -> Check.positive(v, "fmacLanes." + p.id()));
            Check.positive(sramReadsPerCycle, "sramReadsPerCycle");
            Check.positive(sramWritesPerCycle, "sramWritesPerCycle");
        }
    }

    /**
     * The mesh network.
     *
     * @param waveletBits          bits per wavelet (message) on a link
     * @param linkWaveletsPerCycle wavelets a link carries per cycle and direction
     * @param hopLatencyCycles     cycles for a wavelet to cross one router hop
     */
    public record Fabric(int waveletBits, int linkWaveletsPerCycle, int hopLatencyCycles) {
        public Fabric {
            Check.positive(waveletBits, "waveletBits");
            Check.positive(linkWaveletsPerCycle, "linkWaveletsPerCycle");
            Check.positive(hopLatencyCycles, "hopLatencyCycles");
        }
    }

    /**
     * System I/O.
     *
     * @param bandwidth    total system I/O bandwidth
     * @param edgeChannels host I/O channels on each of the East and West edges
     */
    public record Io(Bandwidth bandwidth, int edgeChannels) {
        public Io {
            Check.present(bandwidth, "bandwidth", Bandwidth.expected());
            Check.positive(edgeChannels, "edgeChannels");
        }
    }

    public record ExternalMemory(String name, Bytes capacity) {
        public ExternalMemory {
            Check.text(name, "name");
            Check.positive(capacity, "capacity");
        }
    }

    /**
     * Published whole-wafer figures.
     *
     * @param peak vendor peak; the precision and sparsity basis may be unstated (see sources)
     */
    public record Totals(int cores, Bytes sram, Bandwidth memoryBandwidth, Bandwidth fabricBandwidth, FlopRate peak) {
        public Totals {
            Check.positive(cores, "cores");
            Check.positive(sram, "sram");
            Check.present(memoryBandwidth, "memoryBandwidth", Bandwidth.expected());
            Check.present(fabricBandwidth, "fabricBandwidth", Bandwidth.expected());
            Check.present(peak, "peak", FlopRate.expected());
        }
    }

    /**
     * Overheads of the dataflow kernels (section {@code efficiency:}), in PE cycles.
     *
     * @param nonzeroOverheadCycles extra cycles per streamed nonzero weight wavelet beyond its FMACs
     *                              (task activation, index decode)
     * @param reduceLatencyCycles   latency per dependency level of a mesh reduction: the
     *                              {@code 2·T_R + 1} term of the wafer-scale reduce model
     */
    public record Efficiency(double nonzeroOverheadCycles, double reduceLatencyCycles) {
        public Efficiency {
            Check.nonNegative(nonzeroOverheadCycles, "nonzeroOverheadCycles");
            Check.positive(reduceLatencyCycles, "reduceLatencyCycles");
        }
    }
}
