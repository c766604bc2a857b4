package io.sparsim.hwprofiles;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.Frequency;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code host} CPU profile from Linux system files. {@link #detect(Inputs)} is pure (file
 * contents in, profile out) so it is tested with fixture text; {@link #readSystem()} is the only part
 * that touches the machine. Anything it cannot read falls back to a value marked {@code estimate}.
 */
public final class HostDetector {
    /** Appended to the detected CPU model to make the host profile's name. */
    static final String NAME_SUFFIX = " (host, detected)";

    /** Extensions worth reporting, in this order, when /proc/cpuinfo lists them. */
    private static final List<String> ISA = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_bf16", "avx512_fp16", "avx512_vnni", "avx_vnni", "amx_tile", "amx_bf16",
            "amx_int8", "asimd", "sve", "sve2", "bf16", "i8mm");
    private static final Pattern GHZ_IN_NAME = Pattern.compile("@\\s*([0-9.]+)\\s*GHz");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?)");
    private static final String DETECTED = "detected on this machine: ";

    private HostDetector() {
    }

    /**
     * What detection reads.
     *
     * @param cpuinfo             /proc/cpuinfo text, or null
     * @param caches              /sys/devices/system/cpu/cpu{@literal *}/cache/index{@literal *} entries (any CPUs)
     * @param meminfo             /proc/meminfo text, or null
     * @param maxFrequencyKhz     /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq text, or null
     * @param availableProcessors {@code Runtime.availableProcessors()}
     */
    public record Inputs(String cpuinfo, List<Cache> caches, String meminfo, String maxFrequencyKhz,
            int availableProcessors) {
        public Inputs {
            caches = caches == null ? List.of() : List.copyOf(caches);
        }
    }

    /** One sysfs cache entry: {@code level}, {@code type}, {@code size} (e.g. "48K"), {@code shared_cpu_list}. */
    public record Cache(int level, String type, String size, String sharedCpuList) {
    }

    /** Reads this machine's files (missing ones become null) and detects. */
    public static CpuProfile detectSystem() {
        return detect(readSystem());
    }

    /** A detected host and the key its calibrations and cached probes are filed under. */
    public record Host(CpuProfile profile, String cpuKey) {
    }

    /** This machine's profile, its uncalibrated costs those of the kernels' {@code paths}, and calibration key. */
    public static Host detectSystemHost(KernelPaths paths) {
        Inputs in = readSystem();
        return new Host(detect(in, paths), cpuKey(in.cpuinfo()));
    }

    /**
     * The calibration key of the CPU /proc/cpuinfo text describes: {@link HostCalibrations#key} of its model name,
     * cpu family and model number.
     */
    public static String cpuKey(String cpuinfo) {
        Map<String, String> info = firstProcessor(cpuinfo);
        return HostCalibrations.key(info.getOrDefault("model name", info.get("Processor")),
                integer(info.get("cpu family")), integer(info.get("model")));
    }

    public static Inputs readSystem() {
        return readSystem(Path.of("/"), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads the detection inputs from a file tree laid out as Linux's: {@code root/proc/cpuinfo},
     * {@code root/proc/meminfo}, {@code root/sys/devices/system/cpu/cpuN/...}. The root is {@code /} on a real
     * host; tests point it at recorded trees of other machines.
     */
    public static Inputs readSystem(Path root, int availableProcessors) {
        List<Cache> caches = new ArrayList<>();
        Path cpus = root.resolve("sys/devices/system/cpu");
        for (int cpu = 0; cpu < 1024; cpu++) {
            Path dir = cpus.resolve("cpu" + cpu).resolve("cache");
            if (!Files.isDirectory(dir)) {
                break;
            }
            for (int index = 0; index < 16; index++) {
                Path idx = dir.resolve("index" + index);
                String level = read(idx.resolve("level"));
                if (level == null) {
                    break;
                }
                try {
                    caches.add(new Cache(Integer.parseInt(level.strip()), strip(read(idx.resolve("type"))),
                            strip(read(idx.resolve("size"))), strip(read(idx.resolve("shared_cpu_list")))));
                } catch (NumberFormatException e) {
                    // an unreadable entry is skipped; the cache falls back to an estimate
                }
            }
        }
        return new Inputs(read(root.resolve("proc/cpuinfo")), caches, read(root.resolve("proc/meminfo")),
                read(cpus.resolve("cpu0/cpufreq/cpuinfo_max_freq")), availableProcessors);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** Pure detection from file contents, with the costs of the kernels' default paths. */
    public static CpuProfile detect(Inputs in) {
        return detect(in, KernelPaths.DEFAULT);
    }

    /** Pure detection from file contents; the uncalibrated costs are those of the kernels running {@code paths}. */
    public static CpuProfile detect(Inputs in, KernelPaths paths) {
        Map<String, String> info = firstProcessor(in.cpuinfo());
        List<Source> sources = new ArrayList<>();
        String model = info.getOrDefault("model name", info.get("Processor"));
        String vendor = info.getOrDefault("vendor_id", "");
        Set<String> flags = new LinkedHashSet<>(List.of(
                info.getOrDefault("flags", info.getOrDefault("Features", "")).split("\\s+")));
        String name = (model == null ? "unknown CPU" : model) + NAME_SUFFIX;

        int threadsPerCore = 1;
        Integer siblings = integer(info.get("siblings"));
        Integer perPackage = integer(info.get("cpu cores"));
        if (siblings != null && perPackage != null && perPackage > 0 && siblings % perPackage == 0) {
            threadsPerCore = Math.max(1, siblings / perPackage);
            sources.add(Source.cited("threadsPerCore", Integer.toString(threadsPerCore),
                    DETECTED + "/proc/cpuinfo siblings / cpu cores"));
        } else {
            sources.add(Source.estimated("threadsPerCore", "1",
                    "/proc/cpuinfo has no siblings / cpu cores; assume no SMT"));
        }
        int logical = Math.max(1, in.availableProcessors());
        int cores = Math.max(1, logical / threadsPerCore);
        sources.add(Source.cited("cores", Integer.toString(cores),
                DETECTED + "Runtime.availableProcessors() = " + logical + " / threadsPerCore"));

        Frequency clock = clock(info, model, sources);
        Frequency boost = clock;
        Integer maxKhz = integer(in.maxFrequencyKhz() == null ? null : in.maxFrequencyKhz().strip());
        if (maxKhz != null && maxKhz * 1e3 >= clock.hertz()) {
            boost = new Frequency(maxKhz * 1e3);
            sources.add(Source.cited("boostClock", boost.format(), DETECTED + "cpufreq cpuinfo_max_freq"));
        } else {
            sources.add(Source.estimated("boostClock", boost.format(),
                    "no cpufreq data (typical in a VM); assume the reported clock"));
        }
        sources.add(Source.estimated("sustainedClock", clock.format(),
                "assume the reported clock holds under all-core SIMD load; calibrate with the CPU backend"));

        CpuProfile.Simd simd = simd(flags, vendor, integer(info.get("cpu family")), sources);
        Map<Precision, Double> flops = flops(simd, sources);
        CpuProfile.Caches caches = caches(in.caches(), info, vendor.equals("AuthenticAMD"),
                integer(info.get("cpu family")), sources);
        CpuProfile.Memory memory = memory(in.meminfo(), sources);

        double wattsPerCore = vendor.equals("AuthenticAMD") ? 360.0 / 96 : 350.0 / 56;
        double watts = cores * wattsPerCore;
        sources.add(Source.estimated("powerWatts", Check.number(watts) + " W",
                "a VM cannot read its power; per-core share of a server socket's TDP ("
                        + (vendor.equals("AuthenticAMD") ? "EPYC 9654: 360 W / 96 cores"
                                : "Xeon 8480+: 350 W / 56 cores")
                        + ", vendor product page) x cores"));

        CpuFamily family = CpuFamily.of(vendor, integer(info.get("cpu family")), flags);
        Costs costs = new Costs(simd, family, paths);
        sources.addAll(costs.sources());
        return new CpuProfile(ProfileRegistry.HOST, name, sources, cores, threadsPerCore, clock, boost, clock, simd,
                flops, caches, memory, watts, costs.efficiency());
    }

    /**
     * The uncalibrated kernel costs of a CPU with {@code simd} of an unknown family ({@link CpuFamily#generic}), before
     * any bandwidth probe: what a calibration starts from, the same on every machine that computes it.
     */
    public static CpuProfile.Efficiency uncalibratedEfficiency(CpuProfile.Simd simd) {
        return new Costs(simd, CpuFamily.generic(), KernelPaths.DEFAULT).efficiency();
    }

    /**
     * The per-element costs of Sparsim's CPU kernels on a CPU with {@code simd} of {@code family}, derived from the
     * kernels' inner loops and the family's documented instruction figures ({@link CpuFamily}, cpu-families.yaml,
     * each cited); {@code sparsim calibrate --host} replaces them with a fit on this machine. A 512-bit op takes
     * {@code 512 / simd.widthBits} passes; an FMA {@code passes / simd.fmaPipesPerCore} cycles at throughput.
     */
    record Costs(CpuProfile.Simd simd, CpuFamily family, KernelPaths paths) {
        /** Cycles of one 512-bit FMA at throughput. */
        double fma() {
            return 512.0 / simd.widthBits() / simd.fmaPipesPerCore();
        }

        /** Cycles of one 512-bit load at throughput. */
        double vectorLoad() {
            return 1 / family.vectorLoadsPerCycle();
        }

        double scalarLoad() {
            return 1 / family.scalarLoadsPerCycle();
        }

        /** Cycles of one 512-bit shuffle, permute or broadcast from a register at throughput. */
        double shuffle() {
            return 1 / family.shufflesPerCycle();
        }

        /**
         * Per nonzero per 16 tokens on the token-panel path: the four accumulator chains of a 64-token chunk each
         * advance once per nonzero, so an FMA's latency spreads over four vectors, unless FMA or load throughput binds.
         */
        double panelVector() {
            return Math.max(family.fmaLatencyCycles() / 4, Math.max(fma(), vectorLoad()));
        }

        /**
         * Per nonzero per token chunk: its value's line from L2 (one line a cycle; the sliced and blocked layouts put
         * a column's consecutive values on lines of their own), two scalar loads (index or position, value) and the
         * value's broadcast to a vector.
         */
        double panelChunk() {
            return 1 + 2 * scalarLoad() + shuffle();
        }

        /** Per column k-block visit: four accumulator loads and four stores, and a mispredicted loop exit. */
        double visit() {
            return family.branchMispredictCycles() + 8 * vectorLoad();
        }

        /**
         * The dense micro-kernel's share of the FMA peak: per k step (8x32 tile) 16 FMAs against 2 vector and 8 scalar
         * loads and 8 broadcasts, plus its accumulator tile reloaded and stored once per 192-step k-block.
         */
        double gemm() {
            int vectors = KernelGeometry.DENSE_PANEL_COLUMNS / KernelGeometry.LANES;
            int tile = KernelGeometry.TOKEN_TILE;
            int fmas = tile * vectors;
            double step = Math.max(fmas * fma(), Math.max(vectors * vectorLoad() + tile * scalarLoad(),
                    tile * shuffle()));
            return fmas * fma() / (step + 2.0 * fmas * vectorLoad() / KernelGeometry.DENSE_K_BLOCK);
        }

        CpuProfile.SparseCost csr() {
            // M = 1: the cheaper of the two probed paths (the kernel-path probe runs the faster): three scalar loads
            // (index, activation, value) per nonzero, or a hardware gather per element plus a value and index load a 16.
            double gemv = Math.min(3 * scalarLoad(),
                    family.gatherCyclesPerElement() + (vectorLoad() + scalarLoad()) / 16);
            return new CpuProfile.SparseCost(gemv, panelChunk(), panelVector(), scalarLoad(), visit());
        }

        CpuProfile.SparseCost bitmask() {
            double gemv;
            double scan;
            if (paths.bitmaskGemv() == KernelPaths.BitmaskGemv.EXPAND) {
                // M = 1 expand path, per mask word (64 positions) four 16-lane blocks, each an expand, a value and an
                // activation vector load and an FMA into one of four sums (FMA latency / 4 a block), plus the word's
                // scalar load. Per nonzero nothing but its value's share of a line: 1/16 of a vector load.
                gemv = vectorLoad() / KernelGeometry.LANES;
                scan = 4 * Math.max(Math.max(family.expandCycles(), 2 * vectorLoad()),
                        Math.max(family.fmaLatencyCycles() / 4, 2.0 / family.vectorPipes())) + scalarLoad();
            } else {
                // M = 1 walk: per set bit a tzcnt/blsr step (1-cycle chain), two loads, and an add into one of two
                // sums.
                gemv = Math.max(Math.max(family.faddLatencyCycles() / 2, 1), 2 * scalarLoad());
                // Per mask word (64 positions) its load and a bit walk with two data-dependent exits (the loop test
                // and the break between the two sums), either of which ends the word mispredicted.
                scan = 2 * family.branchMispredictCycles() + scalarLoad();
            }
            // Token chunks: before the FMA loop a decode pass turns each set bit into a panel offset (one step of the
            // 1-cycle tzcnt/blsr chain and a store the FMA loop loads back).
            double chunk = panelChunk() + 1 + scalarLoad();
            return new CpuProfile.SparseCost(gemv, chunk, panelVector(), scan, visit());
        }

        CpuProfile.SparseCost nm() {
            // Row path, per nonzero per token: per 16 (one slot of a group) a permute and an FMA, half an activation
            // load and the positions' broadcast, shift and mask: five vector ops on the vector pipes, two of them
            // (permute, broadcast) on the shuffle pipes.
            double gemv = Math.max(5.0 / family.vectorPipes(), 2 * shuffle()) / KernelGeometry.LANES;
            return new CpuProfile.SparseCost(gemv, panelChunk(), panelVector(), 0, visit());
        }

        CpuProfile.SparseCost block() {
            // GEMV: per block row (16 nonzeros) one FMA on one of two accumulator chains, one load, one broadcast.
            double gemv = Math.max(family.fmaLatencyCycles() / 2, Math.max(fma(), vectorLoad())) / KernelGeometry.LANES;
            // Micro-kernel, per nonzero per 8-token tile: 8 FMAs and 8 token broadcasts a block row of 16 (8
            // independent accumulators).
            return new CpuProfile.SparseCost(gemv, 0, 8 * Math.max(fma(), shuffle()) / KernelGeometry.LANES, 0,
                    visit());
        }

        CpuProfile.Efficiency efficiency() {
            return new CpuProfile.Efficiency(gemm(), 0.8, 1.0, 1.0, 0.5, csr(), bitmask(), nm(), block());
        }

        List<Source> sources() {
            String f = family.id();
            String figures = String.format(Locale.ROOT, "%s figures: FMA latency %s, FADD latency %s, %s 512-bit and "
                    + "%s scalar loads a cycle, %s vector ops and %s shuffles a cycle, gather %s cycles an element, "
                    + "expand %s cycles, mispredict %s cycles (sources: %s)", f, n(family.fmaLatencyCycles()),
                    n(family.faddLatencyCycles()), n(family.vectorLoadsPerCycle()), n(family.scalarLoadsPerCycle()),
                    n(family.vectorPipes()), n(family.shufflesPerCycle()), n(family.gatherCyclesPerElement()),
                    n(family.expandCycles()), n(family.branchMispredictCycles()),
                    String.join("; ", family.sources().values()));
            String fmaWhy = "512 / simd.widthBits / simd.fmaPipesPerCore = " + n(fma()) + " cycle an FMA";
            return List.of(
                Source.estimated("efficiency.gemm", n(gemm()), "derived: the 8x32 micro-kernel's 16 FMAs a k step ("
                        + fmaWhy + ") against its 2 vector and 8 broadcast loads, its accumulator tile reloaded once "
                        + "per 192-step k-block; " + figures),
                Source.estimated("efficiency.memory", "0.8",
                        "streaming reads typically reach ~80% of DRAM peak; the probe replaces it"),
                Source.estimated("efficiency.singleStream", "1", "one weight stream per thread assumed to reach the "
                        + "same rate as several; the probe replaces it"),
                Source.estimated("efficiency.gemmStream", "1", "the dense register-blocked GEMM assumed to stream "
                        + "its weight as fast as the GEMV (no figure documents the burst); calibrate"),
                Source.estimated("efficiency.overlap", "0.5", "hardware prefetch hides about half of the shorter of "
                        + "compute and memory time in the sparse kernels (no figure documents it); calibrate"),
                Source.estimated("efficiency.csr", costText(csr()), "derived: M = 1 the cheaper of 3 scalar loads and "
                        + "a gather element per nonzero; per nonzero and token chunk one L2 line, 2 scalar loads and "
                        + "a broadcast; "
                        + "per 16 tokens FMA latency / 4 (four accumulator chains) or FMA/load throughput; a granule "
                        + "table read per 64 rows; per column k-block visit 8 vector loads/stores and a mispredict; "
                        + figures),
                Source.estimated("efficiency.bitmask", costText(bitmask()), "derived: M = 1 "
                        + (paths.bitmaskGemv() == KernelPaths.BitmaskGemv.EXPAND
                                ? "(expand path) per mask word four 16-row blocks, each the largest of an expand, two "
                                        + "vector loads, FMA latency / 4 (four sums) and two vector ops on the vector "
                                        + "pipes, and the word's load; per nonzero 1/16 of a vector load"
                                : "(walk) per set bit the larger of FADD latency / 2 (two sums), the 1-cycle blsr "
                                        + "chain and 2 scalar loads; per mask word two data-dependent loop exits, "
                                        + "either mispredicted")
                        + "; token chunks as csr plus a decode step and its store; visits as csr; " + figures),
                Source.estimated("efficiency.nm", costText(nm()), "derived: row path 5 vector ops per 16 nonzeros "
                        + "per token (permute, FMA, activation load, position decode) on the vector pipes; token "
                        + "chunks and visits as csr; " + figures),
                Source.estimated("efficiency.block", costText(block()), "derived: GEMV one FMA per block row on two "
                        + "accumulator chains (FMA latency / 2 per 16 nonzeros); micro-kernel 8 FMAs per block row "
                        + "and 8-token tile (" + fmaWhy + "); per block column and tile 8 accumulator stores and a "
                        + "mispredicted loop exit; " + figures));
        }

        private static String costText(CpuProfile.SparseCost c) {
            return "gemv " + n(c.gemv()) + ", chunk " + n(c.chunk()) + ", vector " + n(c.vector()) + ", scan "
                    + n(c.scan()) + ", visit " + n(c.visit());
        }

        private static String n(double v) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
    }

    /**
     * The detected profile with DRAM read at the probed rates: the bandwidth is what four streams a thread read
     * (as csr, bitmask and 2:4 do), so {@code efficiency.memory} is 1, and one stream a thread reads
     * {@code efficiency.singleStream} of it; and the cores at the probed all-core clock. {@code where} says where the
     * probes are cached.
     */
    public static CpuProfile withProbe(CpuProfile detected, BandwidthProbe.Result probe, ClockProbe.Result clock,
            String where) {
        Bandwidth several = new Bandwidth(probe.severalStreamsBytesPerSecond());
        double single = Math.min(1, probe.oneStreamBytesPerSecond() / probe.severalStreamsBytesPerSecond());
        CpuProfile.Efficiency e = detected.efficiency();
        CpuProfile.Efficiency probed = new CpuProfile.Efficiency(e.gemm(), 1, single, e.gemmStream(), e.overlap(),
                e.csr(), e.bitmask(), e.nm(), e.block());
        List<Source> kept = new ArrayList<>();
        for (Source s : detected.sources()) {
            if (s.what().startsWith("efficiency") && !s.what().equals("efficiency.memory")
                    && !s.what().equals("efficiency.singleStream")) {
                kept.add(s);
            }
        }
        kept.add(Source.cited("efficiency.memory", "1", DETECTED + "memory.bandwidth is the probe's four-stream rate, "
                + "the way the sparse kernels read"));
        kept.add(Source.cited("efficiency.singleStream", Check.number(single), DETECTED + "the probe's one-stream "
                + "rate over its four-stream rate"));
        Frequency hz = new Frequency(clock.hertz());
        return detected.withEfficiency(detected.name(), probed, kept).withMemoryBandwidth(several, Source.cited(
                "memory.bandwidth", several.format(), "probed on this machine at first use: " + probe.describe()
                        + "; " + where)).withSustainedClock(hz, Source.cited("sustainedClock", hz.format(),
                "probed on this machine at first use: " + clock.describe() + "; " + where));
    }


    private static Frequency clock(Map<String, String> info, String model, List<Source> sources) {
        if (model != null) {
            Matcher m = GHZ_IN_NAME.matcher(model);
            if (m.find()) {
                Frequency f = Frequency.parse(m.group(1) + " GHz", "clock");
                sources.add(Source.cited("clock", f.format(),
                        DETECTED + "base clock in the model name '" + model + "'"));
                return f;
            }
        }
        Double mhz = decimal(info.get("cpu MHz"));
        if (mhz != null && mhz > 0) {
            Frequency f = new Frequency(mhz * 1e6);
            sources.add(Source.cited("clock", f.format(),
                    DETECTED + "/proc/cpuinfo 'cpu MHz' (current clock; the base clock is not exposed)"));
            return f;
        }
        Frequency f = new Frequency(2e9);
        sources.add(Source.estimated("clock", f.format(),
                "/proc/cpuinfo reports no clock; 2 GHz is a typical server base clock"));
        return f;
    }

    private static CpuProfile.Simd simd(Set<String> flags, String vendor, Integer family, List<Source> sources) {
        List<String> isa = ISA.stream().filter(flags::contains).toList();
        if (isa.isEmpty()) {
            sources.add(Source.estimated("simd.isa", "none tracked",
                    "no SIMD extensions found in /proc/cpuinfo flags (missing or unfamiliar); baseline SIMD assumed"));
        } else {
            sources.add(Source.cited("simd.isa", String.join(" ", isa), DETECTED + "/proc/cpuinfo flags"));
        }
        int width;
        String why;
        if (flags.contains("avx512f")) {
            boolean zen4 = vendor.equals("AuthenticAMD") && family != null && family == 25;
            width = zen4 ? 256 : 512;
            why = zen4 ? "AMD family 25 (Zen 4) runs AVX-512 on 256-bit datapaths (docs/references.md, EPYC 9654)"
                    : "avx512f in flags: 512-bit datapath assumed";
        } else if (flags.contains("avx2") || flags.contains("avx")) {
            width = 256;
            why = "AVX/AVX2 in flags: 256-bit datapath";
        } else {
            width = 128;
            why = "no AVX in flags: 128-bit SIMD (SSE / NEON) assumed";
        }
        sources.add(Source.estimated("simd.widthBits", Integer.toString(width), why));
        boolean fma = flags.contains("fma") || flags.contains("avx512f") || flags.contains("asimd");
        int pipes = fma ? 2 : 1;
        sources.add(Source.estimated("simd.fmaPipesPerCore", Integer.toString(pipes), fma
                ? "two FMA pipes is the norm for server cores since Haswell / Zen (some Xeon Silver parts have one)"
                : "no FMA in flags: one multiply-add path assumed"));
        return new CpuProfile.Simd(width, isa, pipes);
    }

    private static Map<Precision, Double> flops(CpuProfile.Simd simd, List<Source> sources) {
        Map<Precision, Double> flops = new EnumMap<>(Precision.class);
        double fp32 = simd.fp32FlopsPerCycle();
        flops.put(Precision.FP32, fp32);
        sources.add(Source.estimated("flopsPerCyclePerCore.fp32", Check.number(fp32),
                "derived: 2 x widthBits/32 x fmaPipesPerCore"));
        if (simd.has("amx_bf16")) {
            put(flops, sources, Precision.BF16, 1024,
                    "AMX: a 16x32 by 32x16 bf16 tile product (8192 MACs) per 16 cycles");
        } else if (simd.has("avx512_bf16")) {
            put(flops, sources, Precision.BF16, 2 * fp32, "vdpbf16ps: two bf16 products per fp32 lane: 2x fp32");
        }
        if (simd.has("avx512_fp16")) {
            put(flops, sources, Precision.FP16, 2 * fp32, "AVX512-FP16: twice the fp32 lanes per vector");
        }
        if (simd.has("amx_int8")) {
            put(flops, sources, Precision.INT8, 2048, "AMX: int8 tile products at twice the bf16 rate");
        } else if (simd.has("avx512_vnni") || simd.has("avx_vnni")) {
            put(flops, sources, Precision.INT8, 4 * fp32, "VNNI vpdpbusd: four int8 products per 32-bit lane: 4x fp32");
        }
        return flops;
    }

    private static void put(Map<Precision, Double> flops, List<Source> sources, Precision p, double v, String why) {
        flops.put(p, v);
        sources.add(Source.estimated("flopsPerCyclePerCore." + p.id(), Check.number(v), why));
    }

    private static CpuProfile.Caches caches(List<Cache> entries, Map<String, String> info, boolean amd, Integer family,
            List<Source> sources) {
        Bytes l1 = null;
        Bytes l2 = null;
        Map<String, Double> l3Instances = new LinkedHashMap<>();
        for (Cache c : entries) {
            Bytes size = size(c.size());
            if (size == null || c.type() == null) {
                continue;
            }
            String type = c.type().toLowerCase(Locale.ROOT);
            if (c.level() == 1 && type.equals("data") && l1 == null) {
                l1 = size;
            } else if (c.level() == 2 && !type.equals("instruction") && l2 == null) {
                l2 = size;
            } else if (c.level() == 3 && !type.equals("instruction")) {
                l3Instances.putIfAbsent(String.valueOf(c.sharedCpuList()), size.bytes());
            }
        }
        String sys = DETECTED + "/sys/devices/system/cpu/*/cache";
        // On AMD, /proc/cpuinfo's 'cache size' is the per-core L2; on Intel it is the last-level cache.
        Bytes cpuinfoCache = size(info.get("cache size") == null ? null
                : info.get("cache size").replace("KB", "K").replace("kB", "K"));
        boolean zen5 = amd && family != null && family == 26;
        if (l1 != null) {
            sources.add(Source.cited("caches.l1dPerCore", l1.format(), sys));
        } else if (zen5) {
            l1 = Bytes.parse("48 KiB", "l1dPerCore");
            sources.add(Source.estimated("caches.l1dPerCore", l1.format(), "no sysfs cache data; AMD family 26 (Zen 5)"
                    + " has a 48 KiB L1d per core (AMD, Software Optimization Guide for the AMD Zen 5"
                    + " Microarchitecture, pub. 58455, section 2.6)"));
        } else {
            l1 = Bytes.parse("32 KiB", "l1dPerCore");
            sources.add(Source.estimated("caches.l1dPerCore", l1.format(), "no sysfs cache data; common x86 L1d size"));
        }
        if (l2 != null) {
            sources.add(Source.cited("caches.l2PerCore", l2.format(), sys));
        } else if (amd && cpuinfoCache != null) {
            l2 = cpuinfoCache;
            sources.add(Source.cited("caches.l2PerCore", l2.format(),
                    DETECTED + "/proc/cpuinfo 'cache size' (the per-core L2 on AMD)"));
        } else {
            l2 = Bytes.parse("1 MiB", "l2PerCore");
            sources.add(Source.estimated("caches.l2PerCore", l2.format(), "no sysfs cache data; Zen 4 L2 size"));
        }
        Bytes l3;
        if (!l3Instances.isEmpty()) {
            l3 = new Bytes(l3Instances.values().stream().mapToDouble(Double::doubleValue).sum());
            sources.add(Source.cited("caches.l3Total", l3.format(), sys + " (sum over distinct L3 instances; "
                    + "in a VM this is the physical socket's L3, shared with other tenants)"));
        } else if (!amd && cpuinfoCache != null) {
            l3 = cpuinfoCache;
            sources.add(Source.estimated("caches.l3Total", l3.format(),
                    "no sysfs L3 entry; /proc/cpuinfo 'cache size' (the last-level cache on Intel)"));
        } else {
            l3 = Bytes.parse("32 MiB", "l3Total");
            sources.add(Source.estimated("caches.l3Total", l3.format(), "no sysfs L3 entry; one Zen 4 / Zen 5 CCD's"
                    + " L3 (32 MiB shared by its 8 cores, AMD EPYC 9004 / 9005 product briefs)"));
        }
        return new CpuProfile.Caches(l1, l2, l3);
    }

    private static CpuProfile.Memory memory(String meminfo, List<Source> sources) {
        Bytes capacity = null;
        if (meminfo != null) {
            for (String line : meminfo.split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    capacity = size(line.substring("MemTotal:".length()).replace("kB", "K"));
                }
            }
        }
        if (capacity != null && capacity.bytes() > 0) {
            sources.add(Source.cited("memory.capacity", capacity.format(), DETECTED + "/proc/meminfo MemTotal"));
        } else {
            capacity = Bytes.parse("8 GiB", "capacity");
            sources.add(Source.estimated("memory.capacity", capacity.format(),
                    "no /proc/meminfo; a small VM's memory"));
        }
        Bandwidth bandwidth = Bandwidth.parse("26 GB/s", "bandwidth");
        sources.add(Source.estimated("memory.bandwidth", bandwidth.format(),
                "measured on this project's dev machine (docs/references.md: streaming read ~26 GB/s), not probed here; "
                        + "channels are unknown inside a VM"));
        return new CpuProfile.Memory(OptionalInt.empty(), bandwidth, capacity);
    }

    /** "48K", "2048K", "1M", "24683656 K" (sysfs and meminfo use binary kilobytes). */
    static Bytes size(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2)) {
            case "K" -> 1024.0;
            case "M" -> 1024.0 * 1024;
            case "G" -> 1024.0 * 1024 * 1024;
            default -> 1.0;
        };
        return new Bytes(v * factor);
    }

    /** Key/value pairs of the first processor block of /proc/cpuinfo (ARM puts some keys after the blocks). */
    static Map<String, String> firstProcessor(String cpuinfo) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cpuinfo == null) {
            return out;
        }
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            out.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double decimal(String s) {
        try {
            return s == null ? null : Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
