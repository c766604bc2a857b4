package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsim.core.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host profile of each recorded machine (hosts/README.md) is built from its file tree exactly as on that
 * machine, validates, and round-trips through the loader: CI on one CPU covers the others.
 */
class HostFixturesTest {
    private static CpuProfile detect(String host) throws Exception {
        Path root = Path.of(HostFixturesTest.class.getResource("hosts/" + host).toURI());
        int nproc = Integer.parseInt(Files.readString(root.resolve("nproc")).strip());
        return HostDetector.detect(HostDetector.readSystem(root, nproc));
    }

    @ParameterizedTest
    @CsvSource({
        // folder,              model name,                                  cores, smt, width, fp32/cycle, L1d KiB, L2 KiB, L3 MiB, sysfs caches
        "intel-sapphire-rapids, Intel(R) Xeon(R) Processor,                 2, 1, 512, 64, 48, 2048, 480, true",
        "amd-zen4,              AMD EPYC 9R14 96-Core Processor,             1, 2, 256, 32, 32, 1024, 32,  true",
        "amd-zen5,              AMD EPYC,                                    2, 1, 512, 64, 48, 1024, 32,  false",
        "intel-broadwell-avx2,  Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz,   2, 2, 256, 32, 32, 256,  45,  true",
    })
    void eachRecordedHostBuildsAValidProfileThatRoundTrips(String host, String model, int cores, int smt,
            int widthBits, int fp32PerCycle, int l1dKiB, int l2KiB, int l3MiB, boolean sysfsCaches) throws Exception {
        CpuProfile p = detect(host);
        assertEquals(model + HostDetector.NAME_SUFFIX, p.name());
        assertEquals(cores, p.cores(), host);
        assertEquals(smt, p.threadsPerCore(), host);
        assertEquals(widthBits, p.simd().widthBits(), host);
        assertEquals(fp32PerCycle, p.flopsPerCycle(Precision.FP32), host);
        assertEquals(l1dKiB * 1024.0, p.caches().l1dPerCore().bytes(), host);
        assertEquals(l2KiB * 1024.0, p.caches().l2PerCore().bytes(), host);
        assertEquals(l3MiB * 1024.0 * 1024, p.caches().l3Total().bytes(), host);
        assertEquals(!sysfsCaches, p.sourcesFor("caches.l1dPerCore").get(0).isEstimate(), host);
        assertTrue(p.memory().capacity().bytes() > 1e9, host);

        // Every field has a source and every source names a field (what BundledProfilesTest asks of bundled ones).
        Map<String, Object> described = ProfileRegistry.describe(p);
        for (Source s : p.sources()) {
            assertFalse(p.sourcesFor(s.what()).isEmpty(), host + ": " + s.what());
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("schema", "sparsim/hwprofile/v1");
        file.putAll(described);
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(file);
        HardwareProfile again = ProfileRegistry.bundled().loadText(host + ".yaml", yaml);
        assertEquals(described, ProfileRegistry.describe(again), host);
    }

    @ParameterizedTest
    @CsvSource({"intel-sapphire-rapids, 1024, 128, 2048", "amd-zen4, 64, 0, 128", "amd-zen5, 128, 0, 256",
        "intel-broadwell-avx2, 0, 0, 0"})
    void lowPrecisionPeaksFollowTheFlags(String host, int bf16, int fp16, int int8) throws Exception {
        CpuProfile p = detect(host);
        for (var e : List.of(Map.entry(Precision.BF16, bf16), Map.entry(Precision.FP16, fp16),
                Map.entry(Precision.INT8, int8))) {
            assertEquals(e.getValue() > 0, p.supports(e.getKey()), host + " " + e.getKey());
            if (e.getValue() > 0) {
                assertEquals((double) e.getValue(), p.flopsPerCycle(e.getKey()), host + " " + e.getKey());
            }
        }
    }

    /**
     * The uncalibrated kernel costs come from the family the recorded cpuinfo names (cpu-families.yaml), cited in the
     * efficiency sources: a Zen 5 runs csr's M = 1 on scalar loads (four a cycle, 0.75 cycle a nonzero) where gathers
     * are microcoded; Sapphire Rapids on gathers (0.625 cycle an element); the AVX2-only Broadwell falls back to the
     * generic entry. A 256-bit datapath (Zen 4) pays its double-pumped FMA in the dense micro-kernel's peak, not in
     * its share of it, and in the panel kernels' per-vector cost only where throughput, not latency, binds.
     */
    @ParameterizedTest
    @CsvSource({"intel-sapphire-rapids, intel-avx512, 0.6875", "amd-zen4, amd-zen4, 1.0", "amd-zen5, amd-zen5, 0.75",
        "intel-broadwell-avx2, generic, 1.0938"})
    void uncalibratedCostsFollowTheFamilysDocumentedFigures(String host, String family, double csrGemv)
            throws Exception {
        CpuProfile p = detect(host);
        CpuProfile.Efficiency e = p.efficiency();
        assertEquals(csrGemv, e.csr().gemv(), 1e-3, host);
        Source csr = p.sourcesFor("efficiency.csr").get(0);
        assertTrue(csr.isEstimate() && csr.estimate().contains(family + " figures:"), host + ": " + csr.estimate());
        for (String field : List.of("efficiency.gemm", "efficiency.bitmask", "efficiency.nm", "efficiency.block")) {
            assertTrue(p.sourcesFor(field).get(0).estimate().contains(family + " figures:"), host + " " + field);
        }
        // The dense micro-kernel is FMA-bound on every family (24 FMAs against 11 loads and 8 broadcasts a k step).
        assertTrue(e.gemm() > 0.95 && e.gemm() < 1, host + " gemm " + e.gemm());
        // Bitmask's bit walk ends each mask word on mispredicted branches: its scan dwarfs csr's table read.
        assertTrue(e.bitmask().scan() > 10 * e.csr().scan(), host);
        // Block16's micro-kernel: 8 FMAs and 8 broadcasts per block row of 16 and 8-token tile.
        double fma = 512.0 / p.simd().widthBits() / p.simd().fmaPipesPerCore();
        assertTrue(e.block().vector() >= 8 * fma / 16 - 1e-12, host);
    }
}
