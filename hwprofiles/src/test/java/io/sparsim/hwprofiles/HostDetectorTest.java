package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
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
    void detectingThisMachineWorks(@TempDir Path userDir) {
        CpuProfile p = HostDetector.detectSystem();
        assertTrue(p.cores() >= 1);
        assertTrue(p.flopsPerCycle(Precision.FP32) >= 4);
        ProfileRegistry registry = ProfileRegistry.withCalibrations(new HostCalibrations(userDir, "1"));
        CpuProfile host = (CpuProfile) registry.get("host");
        // The registry's host is the detected one, with a committed calibration's efficiency when one matches.
        assertEquals(p.simd(), host.simd());
        assertEquals(p.cores(), host.cores());
        assertEquals(p.caches(), host.caches());
        if (registry.hostIsCalibrated()) {
            assertEquals(HostCalibrations.Kind.COMMITTED, registry.hostOrigin().kind());
            assertTrue(host.name().endsWith("(host, detected, calibrated)"), host.name());
            CpuProfile calibration = committedByFile(registry, registry.hostOrigin().where());
            assertEquals(calibration.memory().bandwidth(), host.memory().bandwidth());
            assertEquals(calibration.efficiency(), host.efficiency());
        } else {
            assertEquals(HostCalibrations.Kind.UNCALIBRATED, registry.hostOrigin().kind());
            assertProbed(registry.hostCpuKey(), p, host, userDir);
        }
    }

    @Test
    void committedCalibrationIsFoundByCpuKeyAndKernelsVersion(@TempDir Path userDir) {
        ProfileRegistry registry = ProfileRegistry.withCalibrations(new HostCalibrations(userDir, "1"));
        // The Intel calibration's files recorded no family or model: its name-only key stands for that name.
        assertTrue(registry.committedCalibrationFor("intel-xeon-processor").isPresent());
        assertTrue(registry.committedCalibrationFor("intel-xeon-processor-f6m143").isPresent());
        assertTrue(registry.committedCalibrationFor("intel-xeon-processor-plus-f6m143").isEmpty());
        assertTrue(registry.committedCalibrationFor("amd-epyc-9654-96-core-processor-f25m17").isEmpty());
        assertTrue(registry.committedCalibrationFor("amd-epyc-f26m2").isEmpty());
        assertTrue(registry.committedCalibrationFor(null).isEmpty());
        ProfileRegistry otherKernels = ProfileRegistry.withCalibrations(new HostCalibrations(userDir, "999"));
        assertTrue(otherKernels.committedCalibrationFor("intel-xeon-processor-f6m143").isEmpty(),
                "a calibration of other kernels must not apply");
    }

    /** What the kernel-path probe consults where csr's two paths tie: a committed or the user's calibration. */
    @Test
    void aCalibrationOfPathsIsFoundCommittedOrInTheUsersFolder(@TempDir Path userDir) throws Exception {
        assertTrue(ProfileRegistry.hasCalibration(null, "amd-epyc-f26m2", "3+csr-scalar+bitmask-expand"));
        assertTrue(!ProfileRegistry.hasCalibration(userDir, "amd-epyc-f26m2", "3+bitmask-expand"));
        assertTrue(!ProfileRegistry.hasCalibration(userDir, "amd-epyc-f25m17", "3+csr-scalar+bitmask-expand"));
        Path mine = new HostCalibrations(userDir, "3+bitmask-expand").userFile("amd-epyc-f26m2").orElseThrow();
        Files.createDirectories(userDir);
        Files.writeString(mine, "written by calibrate --host\n");
        assertTrue(ProfileRegistry.hasCalibration(userDir, "amd-epyc-f26m2", "3+bitmask-expand"));
    }

    /** The committed calibration listed under {@code file} in the index, for this machine's CPU key. */
    private static CpuProfile committedByFile(ProfileRegistry registry, String file) {
        String version = ProfileRegistry.calibrationIndex().stream().filter(e -> e.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no index line for " + file)).kernelsVersion();
        return registry.committedCalibrationFor(registry.hostCpuKey(), version).orElseThrow();
    }

    /**
     * Before the kernel-path probe has run, a fresh machine takes its CPU's committed calibration whatever paths it
     * was filed under, among those this JVM can run, those matching it first (the first Zen 5 one with the bitmask
     * expand path on a JVM that has expand, else the first without it); once the probe has chosen on this kind of
     * JVM, only a calibration of those paths.
     */
    @Test
    void beforeTheProbeAFreshMachineTakesItsCpusCommittedCalibration(@TempDir Path userDir) throws Exception {
        CpuProfile zen5 = HostDetector.detect(new HostDetector.Inputs(fixtureCpuinfo("amd-zen5"), List.of(), null,
                null, 2));
        HostDetector.Host host = new HostDetector.Host(zen5, "amd-epyc-f26m2");
        ProfileRegistry fresh = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host,
                new HostCalibrations(userDir, "3"));
        // Version 3 of the Zen 5 kernels has one calibration, filed under the expand path: a JVM with the Vector
        // API's expand takes it before its probe has run, one without expand cannot run those kernels.
        boolean expand = io.sparsim.kernels.KernelPaths.jvmHasVectorExpand();
        String expandFile = "amd-epyc-f26m2.kernels-3+csr-scalar+bitmask-expand.yaml";
        assertTrue(ProfileRegistry.calibrationIndex().stream().anyMatch(e -> e.file().equals(expandFile)));
        assertEquals(expand ? HostCalibrations.Kind.COMMITTED : HostCalibrations.Kind.UNCALIBRATED,
                fresh.hostOrigin().kind(), fresh.hostOrigin().describe());
        if (expand) {
            assertEquals(expandFile, fresh.hostOrigin().where());
        }
        Files.createDirectories(userDir);
        Path cache = userDir.resolve("amd-epyc-f26m2" + HostCalibrations.KERNEL_PATHS_SUFFIX);
        // A choice cached by the other kind of JVM does not count as probed here.
        Files.writeString(cache, "csrGemv=gather\nvectorExpand=" + (expand ? "no" : "yes") + "\n");
        assertEquals(fresh.hostOrigin().kind(), new ProfileRegistry(ProfileRegistry.readBundled(), () -> host,
                new HostCalibrations(userDir, "3")).hostOrigin().kind());
        Files.writeString(cache, HostCalibrations.pathsCacheText(io.sparsim.kernels.KernelPaths.DEFAULT, "test"));
        ProfileRegistry gather = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host,
                new HostCalibrations(userDir, "3"));
        assertEquals(HostCalibrations.Kind.UNCALIBRATED, gather.hostOrigin().kind(), "the probe chose other paths");
        ProfileRegistry probed = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host,
                new HostCalibrations(userDir, "3+csr-scalar+bitmask-expand"));
        assertEquals(HostCalibrations.Kind.COMMITTED, probed.hostOrigin().kind());
    }

    /**
     * The uncalibrated bitmask costs are those of the M = 1 path the kernels run: the walk pays per nonzero, the
     * expand path per 16 positions (Zen 5: one expand a cycle, so four blocks of max(1, two 0.5-cycle vector loads,
     * FMA latency 4 / 4 sums) and the word's 0.25-cycle load, 4.25 cycles a word).
     */
    @Test
    void uncalibratedBitmaskCostsFollowTheProbedPath() throws Exception {
        HostDetector.Inputs in = new HostDetector.Inputs(fixtureCpuinfo("amd-zen5"), List.of(), null, null, 2);
        io.sparsim.kernels.KernelPaths expand = io.sparsim.kernels.KernelPaths.DEFAULT
                .withBitmask(io.sparsim.kernels.KernelPaths.BitmaskGemv.EXPAND);
        CpuProfile.SparseCost walk = HostDetector.detect(in).efficiency().bitmask();
        CpuProfile.SparseCost expanded = HostDetector.detect(in, expand).efficiency().bitmask();
        assertEquals(4.25, expanded.scan(), 1e-9);
        assertEquals(0.5 / 16, expanded.gemv(), 1e-9);
        // At 70% a mask word holds ~19 nonzeros: the walk's per-word cost is several times the expand path's.
        assertTrue(walk.gemv() * 19 + walk.scan() > 4 * (expanded.gemv() * 19 + expanded.scan()), walk + " " + expanded);
        // Only the M = 1 costs differ.
        assertEquals(walk.chunk(), expanded.chunk());
        assertEquals(walk.vector(), expanded.vector());
        assertEquals(walk.visit(), expanded.visit());
    }

    /**
     * The kernel-path cache reads back what it wrote, its comment (the probe's figures, which name the paths again)
     * included; and a choice cached by a JVM of the other kind (with or without the Vector API's expand) is not
     * taken, so the probe runs again.
     */
    @Test
    void theKernelPathCacheReadsBackWhatItWrote(@TempDir Path dir) throws Exception {
        io.sparsim.kernels.KernelPaths paths = io.sparsim.kernels.KernelPaths.DEFAULT
                .withCsr(io.sparsim.kernels.KernelPaths.CsrGemv.SCALAR)
                .withBitmask(io.sparsim.kernels.KernelPaths.BitmaskGemv.WALK);
        Path file = dir.resolve("cpu" + HostCalibrations.KERNEL_PATHS_SUFFIX);
        Files.writeString(file, HostCalibrations.pathsCacheText(paths,
                paths.text() + " (M=1 on 4096x4096 at 70%, p10: csr gather 1.3 ms, csr scalar loads 1.1 ms)"));
        assertEquals(Optional.of(paths), HostCalibrations.cachedPaths(file));
        boolean expand = io.sparsim.kernels.KernelPaths.jvmHasVectorExpand();
        Files.writeString(file, paths.text() + "\nvectorExpand=" + (expand ? "no" : "yes") + "\n");
        assertEquals(Optional.empty(), HostCalibrations.cachedPaths(file), "cached by the other kind of JVM");
    }

    /** The recorded host's /proc/cpuinfo. */
    private static String fixtureCpuinfo(String host) throws Exception {
        return Files.readString(Path.of(HostDetectorTest.class.getResource("hosts/" + host + "/proc/cpuinfo").toURI()));
    }

    @Test
    void zen4AndZen5UnderOneGenericNameHaveTheirOwnCalibrationsAndProbes(@TempDir Path userDir) throws Exception {
        // A Zen 4 VM may call itself "AMD EPYC" too, as the Zen 5 one does.
        String zen4 = fixtureCpuinfo("amd-zen4").replace("AMD EPYC 9R14 96-Core Processor", "AMD EPYC");
        String zen5 = fixtureCpuinfo("amd-zen5");
        assertEquals("amd-epyc-f25m17", HostDetector.cpuKey(zen4));
        assertEquals("amd-epyc-f26m2", HostDetector.cpuKey(zen5));
        assertEquals("intel-xeon-processor-f6m143", HostDetector.cpuKey(fixtureCpuinfo("intel-sapphire-rapids")));
        assertEquals("amd-epyc", HostCalibrations.nameOfKey("amd-epyc-f26m2"));
        assertEquals("unknown-cpu", HostDetector.cpuKey(null));

        HostCalibrations calibrations = new HostCalibrations(userDir, "1");
        assertEquals(userDir.resolve("amd-epyc-f26m2.kernels-1.yaml"), calibrations.userFile("amd-epyc-f26m2")
                .orElseThrow());
        assertEquals(userDir.resolve("amd-epyc-f26m2.bandwidth"), calibrations.bandwidthCache("amd-epyc-f26m2")
                .orElseThrow());
        // A Zen 5 user calibration is not used on the Zen 4 machine.
        String text = new String(ProfileRegistry.class.getResourceAsStream(
                ProfileRegistry.CALIBRATIONS + "intel-xeon-processor.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Files.createDirectories(userDir);
        Files.writeString(calibrations.userFile("amd-epyc-f26m2").orElseThrow(), text);
        CpuProfile zen4Host = HostDetector.detect(new HostDetector.Inputs(zen4, List.of(), null, null, 2));
        CpuProfile zen5Host = HostDetector.detect(new HostDetector.Inputs(zen5, List.of(), null, null, 2));
        ProfileRegistry onZen5 = new ProfileRegistry(ProfileRegistry.readBundled(),
                () -> new HostDetector.Host(zen5Host, "amd-epyc-f26m2"), calibrations);
        assertEquals(HostCalibrations.Kind.USER, onZen5.hostOrigin().kind());
        ProfileRegistry onZen4 = new ProfileRegistry(ProfileRegistry.readBundled(),
                () -> new HostDetector.Host(zen4Host, "amd-epyc-f25m17"), calibrations);
        assertEquals(HostCalibrations.Kind.UNCALIBRATED, onZen4.hostOrigin().kind());
        assertTrue(onZen4.hostOrigin().describe().contains("amd-epyc-f25m17"), onZen4.hostOrigin().describe());
    }

    @Test
    void hostTakesTheUsersCalibrationThenACommittedOneThenNone(@TempDir Path userDir) throws Exception {
        CpuProfile intel = HostDetector.detect(new HostDetector.Inputs(SAPPHIRE_RAPIDS.replace(
                "Intel(R) Xeon(R) Platinum 8480+ @ 2.00GHz", "Intel(R) Xeon(R) Processor"), List.of(), null, null, 2));
        String key = "intel-xeon-processor-f6m143";
        HostDetector.Host host = new HostDetector.Host(intel, key);
        HostCalibrations calibrations = new HostCalibrations(userDir, "1");
        ProfileRegistry committed = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host, calibrations);
        assertEquals(HostCalibrations.Kind.COMMITTED, committed.hostOrigin().kind());
        assertEquals("intel-xeon-processor.yaml", committed.hostOrigin().where());
        // What people see names the calibration and the measurement set it was fitted on.
        String origin = committed.hostOrigin().describe();
        assertTrue(origin.startsWith("committed calibration intel-xeon-processor.yaml (fitted by 'sparsim "
                + "calibrate' on the measurement set validation/measurements/intel-xeon-processor-calibration.set "
                + "(3 files)"), origin);
        CpuProfile fromCommitted = (CpuProfile) committed.get("host");

        // The user's calibration: the committed one with another gemm efficiency and its own account.
        String text = new String(ProfileRegistry.class.getResourceAsStream(
                ProfileRegistry.CALIBRATIONS + "intel-xeon-processor.yaml").readAllBytes(), StandardCharsets.UTF_8);
        String user = text.replaceFirst("gemm: [0-9.]+", "gemm: 0.5")
                .replaceFirst("citation: \"fitted by 'sparsim calibrate' on", "citation: \"fitted by 'sparsim calibrate"
                        + " --host' at 2026-12-06T05:00Z, train MAPE 2.0%, held-out MAPE 3.0%, on");
        Path file = calibrations.userFile(key).orElseThrow();
        assertEquals(userDir.resolve("intel-xeon-processor-f6m143.kernels-1.yaml"), file);
        Files.createDirectories(file.getParent());
        Files.writeString(file, user);
        ProfileRegistry withUser = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host, calibrations);
        assertEquals(HostCalibrations.Kind.USER, withUser.hostOrigin().kind());
        assertTrue(withUser.hostOrigin().describe().contains("held-out MAPE 3.0%"), withUser.hostOrigin().describe());
        assertEquals(0.5, ((CpuProfile) withUser.get("host")).efficiency().gemm());
        assertEquals(fromCommitted.efficiency().csr(), ((CpuProfile) withUser.get("host")).efficiency().csr());

        ProfileRegistry newKernels = new ProfileRegistry(ProfileRegistry.readBundled(), () -> host,
                new HostCalibrations(userDir, "2"));
        assertEquals(HostCalibrations.Kind.UNCALIBRATED, newKernels.hostOrigin().kind());
        assertProbed(key, intel, (CpuProfile) newKernels.get("host"), userDir);
    }

    /** The uncalibrated host: the detected profile with DRAM at the probed rates, the probe cached in the folder. */
    private static void assertProbed(String key, CpuProfile detected, CpuProfile host, Path userDir) {
        assertEquals(detected.simd(), host.simd());
        assertEquals(detected.caches(), host.caches());
        assertEquals(detected.efficiency().csr(), host.efficiency().csr());
        assertEquals(1.0, host.efficiency().memory());
        assertTrue(host.efficiency().singleStream() > 0 && host.efficiency().singleStream() <= 1);
        Source bw = host.sourcesFor("memory.bandwidth").get(0);
        assertFalse(bw.isEstimate());
        assertTrue(bw.citation().startsWith("probed on this machine at first use"), bw.citation());
        assertTrue(bw.citation().contains(userDir.toString()), bw.citation());
        assertTrue(host.memory().bandwidth().bytesPerSecond() > 1e9, host.memory().bandwidth().format());
        assertTrue(Files.isRegularFile(userDir.resolve(key + ".bandwidth")));
    }

    @Test
    void aCachedProbeIsReadBackAndAnUnreadableOneIsProbedAgain(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cpu.bandwidth");
        BandwidthProbe.Result r = new BandwidthProbe.Result(3e10, 4e10, 2, 256L << 20, "2026-12-06T05:00:00Z");
        BandwidthProbe.write(cache, r);
        assertEquals(r, BandwidthProbe.read(cache).orElseThrow());
        assertEquals(r, BandwidthProbe.cachedOrRun(java.util.Optional.of(cache), 2, 1e6));
        Files.writeString(cache, "oneStreamBytesPerSecond=fast\n");
        assertTrue(BandwidthProbe.read(cache).isEmpty());
        assertEquals(256L << 20, BandwidthProbe.bufferBytes(32 << 20));
        assertEquals(960L << 20, BandwidthProbe.bufferBytes(480.0 * (1 << 20)));
        assertEquals(1L << 30, BandwidthProbe.bufferBytes(600.0 * (1 << 20)));
    }

    @Test
    void theClockProbeTimesAnImulChainAndIsCachedLikeTheBandwidthProbe(@TempDir Path dir) throws Exception {
        ClockProbe.Result probed = ClockProbe.run(1);
        // Any x86-64 server core runs between 1 and 6 GHz; a probe off by the imul latency (1 or 3 cycles) or by
        // a JIT that folded the chain would land outside.
        assertTrue(probed.hertz() > 1e9 && probed.hertz() < 6e9, probed.describe());
        Path cache = dir.resolve("cpu.clock");
        ClockProbe.Result r = new ClockProbe.Result(3.2e9, 2, "2026-12-06T05:00:00Z");
        ClockProbe.write(cache, r);
        assertEquals(r, ClockProbe.read(cache).orElseThrow());
        assertEquals(r, ClockProbe.cachedOrRun(java.util.Optional.of(cache), 2));
        Files.writeString(cache, "hertz=fast\n");
        assertTrue(ClockProbe.read(cache).isEmpty());
    }

    @Test
    void aProbedClockAboveTheReportedOneRaisesTheBoostClockToo() {
        CpuProfile detected = HostDetector.detect(new HostDetector.Inputs(
                "model name\t: AMD EPYC\nflags\t: avx2 fma avx512f\ncpu MHz\t: 2096.0\n", List.of(), null, null, 2));
        CpuProfile probed = HostDetector.withProbe(detected, new BandwidthProbe.Result(3e10, 4e10, 2, 256L << 20,
                "t"), new ClockProbe.Result(3.4e9, 2, "t"), "in a test");
        assertEquals(3.4e9, probed.sustainedClock().hertz(), 1);
        assertEquals(3.4e9, probed.boostClock().hertz(), 1);
        assertEquals(2.096e9, probed.clock().hertz(), 1e3);
        assertEquals(2 * 64 * 3.4e9, probed.sustainedPeak(io.sparsim.core.Precision.FP32).flopsPerSecond(), 1e3);
        assertFalse(probed.sourcesFor("sustainedClock").get(0).isEstimate());
    }

    @Test
    void userFolderFollowsXdgDataHomeThenHome() {
        assertEquals(Path.of("/x/sparsim/calibrations"), HostCalibrations.userDir(Map.of("XDG_DATA_HOME", "/x",
                "HOME", "/h")));
        assertEquals(Path.of("/h/.local/share/sparsim/calibrations"), HostCalibrations.userDir(Map.of("HOME", "/h")));
        assertEquals(null, HostCalibrations.userDir(Map.of()));
        assertEquals("intel-xeon-processor", HostCalibrations.slug("Intel(R) Xeon(R) Processor"));
        assertEquals("amd-epyc", HostCalibrations.slug("AMD EPYC"));
    }
}
