package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.FlopRate;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileRegistryTest {
    private static ProfileRegistry registry;

    @BeforeAll
    static void load() {
        registry = ProfileRegistry.bundled();
    }

    private static Path good(String name) {
        try {
            return Path.of(ProfileRegistryTest.class.getResource("good/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fail(String name, String text) {
        return assertThrows(BadInputException.class, () -> registry.loadText(name, text)).getMessage();
    }

    @Test
    void unknownHwListsTheAliases() {
        BadInputException e = assertThrows(BadInputException.class, () -> registry.get("h1000"));
        assertEquals("hw: expected a profile id or alias (wse2|wse3|a100|h100|h200|epyc-9654|xeon-8480plus|dgx-a100|dgx-h100|"
                + "hgx-h200|epyc-9654-2s|cs3|host) "
                + "or a profile file path, got 'h1000'", e.getMessage());
        assertEquals("hw", e.field());
    }

    @Test
    void uniqueAliasesNameOneProfile() {
        assertEquals("nvidia-h100-sxm5-80gb", registry.get("h100").id());
        assertEquals("nvidia-h100-sxm5-80gb", registry.get("H100-sxm5").id());
        assertEquals("cerebras-wse3", registry.get("wse3").id());
        assertEquals("amd-epyc-9654", registry.get("epyc-9654").id());
        assertEquals("amd-epyc-9654", registry.aliases().get("amd-epyc-9654") == null ? null
                : registry.get(registry.aliases().get("amd-epyc-9654")).id());
        // every alias shown resolves back to its own profile
        registry.aliases().forEach((id, alias) -> assertEquals(id, registry.get(alias).id()));
    }

    @Test
    void getAcceptsAFilePathAndAChildWithoutKindInheritsIt() {
        GpuProfile capped = (GpuProfile) registry.get(good("h100-capped.yaml").toString());
        assertEquals("h100-capped", capped.id());
        assertEquals(500, capped.powerWatts());
        assertEquals(1.4e9, capped.sustainedClock().hertz(), 1);
        assertEquals(((GpuProfile) registry.get("nvidia-h100-sxm5-80gb")).tensor(), capped.tensor());
    }

    @Test
    void validateResolvesParentsAmongTheGivenFilesAndReadsJson() {
        List<HardwareProfile> loaded = registry.validate(List.of(good("h100-capped.yaml"),
                good("h100-capped-child.json")));
        GpuProfile child = (GpuProfile) loaded.get(1);
        assertEquals("h100-capped-child", child.id());
        assertEquals(500, child.powerWatts(), "inherited from a user file two levels up");
        assertEquals(64.0 * 1024 * 1024 * 1024, child.hbm().capacity().bytes());
        assertEquals(3.35e12, child.hbm().bandwidth().bytesPerSecond(), 1);
        // the grandparent's source for all of "hbm" no longer describes the new capacity
        assertTrue(child.sources().stream().noneMatch(s -> s.what().equals("hbm")));
        assertEquals("a partitioned device, for this test", child.sourcesFor("hbm.capacity").get(0).estimate());
    }

    @Test
    void anOverrideWithoutSourcesDropsTheParentsCitationOfTheOverriddenValue() {
        HardwareProfile p = registry.load(good("h100-no-sources.yaml"));
        assertEquals(3e12, ((GpuProfile) p).hbm().bandwidth().bytesPerSecond(), 1);
        assertTrue(p.sourcesFor("hbm.bandwidth").isEmpty(), "the H100's 3.35 TB/s citation must not describe 3 TB/s");
        assertEquals(1, p.sourcesFor("sms").size());
    }

    @Test
    void aChildOfAUserFileAloneCannotFindItsParent() {
        Path child = good("h100-capped-child.json");
        BadInputException e = assertThrows(BadInputException.class, () -> registry.load(child));
        assertTrue(e.getMessage().startsWith(child + ":5: extends: expected a parent profile id among cerebras-wse2|"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(", got 'h100-capped'"), e.getMessage());
    }

    @Test
    void unreadableEmptyAndNonMappingFilesAreBadInput() {
        Path missing = Path.of("no-such-dir", "profile.yaml");
        assertEquals(missing + ": expected an existing file, got 'no such file'",
                assertThrows(BadInputException.class, () -> registry.load(missing)).getMessage());
        assertEquals("empty.yaml:1: expected a profile mapping with schema, id, name, kind, sources, got 'an empty file'",
                fail("empty.yaml", ""));
        assertEquals("list.yaml:1: expected a profile mapping with schema, id, name, kind, sources, got 'a list of 2'",
                fail("list.yaml", "[1, 2]\n"));
    }

    @Test
    void unknownTopLevelKeyListsTheAllowedKeysForTheKind() {
        assertEquals("x.yaml:6: cpu: expected a known key (allowed here: schema, id, name, kind, extends, sources, "
                + "gpu), got 'cpu'", fail("x.yaml", """
                schema: sparsim/hwprofile/v1
                id: x
                name: X
                kind: gpu
                extends: nvidia-h100-sxm5-80gb
                cpu: {cores: 4}
                sources: []
                """));
    }

    @Test
    void crossFieldChecksNameTheFieldAndLine() {
        assertEquals("c.yaml:7: cpu.flopsPerCyclePerCore.fp32: expected 2 x simd.widthBits/32 x "
                + "simd.fmaPipesPerCore = 64, got '32'", fail("c.yaml", """
                schema: sparsim/hwprofile/v1
                id: c
                name: C
                kind: cpu
                extends: intel-xeon-8480plus
                cpu:
                  flopsPerCyclePerCore: {fp32: 32}
                sources: []
                """));
        assertEquals("w.yaml:8: wafer.mesh: expected at most totals.cores (900000) PEs, got '1000x1000 = 1000000'",
                fail("w.yaml", """
                schema: sparsim/hwprofile/v1
                id: w
                name: W
                kind: wafer
                extends: cerebras-wse3
                sources: []
                wafer:
                  mesh: {width: 1000, height: 1000}
                """));
        assertEquals("g.yaml:7: gpu.sustainedClock: expected a clock no higher than clock (1.83 GHz), got '2 GHz'",
                fail("g.yaml", """
                schema: sparsim/hwprofile/v1
                id: g
                name: G
                kind: gpu
                extends: nvidia-h100-sxm5-80gb
                gpu:
                  sustainedClock: 2 GHz
                sources: []
                """));
        assertEquals("g.yaml:7: gpu.sms: expected a positive integer, got '13.5'", fail("g.yaml", """
                schema: sparsim/hwprofile/v1
                id: g
                name: G
                kind: gpu
                extends: nvidia-h100-sxm5-80gb
                gpu:
                  sms: 13.5
                sources: []
                """));
    }

    @Test
    void errorsInAnInheritedValuePointAtTheFileThatWroteIt() {
        // the child makes an inherited L2 (50 MB) too big relative to its own tiny HBM
        String message = fail("tiny.yaml", """
                schema: sparsim/hwprofile/v1
                id: tiny
                name: Tiny HBM
                kind: gpu
                extends: nvidia-h100-sxm5-80gb
                gpu:
                  hbm: {capacity: 16 MB}
                sources: []
                """);
        assertTrue(message.endsWith(": gpu.l2.capacity: expected a size smaller than hbm.capacity (16 MB), got '50 MB'"),
                message);
        assertTrue(message.startsWith("nvidia-h100-sxm5-80gb.yaml:"), message);
    }

    @Test
    void recordsValidateWithoutAnyFile() {
        assertEquals("tensorCore: expected a fraction in (0, 1], got '1.2'", assertThrows(BadInputException.class,
                () -> new GpuProfile.Efficiency(1.2, 0.7, 0.9, 1e10, 1e10)).getMessage());
        assertEquals("hbm: expected a fraction in (0, 1], got '0.0'", assertThrows(BadInputException.class,
                () -> new GpuProfile.Efficiency(0.8, 0.7, 0, 1e10, 1e10)).getMessage());
        assertThrows(BadInputException.class, () -> new GpuProfile.TensorRate(
                new FlopRate(2e12), new FlopRate(1e12)));
        assertThrows(BadInputException.class, () -> new GpuProfile.MemoryLevel(new Bytes(0), new Bandwidth(1e9)));
        assertThrows(BadInputException.class, () -> new CpuProfile.Simd(384, List.of("avx2"), 2));
        assertThrows(BadInputException.class, () -> new CpuProfile.Efficiency(0.8, 1.01, 1.0, 1.0, 0.5, new CpuProfile.SparseCost(1, 1, 1, 0, 0), new CpuProfile.SparseCost(1, 1, 1, 0, 0), new CpuProfile.SparseCost(1, 1, 1, 0, 0), new CpuProfile.SparseCost(1, 1, 1, 0, 0)));
        CpuProfile.SparseCost cost = new CpuProfile.SparseCost(1, 1, 1, 0, 0);
        assertEquals("singleStream: expected a fraction in (0, 1], got '0.0'", assertThrows(BadInputException.class,
                () -> new CpuProfile.Efficiency(0.8, 0.8, 0, 1.0, 0.5, cost, cost, cost, cost)).getMessage());
        assertThrows(BadInputException.class, () -> new WaferProfile.Pe(new Bytes(49152), Map.of(), 2, 1));
        assertThrows(BadInputException.class, () -> new WaferProfile.Pe(new Bytes(49152),
                Map.of(Precision.FP16, 0), 2, 1));
        assertEquals("citation: expected exactly one of 'citation' (a public source) or 'estimate' (the reasoning), "
                + "got ''", assertThrows(BadInputException.class, () -> new Source("clock", "1 GHz", null, " "))
                .getMessage());
        assertThrows(BadInputException.class, () -> new Source("clock", "1 GHz", "a", "b"));
    }

    @Test
    void describeShowsUnitsAsHumanStrings() {
        Map<String, Object> d = ProfileRegistry.describe(registry.get("cerebras-wse3"));
        @SuppressWarnings("unchecked")
        Map<String, Object> wafer = (Map<String, Object>) d.get("wafer");
        assertEquals("1.1 GHz", wafer.get("clock"));
        assertEquals(Map.of("bandwidth", "150 GB/s", "edgeChannels", 62), wafer.get("io"));
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) wafer.get("totals");
        assertEquals("125 PFLOP/s", totals.get("peak"));
        assertEquals("44 GB", totals.get("sram"));
    }
}
