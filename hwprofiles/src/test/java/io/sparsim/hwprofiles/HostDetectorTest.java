package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostDetectorTest {
    /** Two vCPUs of a Zen 4 EPYC (family 25), one core with SMT, as a cloud VM reports it. */
    private static final String ZEN4 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 17
            model name\t: AMD EPYC 9R14 96-Core Processor
            cpu MHz\t\t: 3699.998
            cache size\t: 1024 KB
            siblings\t: 2
            cpu cores\t: 1
            flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_vnni

            processor\t: 1
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model name\t: AMD EPYC 9R14 96-Core Processor
            flags\t\t: fpu sse sse2
            """;

    private static final String SAPPHIRE_RAPIDS = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 143
            model name\t: Intel(R) Xeon(R) Platinum 8480+ @ 2.00GHz
            cpu MHz\t\t: 3800.000
            siblings\t: 112
            cpu cores\t: 56
            flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512vl avx512_bf16 avx512_fp16 avx512_vnni amx_bf16 amx_tile amx_int8
            """;

    private static List<HostDetector.Cache> cachesOfTwoCpusSharingL3() {
        return List.of(
                new HostDetector.Cache(1, "Data", "32K", "0-1"),
                new HostDetector.Cache(1, "Instruction", "32K", "0-1"),
                new HostDetector.Cache(2, "Unified", "1024K", "0-1"),
                new HostDetector.Cache(3, "Unified", "32768K", "0-1"),
                new HostDetector.Cache(1, "Data", "32K", "0-1"),
                new HostDetector.Cache(1, "Instruction", "32K", "0-1"),
                new HostDetector.Cache(2, "Unified", "1024K", "0-1"),
                new HostDetector.Cache(3, "Unified", "32768K", "0-1"));
    }

    @Test
    void zen4RunsAvx512On256BitDatapathsAndCountsSharedL3Once() {
        CpuProfile p = HostDetector.detect(new HostDetector.Inputs(ZEN4, cachesOfTwoCpusSharingL3(),
                "MemTotal:       8052736 kB\nMemFree: 1 kB\n", null, 2));
        assertEquals("host", p.id());
        assertEquals("AMD EPYC 9R14 96-Core Processor (host, detected)", p.name());
        assertEquals(2, p.threadsPerCore());
        assertEquals(1, p.cores());
        assertEquals(256, p.simd().widthBits());
        assertEquals(32, p.flopsPerCycle(Precision.FP32));
        assertEquals(64, p.flopsPerCycle(Precision.BF16));
        assertEquals(128, p.flopsPerCycle(Precision.INT8));
        assertFalse(p.supports(Precision.FP16));
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_bf16",
                "avx512_vnni"), p.simd().isa());
        assertEquals(3.699998e9, p.clock().hertz(), 1);
        assertEquals(32 * 1024, p.caches().l1dPerCore().bytes());
        assertEquals(1024 * 1024, p.caches().l2PerCore().bytes());
        assertEquals(32.0 * 1024 * 1024, p.caches().l3Total().bytes());
        assertEquals(8052736.0 * 1024, p.memory().capacity().bytes());
        assertFalse(p.memory().channels().isPresent());
        assertEquals(26e9, p.memory().bandwidth().bytesPerSecond());
        Source bw = p.sourcesFor("memory.bandwidth").get(0);
        assertTrue(bw.isEstimate());
        assertTrue(bw.estimate().contains("measured on this project's dev machine")
                && bw.estimate().contains("not probed here"), bw.estimate());
        assertFalse(p.sourcesFor("caches.l3Total").get(0).isEstimate());
    }

    @Test
    void sapphireRapidsUsesAmxPeaksAndTheBaseClockInTheModelName() {
        CpuProfile p = HostDetector.detect(new HostDetector.Inputs(SAPPHIRE_RAPIDS, List.of(), null, "3800000\n", 112));
        assertEquals(2, p.threadsPerCore());
        assertEquals(56, p.cores());
        assertEquals(512, p.simd().widthBits());
        assertEquals(64, p.flopsPerCycle(Precision.FP32));
        assertEquals(1024, p.flopsPerCycle(Precision.BF16));
        assertEquals(128, p.flopsPerCycle(Precision.FP16));
        assertEquals(2048, p.flopsPerCycle(Precision.INT8));
        assertEquals(2e9, p.clock().hertz(), 1);
        assertEquals(3.8e9, p.boostClock().hertz(), 1);
        assertFalse(p.sourcesFor("boostClock").get(0).isEstimate());
        assertTrue(p.sourcesFor("caches.l1dPerCore").get(0).isEstimate(), "no sysfs data: fallback is an estimate");
    }

    @Test
    void missingFilesGiveAValidProfileWithEveryFallbackMarkedEstimate() {
        CpuProfile p = HostDetector.detect(new HostDetector.Inputs(null, null, null, null, 4));
        assertEquals(4, p.cores());
        assertEquals(1, p.threadsPerCore());
        assertEquals("unknown CPU (host, detected)", p.name());
        assertEquals(128, p.simd().widthBits());
        for (String path : List.of("threadsPerCore", "clock", "boostClock", "caches.l1dPerCore", "caches.l2PerCore",
                "caches.l3Total", "memory.capacity", "memory.bandwidth", "powerWatts", "simd.widthBits", "simd.isa")) {
            assertTrue(p.sourcesFor(path).stream().allMatch(Source::isEstimate), path);
            assertFalse(p.sourcesFor(path).isEmpty(), path);
        }
    }

    @Test
    void sysfsAndMeminfoSizesAreBinaryKilobytes() {
        assertEquals(48 * 1024, HostDetector.size("48K").bytes());
        assertEquals(2048 * 1024, HostDetector.size("2048K").bytes());
        assertEquals(1024 * 1024, HostDetector.size("1M").bytes());
        assertEquals(24683656.0 * 1024, HostDetector.size("  24683656 K").bytes());
        assertNull(HostDetector.size("lots"));
        assertNull(HostDetector.size(null));
    }

    @Test
    void detectingThisMachineWorks() {
        CpuProfile p = HostDetector.detectSystem();
        assertTrue(p.cores() >= 1);
        assertTrue(p.flopsPerCycle(Precision.FP32) >= 4);
        ProfileRegistry registry = ProfileRegistry.bundled();
        CpuProfile host = (CpuProfile) registry.get("host");
        // The registry's host is the detected one, with a committed calibration's efficiency when one matches.
        assertEquals(p.simd(), host.simd());
        assertEquals(p.cores(), host.cores());
        assertEquals(p.caches(), host.caches());
        if (registry.hostIsCalibrated()) {
            assertTrue(host.name().endsWith("(host, detected, calibrated)"), host.name());
            CpuProfile calibration = registry.calibrationFor(p.name().replace(HostDetector.NAME_SUFFIX, "")).orElseThrow();
            assertEquals(calibration.memory().bandwidth(), host.memory().bandwidth());
            assertEquals(calibration.efficiency(), host.efficiency());
        } else {
            assertEquals(p, host);
        }
    }

    @Test
    void calibrationIsFoundByCpuModelOnly() {
        ProfileRegistry registry = ProfileRegistry.bundled();
        assertTrue(registry.calibrationFor("Intel(R) Xeon(R) Processor").isPresent());
        assertTrue(registry.calibrationFor("AMD EPYC 9654 96-Core Processor").isEmpty());
        assertTrue(registry.calibrationFor(null).isEmpty());
    }
}
