package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.Duration;
import io.sparsim.hwprofiles.units.FlopRate;
import io.sparsim.hwprofiles.units.Frequency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Binds a (merged) profile tree to the records by hand rather than with databind, so that every
 * key is checked against an explicit list and every error keeps its file and line.
 */
final class ProfileBinder {
    static final String SCHEMA = "sparsim/hwprofile/v1";
    static final List<String> TOP = List.of("schema", "id", "name", "kind", "extends", "sources");

    private static final List<String> SOURCE = List.of("what", "value", "citation", "estimate");
    private static final List<String> GPU = List.of("sms", "clock", "sustainedClock", "tensor", "vector", "hbm",
            "l2", "smemPerSm", "registersPerSm", "launchOverhead", "powerWatts", "efficiency", "nvlink");
    private static final List<String> LINK = List.of("name", "bandwidth", "busEfficiency", "stepLatency");
    private static final List<String> NVLINK = List.of("gpusPerNode", "name", "bandwidth", "busEfficiency",
            "stepLatency");
    private static final List<String> CLUSTER = List.of("device", "devicesPerNode", "scaleUp", "scaleOut",
            "powerWatts");
    private static final List<String> GPU_EFFICIENCY =
            List.of("tensorCore", "sparseTensorCore", "hbm", "csrNonzeroRate", "decompressRate");
    private static final List<String> CPU = List.of("cores", "threadsPerCore", "clock", "boostClock",
            "sustainedClock", "simd", "flopsPerCyclePerCore", "caches", "memory", "powerWatts", "efficiency");
    private static final List<String> CPU_EFFICIENCY = List.of("gemm", "memory", "singleStream", "gemmStream",
            "overlap", "csr", "bitmask", "nm", "block");
    private static final List<String> SPARSE_COST = List.of("gemv", "chunk", "vector", "scan", "visit");
    private static final List<String> WAFER = List.of("mesh", "pe", "clock", "fabric", "io", "externalMemory",
            "totals", "powerWatts", "efficiency", "cluster");
    private static final List<String> CAPACITY_BANDWIDTH = List.of("capacity", "bandwidth");

    private ProfileBinder() {
    }

    /**
     * Checks what every file must state for itself, before any merge: the schema version, and its own
     * id and name (inheriting them would make a child impersonate its parent).
     */
    static void checkFile(MapNode root) {
        Fields top = Fields.open(root, "");
        Scalar s = top.scalar("schema", SCHEMA);
        if (!SCHEMA.equals(s.text().strip())) {
            throw top.error("schema", s, SCHEMA, s.text());
        }
        top.text("id");
        top.text("name");
    }

    /** The kind a (possibly partial) tree declares, or null when it has no kind key. */
    static Kind declaredKind(MapNode root) {
        if (root.get("kind") == null) {
            return null;
        }
        Fields top = Fields.open(root, "");
        Scalar s = top.scalar("kind", "a profile kind " + Kind.accepted());
        try {
            return Kind.parse(s.text().strip(), "kind");
        } catch (BadInputException e) {
            throw e.at(s.file(), s.line());
        }
    }

    static HardwareProfile bind(MapNode root) {
        return bind(root, deviceId -> {
            throw new BadInputException("cluster.device", "a bundled gpu or cpu profile id", deviceId);
        });
    }

    /** Binds {@code root}; a cluster's {@code device} id resolves through {@code devices}. */
    static HardwareProfile bind(MapNode root, java.util.function.Function<String, HardwareProfile> devices) {
        checkFile(root);
        Fields open = Fields.open(root, "");
        open.required("kind", "a profile kind " + Kind.accepted());
        Kind kind = declaredKind(root);
        List<String> allowed = new ArrayList<>(TOP);
        allowed.add(kind.id());
        Fields top = Fields.of(root, "", allowed);
        String id = top.text("id");
        String name = top.text("name");
        Fields section = top.child(kind.id(), switch (kind) {
            case GPU -> GPU;
            case CPU -> CPU;
            case WAFER -> WAFER;
            case CLUSTER -> CLUSTER;
        });
        List<Source> sources = sources(top, pathsOf(section.node(), ""));
        try {
            return switch (kind) {
                case GPU -> gpu(id, name, sources, section);
                case CPU -> cpu(id, name, sources, section);
                case WAFER -> wafer(id, name, sources, section);
                case CLUSTER -> cluster(id, name, sources, section, devices);
            };
        } catch (BadInputException e) {
            if (e.source() != null) {
                throw e;
            }
            String first = e.field() == null ? "" : e.field().split("[.\\[]")[0];
            throw TOP.contains(first) ? top.locate(e) : section.locate(e);
        }
    }

    private static List<Source> sources(Fields top, Set<String> paths) {
        ListNode list = top.list("sources", "a list of {what, value, citation | estimate}");
        List<Source> out = new ArrayList<>();
        String example = paths.stream().filter(p -> p.contains(".")).findFirst().orElse("clock");
        for (int i = 0; i < list.items().size(); i++) {
            var item = list.items().get(i);
            // after an extends merge the list mixes files: number the entries as each file writes them
            int index = 0;
            for (int j = 0; j < i; j++) {
                index += list.items().get(j).file().equals(item.file()) ? 1 : 0;
            }
            String at = "sources[" + index + "]";
            if (!(item instanceof MapNode m)) {
                throw new BadInputException(at, "a mapping {what, value, citation | estimate}", item.describe())
                        .at(item.file(), item.line());
            }
            Fields f = Fields.of(m, at, SOURCE);
            String what = f.text("what");
            if (!paths.contains(what)) {
                throw f.error("what", f.scalar("what", ""),
                        "a field path inside this profile's section, like '" + example + "'", what);
            }
            String value = f.text("value");
            String citation = f.has("citation") ? f.scalar("citation", "a citation").text() : null;
            String estimate = f.has("estimate") ? f.scalar("estimate", "a reasoning").text() : null;
            out.add(f.build(() -> new Source(what, value, citation, estimate)));
        }
        return out;
    }

    /** Every path in a section tree ({@code hbm}, {@code hbm.bandwidth}, ...) a source may name. */
    static Set<String> pathsOf(MapNode node, String prefix) {
        Set<String> out = new LinkedHashSet<>();
        node.entries().forEach((k, e) -> {
            String p = prefix.isEmpty() ? k : prefix + "." + k;
            out.add(p);
            if (e.value() instanceof MapNode m) {
                out.addAll(pathsOf(m, p));
            }
        });
        return out;
    }

    private static GpuProfile gpu(String id, String name, List<Source> sources, Fields g) {
        int sms = g.count("sms");
        Frequency clock = frequency(g, "clock");
        Frequency sustained = frequency(g, "sustainedClock");
        Fields t = g.openChild("tensor", "a mapping from precision (" + Precision.accepted() + ") to {dense, sparse}");
        Map<Precision, GpuProfile.TensorRate> tensor = new LinkedHashMap<>();
        for (String key : t.keys()) {
            Precision p = precisionKey(t, key);
            Fields r = t.child(key, List.of("dense", "sparse"));
            FlopRate dense = flopRate(r, "dense");
            FlopRate sparse = flopRate(r, "sparse");
            tensor.put(p, r.build(() -> new GpuProfile.TensorRate(dense, sparse)));
        }
        FlopRate vector = flopRate(g, "vector");
        GpuProfile.MemoryLevel hbm = memoryLevel(g.child("hbm", CAPACITY_BANDWIDTH));
        GpuProfile.MemoryLevel l2 = memoryLevel(g.child("l2", CAPACITY_BANDWIDTH));
        Bytes smem = bytes(g, "smemPerSm");
        Bytes registers = bytes(g, "registersPerSm");
        Duration launch = g.unit("launchOverhead", Duration::parse, Duration.expected());
        double power = g.number("powerWatts");
        Fields e = g.child("efficiency", GPU_EFFICIENCY);
        double tc = e.number("tensorCore");
        double stc = e.number("sparseTensorCore");
        double hbmEff = e.number("hbm");
        double csr = e.number("csrNonzeroRate");
        double decompress = e.number("decompressRate");
        GpuProfile.Efficiency eff = e.build(() -> new GpuProfile.Efficiency(tc, stc, hbmEff, csr, decompress));
        GpuProfile.Nvlink nvlink = null;
        if (g.has("nvlink")) {
            Fields n = g.child("nvlink", NVLINK);
            int gpus = n.count("gpusPerNode");
            Interconnect link = link(n);
            nvlink = n.build(() -> new GpuProfile.Nvlink(gpus, link));
        }
        return new GpuProfile(id, name, sources, sms, clock, sustained, tensor, vector, hbm, l2, smem, registers,
                launch, power, eff, nvlink);
    }

    private static Interconnect link(Fields f) {
        String linkName = f.text("name");
        Bandwidth bw = bandwidth(f, "bandwidth");
        double eff = f.number("busEfficiency");
        Duration step = f.unit("stepLatency", Duration::parse, Duration.expected());
        return f.build(() -> new Interconnect(linkName, bw, eff, step));
    }

    private static ClusterProfile cluster(String id, String name, List<Source> sources, Fields c,
                                          java.util.function.Function<String, HardwareProfile> devices) {
        Scalar deviceNode = c.scalar("device", "a bundled gpu or cpu profile id");
        HardwareProfile device;
        try {
            device = devices.apply(deviceNode.text().strip());
        } catch (BadInputException e) {
            throw c.error("device", deviceNode, "a bundled gpu or cpu profile id", deviceNode.text());
        }
        int perNode = c.count("devicesPerNode");
        Interconnect up = link(c.child("scaleUp", LINK));
        Interconnect out = c.has("scaleOut") ? link(c.child("scaleOut", LINK)) : null;
        double power = c.number("powerWatts");
        return c.build(() -> new ClusterProfile(id, name, sources, device, perNode, up, out, power));
    }

    private static CpuProfile cpu(String id, String name, List<Source> sources, Fields c) {
        int cores = c.count("cores");
        int threads = c.count("threadsPerCore");
        Frequency clock = frequency(c, "clock");
        Frequency boost = frequency(c, "boostClock");
        Frequency sustained = frequency(c, "sustainedClock");
        Fields s = c.child("simd", List.of("widthBits", "isa", "fmaPipesPerCore"));
        int width = s.count("widthBits");
        List<String> isa = s.strings("isa");
        int pipes = s.count("fmaPipesPerCore");
        CpuProfile.Simd simd = s.build(() -> new CpuProfile.Simd(width, isa, pipes));
        Fields f = c.openChild("flopsPerCyclePerCore", "a mapping from precision (" + Precision.accepted()
                + ") to FLOP per cycle per core");
        Map<Precision, Double> flops = new LinkedHashMap<>();
        for (String key : f.keys()) {
            flops.put(precisionKey(f, key), f.number(key));
        }
        Fields k = c.child("caches", List.of("l1dPerCore", "l2PerCore", "l3Total"));
        Bytes l1 = bytes(k, "l1dPerCore");
        Bytes l2 = bytes(k, "l2PerCore");
        Bytes l3 = bytes(k, "l3Total");
        CpuProfile.Caches caches = k.build(() -> new CpuProfile.Caches(l1, l2, l3));
        Fields m = c.child("memory", List.of("channels", "bandwidth", "capacity"));
        OptionalInt channels = m.has("channels") ? OptionalInt.of(m.count("channels")) : OptionalInt.empty();
        Bandwidth bw = bandwidth(m, "bandwidth");
        Bytes capacity = bytes(m, "capacity");
        CpuProfile.Memory memory = m.build(() -> new CpuProfile.Memory(channels, bw, capacity));
        double power = c.number("powerWatts");
        Fields e = c.child("efficiency", CPU_EFFICIENCY);
        double gemm = e.number("gemm");
        double mem = e.number("memory");
        double singleStream = e.number("singleStream");
        double gemmStream = e.number("gemmStream");
        double overlap = e.number("overlap");
        CpuProfile.SparseCost csr = sparseCost(e, "csr");
        CpuProfile.SparseCost bitmask = sparseCost(e, "bitmask");
        CpuProfile.SparseCost nm = sparseCost(e, "nm");
        CpuProfile.SparseCost block = sparseCost(e, "block");
        CpuProfile.Efficiency eff = e.build(() -> new CpuProfile.Efficiency(gemm, mem, singleStream, gemmStream,
                overlap, csr, bitmask, nm, block));
        return new CpuProfile(id, name, sources, cores, threads, clock, boost, sustained, simd, flops, caches,
                memory, power, eff);
    }

    private static CpuProfile.SparseCost sparseCost(Fields efficiency, String format) {
        Fields f = efficiency.child(format, SPARSE_COST);
        double gemv = f.number("gemv");
        double chunk = f.number("chunk");
        double vector = f.number("vector");
        double scan = f.number("scan");
        double visit = f.number("visit");
        return f.build(() -> new CpuProfile.SparseCost(gemv, chunk, vector, scan, visit));
    }

    private static WaferProfile wafer(String id, String name, List<Source> sources, Fields w) {
        Fields me = w.child("mesh", List.of("width", "height"));
        int width = me.count("width");
        int height = me.count("height");
        WaferProfile.Mesh mesh = me.build(() -> new WaferProfile.Mesh(width, height));
        Fields p = w.child("pe", List.of("sram", "fmacLanes", "sramReadsPerCycle", "sramWritesPerCycle"));
        Bytes sram = bytes(p, "sram");
        Fields l = p.openChild("fmacLanes", "a mapping from precision (" + Precision.accepted() + ") to lanes");
        Map<Precision, Integer> lanes = new LinkedHashMap<>();
        for (String key : l.keys()) {
            lanes.put(precisionKey(l, key), l.count(key));
        }
        int reads = p.count("sramReadsPerCycle");
        int writes = p.count("sramWritesPerCycle");
        WaferProfile.Pe pe = p.build(() -> new WaferProfile.Pe(sram, lanes, reads, writes));
        Frequency clock = frequency(w, "clock");
        Fields f = w.child("fabric", List.of("waveletBits", "linkWaveletsPerCycle", "hopLatencyCycles"));
        int bits = f.count("waveletBits");
        int perCycle = f.count("linkWaveletsPerCycle");
        int hop = f.count("hopLatencyCycles");
        WaferProfile.Fabric fabric = f.build(() -> new WaferProfile.Fabric(bits, perCycle, hop));
        Fields i = w.child("io", List.of("bandwidth", "edgeChannels"));
        Bandwidth ioBw = bandwidth(i, "bandwidth");
        int edge = i.count("edgeChannels");
        WaferProfile.Io io = i.build(() -> new WaferProfile.Io(ioBw, edge));
        Fields x = w.child("externalMemory", List.of("name", "capacity"));
        String xName = x.text("name");
        Bytes xCap = bytes(x, "capacity");
        WaferProfile.ExternalMemory ext = x.build(() -> new WaferProfile.ExternalMemory(xName, xCap));
        Fields t = w.child("totals", List.of("cores", "sram", "memoryBandwidth", "fabricBandwidth", "peak"));
        int cores = t.count("cores");
        Bytes tSram = bytes(t, "sram");
        Bandwidth memBw = bandwidth(t, "memoryBandwidth");
        Bandwidth fabBw = bandwidth(t, "fabricBandwidth");
        FlopRate peak = flopRate(t, "peak");
        WaferProfile.Totals totals = t.build(() -> new WaferProfile.Totals(cores, tSram, memBw, fabBw, peak));
        double power = w.number("powerWatts");
        Fields e = w.child("efficiency", List.of("nonzeroOverheadCycles", "reduceLatencyCycles"));
        double nz = e.number("nonzeroOverheadCycles");
        double reduce = e.number("reduceLatencyCycles");
        WaferProfile.Efficiency eff = e.build(() -> new WaferProfile.Efficiency(nz, reduce));
        WaferProfile.Cluster cluster = null;
        if (w.has("cluster")) {
            Fields c = w.child("cluster", List.of("memoryXBandwidth", "swarmXBandwidth", "swarmXFanOut",
                    "maxSystems"));
            Bandwidth memX = bandwidth(c, "memoryXBandwidth");
            Bandwidth swarmX = bandwidth(c, "swarmXBandwidth");
            int fanOut = c.count("swarmXFanOut");
            int most = c.count("maxSystems");
            cluster = c.build(() -> new WaferProfile.Cluster(memX, swarmX, fanOut, most));
        }
        return new WaferProfile(id, name, sources, mesh, pe, clock, fabric, io, ext, totals, power, eff, cluster);
    }

    private static Precision precisionKey(Fields map, String key) {
        try {
            return Precision.parse(key, Fields.join(map.path(), key));
        } catch (BadInputException e) {
            var entry = map.node().entries().get(key);
            throw e.at(entry.file(), entry.line());
        }
    }

    private static GpuProfile.MemoryLevel memoryLevel(Fields f) {
        Bytes capacity = bytes(f, "capacity");
        Bandwidth bandwidth = bandwidth(f, "bandwidth");
        return f.build(() -> new GpuProfile.MemoryLevel(capacity, bandwidth));
    }

    private static Frequency frequency(Fields f, String key) {
        return f.unit(key, Frequency::parse, Frequency.expected());
    }

    private static Bytes bytes(Fields f, String key) {
        return f.unit(key, Bytes::parse, Bytes.expected());
    }

    private static Bandwidth bandwidth(Fields f, String key) {
        return f.unit(key, Bandwidth::parse, Bandwidth.expected());
    }

    private static FlopRate flopRate(Fields f, String key) {
        return f.unit(key, FlopRate::parse, FlopRate.expected());
    }
}
