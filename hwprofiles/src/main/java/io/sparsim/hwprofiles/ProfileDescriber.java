package io.sparsim.hwprofiles;

import io.sparsim.core.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile as an ordered tree of plain values (maps, lists, strings, numbers) for {@code profiles show}:
 * quantities as human unit strings ({@code 3.35 TB/s}), keys exactly as in the YAML schema, so the
 * output of a bundled profile reads like its file.
 */
final class ProfileDescriber {
    private ProfileDescriber() {
    }

    static Map<String, Object> describe(HardwareProfile profile) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", profile.id());
        out.put("name", profile.name());
        out.put("kind", profile.kind().id());
        Map<String, Object> section;
        if (profile instanceof GpuProfile g) {
            section = gpu(g);
        } else if (profile instanceof CpuProfile c) {
            section = cpu(c);
        } else if (profile instanceof ClusterProfile k) {
            section = cluster(k);
        } else {
            section = wafer((WaferProfile) profile);
        }
        out.put(profile.kind().id(), section);
        List<Object> sources = new ArrayList<>();
        for (Source s : profile.sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", s.what());
            m.put("value", s.value());
            if (s.isEstimate()) {
                m.put("estimate", s.estimate());
            } else {
                m.put("citation", s.citation());
            }
            sources.add(m);
        }
        out.put("sources", sources);
        return out;
    }

    private static Map<String, Object> gpu(GpuProfile g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sms", g.sms());
        m.put("clock", g.clock().format());
        m.put("sustainedClock", g.sustainedClock().format());
        Map<String, Object> tensor = new LinkedHashMap<>();
        g.tensor().forEach((p, r) -> tensor.put(p.id(),
                map("dense", r.dense().format(), "sparse", r.sparse().format())));
        m.put("tensor", tensor);
        m.put("vector", g.vector().format());
        m.put("hbm", map("capacity", g.hbm().capacity().format(), "bandwidth", g.hbm().bandwidth().format()));
        m.put("l2", map("capacity", g.l2().capacity().format(), "bandwidth", g.l2().bandwidth().format()));
        m.put("smemPerSm", g.smemPerSm().format());
        m.put("registersPerSm", g.registersPerSm().format());
        m.put("launchOverhead", g.launchOverhead().format());
        m.put("powerWatts", num(g.powerWatts()));
        GpuProfile.Efficiency e = g.efficiency();
        Map<String, Object> eff = new LinkedHashMap<>();
        eff.put("tensorCore", num(e.tensorCore()));
        eff.put("sparseTensorCore", num(e.sparseTensorCore()));
        eff.put("hbm", num(e.hbm()));
        eff.put("csrNonzeroRate", num(e.csrNonzeroRate()));
        eff.put("decompressRate", num(e.decompressRate()));
        m.put("efficiency", eff);
        if (g.nvlink() != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("gpusPerNode", g.nvlink().gpusPerNode());
            n.putAll(link(g.nvlink().link()));
            m.put("nvlink", n);
        }
        return m;
    }

    private static Map<String, Object> link(Interconnect l) {
        return map("name", l.name(), "bandwidth", l.bandwidth().format(), "busEfficiency", num(l.busEfficiency()),
                "stepLatency", l.stepLatency().format());
    }

    private static Map<String, Object> cluster(ClusterProfile c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", c.device().id());
        m.put("devicesPerNode", c.devicesPerNode());
        m.put("scaleUp", link(c.scaleUp()));
        if (c.scaleOut() != null) {
            m.put("scaleOut", link(c.scaleOut()));
        }
        m.put("powerWatts", num(c.powerWatts()));
        return m;
    }

    private static Map<String, Object> cpu(CpuProfile c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", c.cores());
        m.put("threadsPerCore", c.threadsPerCore());
        m.put("clock", c.clock().format());
        m.put("boostClock", c.boostClock().format());
        m.put("sustainedClock", c.sustainedClock().format());
        m.put("simd", map("widthBits", c.simd().widthBits(), "isa", c.simd().isa(),
                "fmaPipesPerCore", c.simd().fmaPipesPerCore()));
        Map<String, Object> flops = new LinkedHashMap<>();
        c.flopsPerCyclePerCore().forEach((p, v) -> flops.put(p.id(), num(v)));
        m.put("flopsPerCyclePerCore", flops);
        m.put("caches", map("l1dPerCore", c.caches().l1dPerCore().format(), "l2PerCore",
                c.caches().l2PerCore().format(), "l3Total", c.caches().l3Total().format()));
        Map<String, Object> memory = new LinkedHashMap<>();
        c.memory().channels().ifPresent(n -> memory.put("channels", n));
        memory.put("bandwidth", c.memory().bandwidth().format());
        memory.put("capacity", c.memory().capacity().format());
        m.put("memory", memory);
        m.put("powerWatts", num(c.powerWatts()));
        CpuProfile.Efficiency e = c.efficiency();
        Map<String, Object> eff = new LinkedHashMap<>();
        eff.put("gemm", num(e.gemm()));
        eff.put("memory", num(e.memory()));
        eff.put("singleStream", num(e.singleStream()));
        eff.put("gemmStream", num(e.gemmStream()));
        eff.put("overlap", num(e.overlap()));
        eff.put("csr", sparseCost(e.csr()));
        eff.put("bitmask", sparseCost(e.bitmask()));
        eff.put("nm", sparseCost(e.nm()));
        eff.put("block", sparseCost(e.block()));
        m.put("efficiency", eff);
        return m;
    }

    private static Map<String, Object> wafer(WaferProfile w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mesh", map("width", w.mesh().width(), "height", w.mesh().height()));
        Map<String, Object> lanes = new LinkedHashMap<>();
        for (Precision p : w.pe().fmacLanes().keySet()) {
            lanes.put(p.id(), w.pe().fmacLanes().get(p));
        }
        Map<String, Object> pe = new LinkedHashMap<>();
        pe.put("sram", w.pe().sram().format());
        pe.put("fmacLanes", lanes);
        pe.put("sramReadsPerCycle", w.pe().sramReadsPerCycle());
        pe.put("sramWritesPerCycle", w.pe().sramWritesPerCycle());
        m.put("pe", pe);
        m.put("clock", w.clock().format());
        m.put("fabric", map("waveletBits", w.fabric().waveletBits(), "linkWaveletsPerCycle",
                w.fabric().linkWaveletsPerCycle(), "hopLatencyCycles", w.fabric().hopLatencyCycles()));
        m.put("io", map("bandwidth", w.io().bandwidth().format(), "edgeChannels", w.io().edgeChannels()));
        m.put("externalMemory", map("name", w.externalMemory().name(), "capacity",
                w.externalMemory().capacity().format()));
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("cores", w.totals().cores());
        totals.put("sram", w.totals().sram().format());
        totals.put("memoryBandwidth", w.totals().memoryBandwidth().format());
        totals.put("fabricBandwidth", w.totals().fabricBandwidth().format());
        totals.put("peak", w.totals().peak().format());
        m.put("totals", totals);
        m.put("powerWatts", num(w.powerWatts()));
        m.put("efficiency", map("nonzeroOverheadCycles", num(w.efficiency().nonzeroOverheadCycles()),
                "reduceLatencyCycles", num(w.efficiency().reduceLatencyCycles())));
        if (w.cluster() != null) {
            m.put("cluster", map("memoryXBandwidth", w.cluster().memoryXBandwidth().format(), "swarmXBandwidth",
                    w.cluster().swarmXBandwidth().format(), "swarmXFanOut", w.cluster().swarmXFanOut(), "maxSystems",
                    w.cluster().maxSystems()));
        }
        return m;
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /**
     * Whole numbers as integers (700, not 700.0) so JSON and tables read naturally; Integer when it
     * fits, as a JSON reader would type them.
     */
    private static Object num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            long l = (long) v;
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        return v;
    }

    private static Map<String, Object> sparseCost(CpuProfile.SparseCost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gemv", num(c.gemv()));
        m.put("chunk", num(c.chunk()));
        m.put("vector", num(c.vector()));
        m.put("scan", num(c.scan()));
        m.put("visit", num(c.visit()));
        return m;
    }
}
