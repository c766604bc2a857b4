package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.FlopRate;
import io.sparsim.hwprofiles.units.Frequency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A CPU socket (section {@code cpu:} of a profile file). Its efficiency parameters describe the
 * kernels of Sparsim's own CPU backend, so they are calibrated against our measurements.
 *
 * @param cores                physical cores usable by the model
 * @param threadsPerCore       hardware threads per core (SMT)
 * @param clock                base clock
 * @param boostClock           highest single-core boost clock
 * @param sustainedClock       all-core clock under sustained SIMD load (at most {@code boostClock})
 * @param flopsPerCyclePerCore peak arithmetic per cycle per core by precision (multiply-add = 2);
 *                             fp32 is derived from {@link Simd} when absent and must agree when present
 * @param powerWatts           socket TDP
 */
public record CpuProfile(
        String id,
        String name,
        List<Source> sources,
        int cores,
        int threadsPerCore,
        Frequency clock,
        Frequency boostClock,
        Frequency sustainedClock,
        Simd simd,
        Map<Precision, Double> flopsPerCyclePerCore,
        Caches caches,
        Memory memory,
        double powerWatts,
        Efficiency efficiency) implements HardwareProfile {

    public CpuProfile {
        Check.id(id, "id");
        Check.text(name, "name");
        sources = Check.list(sources, "sources");
        Check.positive(cores, "cores");
        Check.positive(threadsPerCore, "threadsPerCore");
        Check.present(clock, "clock", Frequency.expected());
        Check.present(boostClock, "boostClock", Frequency.expected());
        Check.present(sustainedClock, "sustainedClock", Frequency.expected());
        if (boostClock.hertz() < clock.hertz()) {
            throw new BadInputException("boostClock",
                    "a clock at least the base clock (" + clock.format() + ")", boostClock.format());
        }
        if (sustainedClock.hertz() > boostClock.hertz()) {
            throw new BadInputException("sustainedClock",
                    "a clock no higher than boostClock (" + boostClock.format() + ")", sustainedClock.format());
        }
        Check.present(simd, "simd", "a SIMD section");
        Check.present(flopsPerCyclePerCore, "flopsPerCyclePerCore", "a map from precision to FLOP per cycle");
        EnumMap<Precision, Double> flops = new EnumMap<>(Precision.class);
        flops.putAll(flopsPerCyclePerCore);
        double fp32 = simd.fp32FlopsPerCycle();
        Double given = flops.get(Precision.FP32);
        if (given == null) {
            flops.put(Precision.FP32, fp32);
        } else if (given != fp32) {
            throw new BadInputException("flopsPerCyclePerCore.fp32", "2 x simd.widthBits/32 x simd.fmaPipesPerCore = "
                    + Check.number(fp32), Check.number(given));
        }
        flopsPerCyclePerCore = Check.precisionMap(flops, "flopsPerCyclePerCore");
        flopsPerCyclePerCore.forEach((p, v) -> Check.positive(v, "flopsPerCyclePerCore." + p.id()));
        Check.present(caches, "caches", "a caches section");
        Check.present(memory, "memory", "a memory section");
        Check.positive(powerWatts, "powerWatts");
        Check.present(efficiency, "efficiency", "an efficiency section");
    }

    @Override
    public Kind kind() {
        return Kind.CPU;
    }

    /**
     * This CPU with {@code fitted} efficiency parameters (a calibration overlay): the spec values stay, the
     * efficiency sources are replaced by {@code provenance}.
     */
    public CpuProfile withEfficiency(String newName, Efficiency fitted, List<Source> provenance) {
        List<Source> kept = new java.util.ArrayList<>();
        for (Source s : sources) {
            if (!s.covers("efficiency") && !s.what().startsWith("efficiency")) {
                kept.add(s);
            }
        }
        kept.addAll(provenance);
        return new CpuProfile(id, newName, kept, cores, threadsPerCore, clock, boostClock, sustainedClock, simd,
                flopsPerCyclePerCore, caches, memory, powerWatts, fitted);
    }

    /** This CPU with a measured memory bandwidth in place of the spec's, sourced by {@code provenance}. */
    public CpuProfile withMemoryBandwidth(Bandwidth measured, Source provenance) {
        List<Source> kept = new java.util.ArrayList<>();
        for (Source s : sources) {
            if (!s.covers("memory.bandwidth") && !"memory".equals(s.what())) {
                kept.add(s);
            }
        }
        kept.add(provenance);
        return new CpuProfile(id, name, kept, cores, threadsPerCore, clock, boostClock, sustainedClock, simd,
                flopsPerCyclePerCore, caches, new Memory(memory.channels(), measured, memory.capacity()), powerWatts,
                efficiency);
    }

    /**
     * This CPU with a probed all-core clock as its sustained clock (and its boost clock, where that was lower),
     * sourced by {@code provenance}.
     */
    public CpuProfile withSustainedClock(Frequency probed, Source provenance) {
        List<Source> kept = new java.util.ArrayList<>();
        Frequency boost = boostClock;
        for (Source s : sources) {
            if (s.what().equals("sustainedClock")) {
                continue;
            }
            if (s.what().equals("boostClock") && probed.hertz() > boostClock.hertz()) {
                boost = probed;
                kept.add(new Source("boostClock", probed.format(), "at least the probed all-core clock (sustainedClock)",
                        null));
                continue;
            }
            kept.add(s);
        }
        kept.add(provenance);
        return new CpuProfile(id, name, kept, cores, threadsPerCore, clock, boost, probed, simd, flopsPerCyclePerCore,
                caches, memory, powerWatts, efficiency);
    }

    public boolean supports(Precision precision) {
        return flopsPerCyclePerCore.containsKey(precision);
    }

    /** Peak FLOP per cycle per core; bad input (field {@code dtype}) when the precision has no entry. */
    public double flopsPerCycle(Precision precision) {
        Double v = flopsPerCyclePerCore.get(precision);
        if (v == null) {
            throw new BadInputException("dtype",
                    "a precision " + id + " has a peak for (" + Check.ids(flopsPerCyclePerCore) + ")", precision.id());
        }
        return v;
    }

    /** cores x flopsPerCycle x sustainedClock: the all-core peak before any efficiency. */
    public FlopRate sustainedPeak(Precision precision) {
        return new FlopRate(cores * flopsPerCycle(precision) * sustainedClock.hertz());
    }

    /**
     * SIMD units of one core.
     *
     * @param widthBits       datapath width (Zen 4 runs AVX-512 on 256-bit datapaths: 256)
     * @param isa             instruction-set extensions, lower case as in /proc/cpuinfo (avx512f, amx_bf16)
     * @param fmaPipesPerCore FMA pipes per core
     */
    public record Simd(int widthBits, List<String> isa, int fmaPipesPerCore) {
        private static final Pattern ISA = Pattern.compile("[a-z0-9_.]+");

        public Simd {
            if (widthBits < 64 || widthBits > 2048 || Integer.bitCount(widthBits) != 1) {
                throw new BadInputException("widthBits", "a SIMD width in bits, a power of two from 64 to 2048",
                        widthBits);
            }
            isa = Check.list(isa, "isa");
            for (int i = 0; i < isa.size(); i++) {
                if (!ISA.matcher(isa.get(i)).matches()) {
                    throw new BadInputException("isa[" + i + "]",
                            "an extension name as in /proc/cpuinfo flags (lower case, e.g. avx512f)", isa.get(i));
                }
            }
            Check.positive(fmaPipesPerCore, "fmaPipesPerCore");
        }

        /** 2 FLOP per FMA x fp32 lanes x pipes. */
        public double fp32FlopsPerCycle() {
            return 2.0 * widthBits / 32 * fmaPipesPerCore;
        }

        public boolean has(String extension) {
            return isa.contains(extension);
        }
    }

    /** Cache sizes. */
    public record Caches(Bytes l1dPerCore, Bytes l2PerCore, Bytes l3Total) {
        public Caches {
            Check.positive(l1dPerCore, "l1dPerCore");
            Check.positive(l2PerCore, "l2PerCore");
            Check.positive(l3Total, "l3Total");
        }
    }

    /**
     * DRAM attached to the socket.
     *
     * @param channels  memory channels, empty when unknown (e.g. detected inside a VM)
     * @param bandwidth peak bandwidth of all channels
     * @param capacity  installed capacity
     */
    public record Memory(OptionalInt channels, Bandwidth bandwidth, Bytes capacity) {
        public Memory {
            Check.present(channels, "channels", "a channel count");
            if (channels.isPresent()) {
                Check.positive(channels.getAsInt(), "channels");
            }
            Check.present(bandwidth, "bandwidth", Bandwidth.expected());
            Check.positive(capacity, "capacity");
        }
    }

    /**
     * Achievable fractions and per-nonzero costs of Sparsim's CPU kernels (section {@code efficiency:}),
     * fitted by {@code sparsim calibrate} against our measurements.
     *
     * @param gemm    fraction of the FMA peak the cache-blocked fp32 GEMM micro-kernel reaches
     * @param memory  fraction of DRAM peak bandwidth a kernel streaming its weight reaches when each thread
     *                keeps several streams in flight (the csr and 2:4 GEMVs walk two slices' values and indices
     *                at once; bitmask reads values, masks and word offsets)
     * @param singleStream fraction of that rate a kernel reading its weight as one stream per thread reaches
     *                (the dense GEMV, block16), in (0, 1]: the hardware prefetcher runs only so far ahead of each
     *                stream, so fewer streams keep fewer lines in flight (on the dev host a streaming read took
     *                26.7 GB/s with one stream per thread and 32.4 GB/s with four). 1 where unmeasured.
     * @param gemmStream fraction of the one-stream rate the dense register-blocked GEMM (M ≥ 2) reads W
     *                at, in (0, 1]: it fetches one W micro-panel at a time while the first token tile's FMAs wait
     *                on it, so its stream runs in bursts behind the GEMV's steady one (on the dev host the GEMM's
     *                times, M = 8 / 64 / 256, lie on a line whose intercept is 7.04 ms against the GEMV's 6.18).
     *                1 where unmeasured.
     * @param overlap how much of the shorter of compute and memory time hides under the longer in the csr,
     *                bitmask and N:M kernels, in [0, 1] (1: time = max; 0: time = sum); the register-blocked
     *                kernels' (dense, block16) follows from their tiling (the simulator's CPU target)
     * @param csr     per-nonzero costs of the CSR-family kernel
     * @param bitmask per-nonzero costs of the bitmask kernel
     * @param nm      per-nonzero costs of the N:M (2:4) kernel
     * @param block   per-nonzero costs of the block-sparse kernel
     */
    public record Efficiency(double gemm, double memory, double singleStream, double gemmStream, double overlap,
                             SparseCost csr, SparseCost bitmask, SparseCost nm, SparseCost block) {
        public Efficiency {
            Check.fraction(gemm, "gemm");
            Check.fraction(memory, "memory");
            Check.fraction(singleStream, "singleStream");
            Check.fraction(gemmStream, "gemmStream");
            if (!(overlap >= 0 && overlap <= 1)) {
                throw new BadInputException("overlap", "a fraction in [0, 1]", Check.number(overlap));
            }
            Check.present(csr, "csr", "a sparse cost section {gemv, chunk, vector, scan, visit}");
            Check.present(bitmask, "bitmask", "a sparse cost section {gemv, chunk, vector, scan, visit}");
            Check.present(nm, "nm", "a sparse cost section {gemv, chunk, vector, scan, visit}");
            Check.present(block, "block", "a sparse cost section {gemv, chunk, vector, scan, visit}");
        }
    }

    /**
     * Core cycles a sparse kernel spends. Per stored nonzero: single-token products (GEMV) take their own
     * path ({@code gemv}); for m tokens the other path costs {@code chunk} per nonzero per chunk of up to 64
     * tokens (index decode, value broadcast, loop) plus {@code vector} per nonzero per SIMD vector of tokens
     * (the FMAs; block16: per 8-token tile, whose 8 tokens are broadcast against one vector of W).
     * Independent of density: {@code scan} per 64 weight positions per token chunk (walking mask
     * words or granule tables, whether or not they hold nonzeros), and on the multi-token path {@code visit}
     * per visit of one column's k-block (the kernels walk W in k-blocks sized so a block of the token panel
     * stays in L1; each visit loads and stores the column's accumulators and ends its loop on a mispredicted
     * branch, however few nonzeros the block holds).
     */
    public record SparseCost(double gemv, double chunk, double vector, double scan, double visit) {
        public SparseCost {
            Check.positive(gemv, "gemv");
            nonNegative(chunk, "chunk");
            Check.positive(vector, "vector");
            nonNegative(scan, "scan");
            nonNegative(visit, "visit");
        }

        private static void nonNegative(double v, String field) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new BadInputException(field, "a non-negative number of cycles", Check.number(v));
            }
        }
    }
}
