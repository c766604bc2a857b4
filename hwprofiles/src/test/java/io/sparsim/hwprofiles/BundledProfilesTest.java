package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundledProfilesTest {
    private static ProfileRegistry registry;
    private static List<HardwareProfile> all;

    @BeforeAll
    static void load() {
        registry = ProfileRegistry.bundled();
        all = registry.ids().stream().map(registry::get).toList();
    }

    private static GpuProfile gpu(String id) {
        return (GpuProfile) registry.get(id);
    }

    @Test
    void idsAreTheDesignedSetInIndexOrderWithHostLast() {
        assertEquals(List.of("cerebras-wse2", "cerebras-wse3", "nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb",
                "nvidia-h200-sxm-141gb", "amd-epyc-9654", "intel-xeon-8480plus", "nvidia-dgx-a100", "nvidia-dgx-h100", "nvidia-hgx-h200",
                "amd-epyc-9654-2s", "cerebras-cs3-cluster", "host"), registry.ids());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(registry.ids().get(i), all.get(i).id());
        }
        assertEquals(List.of(Kind.WAFER, Kind.WAFER, Kind.GPU, Kind.GPU, Kind.GPU, Kind.CPU, Kind.CPU,
                Kind.CLUSTER, Kind.CLUSTER, Kind.CLUSTER, Kind.CLUSTER, Kind.WAFER, Kind.CPU),
                all.stream().map(HardwareProfile::kind).toList());
    }

    @Test
    void h100PeaksAreTheDatasheetsWithSparseSeparateFromDense() {
        GpuProfile h100 = gpu("nvidia-h100-sxm5-80gb");
        assertEquals(989.4e12, h100.tensorRate(Precision.BF16).dense().flopsPerSecond(), 1);
        assertEquals(1978.9e12, h100.tensorRate(Precision.BF16).sparse().flopsPerSecond(), 1);
        assertEquals(h100.tensorRate(Precision.BF16), h100.tensorRate(Precision.FP16));
        assertEquals(1978.9e12, h100.tensorRate(Precision.FP8).dense().flopsPerSecond(), 1);
        assertEquals(3957.8e12, h100.tensorRate(Precision.FP8).sparse().flopsPerSecond(), 1);
        assertEquals(h100.tensorRate(Precision.FP8), h100.tensorRate(Precision.INT8));
        assertEquals(494.7e12, h100.tensorRate(Precision.TF32).dense().flopsPerSecond(), 1);
        assertEquals(989.4e12, h100.tensorRate(Precision.TF32).sparse().flopsPerSecond(), 1);
        assertFalse(h100.supports(Precision.FP32), "fp32 runs on CUDA cores (vector), not tensor cores");
        assertEquals(132, h100.sms());
        assertEquals(80e9, h100.hbm().capacity().bytes());
        assertEquals(3.35e12, h100.hbm().bandwidth().bytesPerSecond(), 1);
        assertEquals(50e6, h100.l2().capacity().bytes());
        assertEquals(700, h100.powerWatts());
    }

    @Test
    void h100PeakIsConsistentWithItsClockAndSmCount() {
        // 4096 bf16 FLOP per clock per SM on Hopper: the peak must be stated at `clock`.
        GpuProfile h100 = gpu("nvidia-h100-sxm5-80gb");
        double perClockPerSm = h100.tensorRate(Precision.BF16).dense().flopsPerSecond()
                / (h100.sms() * h100.clock().hertz());
        assertEquals(4096, perClockPerSm, 1);
        GpuProfile a100 = gpu("nvidia-a100-sxm4-80gb");
        assertEquals(2048, a100.tensorRate(Precision.BF16).dense().flopsPerSecond()
                / (a100.sms() * a100.clock().hertz()), 1);
    }

    @Test
    void h100EfficienciesComeFromTheProjectMeasurements() {
        GpuProfile.Efficiency e = gpu("nvidia-h100-sxm5-80gb").efficiency();
        // the tile-loop fraction excludes wave quantization, so it is above the whole-kernel 798/989.4
        assertTrue(e.tensorCore() >= 798 / 989.4 && e.tensorCore() < 0.9, "tensorCore " + e.tensorCore());
        assertEquals(3.0 / 3.35, e.hbm(), 0.001);
        assertTrue(e.sparseTensorCore() * 2 / e.tensorCore() <= 1.7 + 1e-9, "2:4 gain above the published 1.7x");
    }

    @Test
    void h200InheritsFromH100ButOverridesHbm() {
        GpuProfile h100 = gpu("nvidia-h100-sxm5-80gb");
        GpuProfile h200 = gpu("nvidia-h200-sxm-141gb");
        assertEquals(141e9, h200.hbm().capacity().bytes());
        assertEquals(4.8e12, h200.hbm().bandwidth().bytesPerSecond(), 1);
        assertNotEquals(h100.hbm(), h200.hbm());
        assertEquals(h100.tensor(), h200.tensor());
        assertEquals(h100.sms(), h200.sms());
        assertEquals(h100.l2(), h200.l2());
        assertEquals(h100.clock(), h200.clock());
        assertEquals(h100.efficiency(), h200.efficiency());
        assertEquals("NVIDIA H200 SXM 141GB", h200.name());
        // the H100's HBM citation must not survive the override; the H200's replaces it
        List<Source> hbm = h200.sourcesFor("hbm.bandwidth");
        assertEquals(1, hbm.size());
        assertTrue(hbm.get(0).citation().contains("H200"), hbm.get(0).citation());
        assertEquals(h100.sourcesFor("tensor"), h200.sourcesFor("tensor"));
    }

    @Test
    void a100HasNoFp8AndSaysSoAsBadInput() {
        GpuProfile a100 = gpu("nvidia-a100-sxm4-80gb");
        assertFalse(a100.supports(Precision.FP8));
        BadInputException e = assertThrows(BadInputException.class, () -> a100.tensorRate(Precision.FP8));
        assertEquals("dtype: expected a precision the tensor cores of nvidia-a100-sxm4-80gb support "
                + "(tf32|bf16|fp16|int8), got 'fp8'", e.getMessage());
        assertEquals(2039e9, a100.hbm().bandwidth().bytesPerSecond(), 1);
        assertEquals(40.0 * 1024 * 1024, a100.l2().capacity().bytes());
    }

    @Test
    void everyGpuQuotesA2to4PeakOfTwiceDense() {
        for (HardwareProfile p : all) {
            if (p instanceof GpuProfile g) {
                g.tensor().forEach((precision, r) -> assertEquals(2.0,
                        r.sparse().flopsPerSecond() / r.dense().flopsPerSecond(), 1e-3, g.id() + " " + precision));
            }
        }
    }

    @Test
    void wafersFollowTheReferences() {
        WaferProfile wse2 = (WaferProfile) registry.get("cerebras-wse2");
        WaferProfile wse3 = (WaferProfile) registry.get("cerebras-wse3");
        assertEquals(4, wse2.fmacLanes(Precision.FP16));
        assertEquals(8, wse3.fmacLanes(Precision.FP16));
        assertEquals(1.1e9, wse3.clock().hertz(), 1);
        assertTrue(wse3.sourcesFor("clock").get(0).value().contains("0.85"), "the SDK's 0.85 GHz stays in sources");
        assertEquals(1.5e11, wse3.io().bandwidth().bytesPerSecond(), 1); // 1.2 Tb/s
        assertEquals(900_000, wse3.totals().cores());
        assertEquals(44e9, wse3.totals().sram().bytes());
        assertEquals(21e15, wse3.totals().memoryBandwidth().bytesPerSecond(), 1);
        assertEquals(214e15 / 8, wse3.totals().fabricBandwidth().bytesPerSecond(), 1e3);
        assertEquals(125e15, wse3.totals().peak().flopsPerSecond());
        assertEquals(48 * 1024, wse2.pe().sram().bytes());
        assertEquals(750, wse2.mesh().width());
        assertEquals(994, wse2.mesh().height());
        assertEquals(32, wse2.fabric().waveletBits());
        assertEquals(1, wse2.fabric().linkWaveletsPerCycle());
        assertEquals("MemoryX", wse3.externalMemory().name());
        assertThrows(BadInputException.class, () -> wse2.fmacLanes(Precision.FP8));
        for (WaferProfile w : List.of(wse2, wse3)) {
            assertTrue(w.mesh().pes() <= w.totals().cores());
            assertTrue(w.mesh().pes() * w.pe().sram().bytes() <= w.totals().sram().bytes());
        }
    }

    @Test
    void cpuPeaksFollowFromSimdWidthAndPipes() {
        CpuProfile epyc = (CpuProfile) registry.get("amd-epyc-9654");
        CpuProfile xeon = (CpuProfile) registry.get("intel-xeon-8480plus");
        assertEquals(32, epyc.flopsPerCycle(Precision.FP32));
        assertEquals(64, xeon.flopsPerCycle(Precision.FP32));
        assertEquals(96, epyc.cores());
        assertEquals(56, xeon.cores());
        assertEquals(384.0 * 1024 * 1024, epyc.caches().l3Total().bytes());
        for (CpuProfile c : List.of(epyc, xeon)) {
            assertEquals(2.0 * c.simd().widthBits() / 32 * c.simd().fmaPipesPerCore(), c.flopsPerCycle(Precision.FP32));
            // DDR5-4800: 4800 MT/s x 8 bytes per channel
            assertEquals(c.memory().channels().getAsInt() * 4800e6 * 8, c.memory().bandwidth().bytesPerSecond(), 1);
            assertTrue(c.clock().hertz() <= c.sustainedClock().hertz()
                    && c.sustainedClock().hertz() <= c.boostClock().hertz(), c.id());
        }
        assertEquals(96 * 32 * 3.55e9, epyc.sustainedPeak(Precision.FP32).flopsPerSecond(), 1e3);
    }

    @Test
    void everyNumberOfEveryProfileHasASourceAndEverySourceNamesAField() {
        for (HardwareProfile p : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) ProfileRegistry.describe(p).get(p.kind().id());
            List<String> leaves = leaves(section, "");
            for (String leaf : leaves) {
                assertFalse(p.sourcesFor(leaf).isEmpty(), p.id() + ": no source covers " + leaf);
            }
            for (Source s : p.sources()) {
                assertTrue(leaves.stream().anyMatch(s::covers), p.id() + ": source names no field: " + s.what());
                String reason = s.isEstimate() ? s.estimate() : s.citation();
                assertTrue(reason.length() >= 20, p.id() + " " + s.what() + ": too short to be a reason: " + reason);
            }
        }
    }

    @Test
    void describeIsOrderedJsonFriendlyAndRoundTripsThroughTheLoader() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (HardwareProfile p : all) {
            Map<String, Object> described = ProfileRegistry.describe(p);
            assertEquals(List.of("id", "name", "kind", p.kind().id(), "sources"), new ArrayList<>(described.keySet()));
            assertEquals(described, json.readValue(json.writeValueAsString(described), Map.class));
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("schema", "sparsim/hwprofile/v1");
            file.putAll(described);
            HardwareProfile again = registry.loadText(p.id() + ".yaml", yaml.writeValueAsString(file));
            assertEquals(described, ProfileRegistry.describe(again), p.id());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> hbm = (Map<String, Object>) ((Map<String, Object>) ProfileRegistry
                .describe(registry.get("nvidia-h100-sxm5-80gb")).get("gpu")).get("hbm");
        assertEquals(Map.of("capacity", "80 GB", "bandwidth", "3.35 TB/s"), hbm);
    }

    @SuppressWarnings("unchecked")
    private static List<String> leaves(Map<String, Object> map, String prefix) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                out.addAll(leaves((Map<String, Object>) m, path));
            } else {
                out.add(path);
            }
        });
        return out;
    }
}
