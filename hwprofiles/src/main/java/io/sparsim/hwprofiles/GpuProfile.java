package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.Duration;
import io.sparsim.hwprofiles.units.FlopRate;
import io.sparsim.hwprofiles.units.Frequency;
import java.util.List;
import java.util.Map;

/**
 * A GPU (section {@code gpu:} of a profile file).
 *
 * <p>Peaks in {@link #tensor()} are datasheet values at {@link #clock()}. The {@link Efficiency}
 * fractions are relative to those datasheet peaks and come from measured runs at the card's default
 * clock behaviour, so they already include the clock drop under load: do not also scale by
 * {@code sustainedClock / clock}. {@link #sustainedClock()} is the clock that behaviour settles at under a
 * sustained tensor load with realistic (random) data; a run that holds another clock (locked with
 * {@code nvidia-smi -lgc}, or data light enough to stay under the power limit) is {@link #heldAt} that clock.
 *
 * @param sms            streaming multiprocessors
 * @param clock          the boost clock the datasheet peaks are stated at
 * @param sustainedClock SM clock under sustained tensor load (at most {@code clock})
 * @param tensor         tensor-core peaks per precision: dense and 2:4 sparse
 * @param vector         non-tensor FP32 peak (CUDA cores)
 * @param hbm            device memory capacity and peak bandwidth
 * @param l2             L2 cache capacity and bandwidth
 * @param smemPerSm      shared memory (configurable L1/shared carve-out maximum) per SM
 * @param registersPerSm register file per SM
 * @param launchOverhead fixed time per kernel launch
 * @param powerWatts     board power (TDP)
 * @param nvlink         the GPU's NVLink domain (null when the profile states none: no multi-GPU runs)
 */
public record GpuProfile(
        String id,
        String name,
        List<Source> sources,
        int sms,
        Frequency clock,
        Frequency sustainedClock,
        Map<Precision, TensorRate> tensor,
        FlopRate vector,
        MemoryLevel hbm,
        MemoryLevel l2,
        Bytes smemPerSm,
        Bytes registersPerSm,
        Duration launchOverhead,
        double powerWatts,
        Efficiency efficiency,
        Nvlink nvlink) implements HardwareProfile {

    /** A GPU without an NVLink section. */
    public GpuProfile(String id, String name, List<Source> sources, int sms, Frequency clock, Frequency sustainedClock,
                      Map<Precision, TensorRate> tensor, FlopRate vector, MemoryLevel hbm, MemoryLevel l2,
                      Bytes smemPerSm, Bytes registersPerSm, Duration launchOverhead, double powerWatts,
                      Efficiency efficiency) {
        this(id, name, sources, sms, clock, sustainedClock, tensor, vector, hbm, l2, smemPerSm, registersPerSm,
                launchOverhead, powerWatts, efficiency, null);
    }

    public GpuProfile {
        Check.id(id, "id");
        Check.text(name, "name");
        sources = Check.list(sources, "sources");
        Check.positive(sms, "sms");
        Check.present(clock, "clock", Frequency.expected());
        Check.present(sustainedClock, "sustainedClock", Frequency.expected());
        if (sustainedClock.hertz() > clock.hertz()) {
            throw new BadInputException("sustainedClock",
                    "a clock no higher than clock (" + clock.format() + ")", sustainedClock.format());
        }
        tensor = Check.precisionMap(tensor, "tensor");
        Check.present(vector, "vector", FlopRate.expected());
        Check.present(hbm, "hbm", "capacity and bandwidth");
        Check.present(l2, "l2", "capacity and bandwidth");
        if (l2.capacity().bytes() >= hbm.capacity().bytes()) {
            throw new BadInputException("l2.capacity",
                    "a size smaller than hbm.capacity (" + hbm.capacity().format() + ")", l2.capacity().format());
        }
        Check.positive(smemPerSm, "smemPerSm");
        Check.positive(registersPerSm, "registersPerSm");
        Check.present(launchOverhead, "launchOverhead", Duration.expected());
        Check.positive(powerWatts, "powerWatts");
        Check.present(efficiency, "efficiency", "an efficiency section");
    }

    @Override
    public Kind kind() {
        return Kind.GPU;
    }

    /** This GPU with {@code fitted} efficiency (a calibration): spec values stay, efficiency sources are replaced. */
    public GpuProfile withEfficiency(String newName, Efficiency fitted, List<Source> provenance) {
        List<Source> kept = new java.util.ArrayList<>();
        for (Source s : sources) {
            if (!s.what().startsWith("efficiency")) {
                kept.add(s);
            }
        }
        kept.addAll(provenance);
        return new GpuProfile(id, newName, kept, sms, clock, sustainedClock, tensor, vector, hbm, l2, smemPerSm,
                registersPerSm, launchOverhead, powerWatts, fitted, nvlink);
    }

    /**
     * This GPU in a run that holds its SM clock at {@code held}: the SM-clocked rates (tensor and CUDA-core math)
     * scale by {@code held / sustainedClock}, since the efficiencies were measured at the sustained clock.
     * Memory rates do not move (HBM has its own clock; the L2 bandwidth is already stated at the boost clock).
     * Bad input (field {@code clock.held}) above the boost clock the datasheet peaks are stated at.
     */
    public GpuProfile heldAt(Frequency held) {
        if (held.hertz() > clock.hertz()) {
            throw new BadInputException("clock.held", "a clock no higher than the boost clock of " + id + " ("
                    + clock.format() + ")", held.format());
        }
        double scale = held.hertz() / sustainedClock.hertz();
        Map<Precision, TensorRate> scaled = new java.util.EnumMap<>(Precision.class);
        tensor.forEach((p, r) -> scaled.put(p, new TensorRate(r.dense().times(scale), r.sparse().times(scale))));
        return new GpuProfile(id, name, sources, sms, clock, held, scaled, vector.times(scale), hbm, l2, smemPerSm,
                registersPerSm, launchOverhead, powerWatts, efficiency, nvlink);
    }

    public boolean supports(Precision precision) {
        return tensor.containsKey(precision);
    }

    /** The tensor-core peaks for {@code precision}; bad input (field {@code dtype}) when unsupported. */
    public TensorRate tensorRate(Precision precision) {
        TensorRate r = tensor.get(precision);
        if (r == null) {
            throw new BadInputException("dtype",
                    "a precision the tensor cores of " + id + " support (" + Check.ids(tensor) + ")", precision.id());
        }
        return r;
    }

    /**
     * The NVLink domain of an HGX/DGX-style board: {@code gpusPerNode} GPUs on one NVSwitch fabric.
     *
     * @param gpusPerNode GPUs one NVLink domain joins (the node size)
     * @param link        NVLink per GPU and direction, with NCCL's measured bus efficiency and step latency
     */
    public record Nvlink(int gpusPerNode, Interconnect link) {
        public Nvlink {
            Check.positive(gpusPerNode, "gpusPerNode");
            Check.present(link, "link", "name, bandwidth, busEfficiency and stepLatency");
        }
    }

    /** Tensor-core peaks: dense, and with 2:4 structured sparsity (NVIDIA's "sparse" figure). */
    public record TensorRate(FlopRate dense, FlopRate sparse) {
        public TensorRate {
            Check.present(dense, "dense", FlopRate.expected());
            Check.present(sparse, "sparse", FlopRate.expected());
            if (sparse.flopsPerSecond() < dense.flopsPerSecond()) {
                throw new BadInputException("sparse",
                        "a 2:4 sparse peak at least the dense peak (" + dense.format() + ")", sparse.format());
            }
        }
    }

    /** A level of the memory hierarchy: capacity and peak bandwidth. */
    public record MemoryLevel(Bytes capacity, Bandwidth bandwidth) {
        public MemoryLevel {
            Check.positive(capacity, "capacity");
            Check.present(bandwidth, "bandwidth", Bandwidth.expected());
        }
    }

    /**
     * Achievable fractions and kernel rates (section {@code efficiency:}).
     *
     * @param tensorCore       fraction of the dense tensor peak a large GEMM's main tile loop sustains,
     *                         before wave quantization and prologue/epilogue (the simulator adds those)
     * @param sparseTensorCore fraction of the 2:4 peak cuSPARSELt-style kernels sustain
     * @param hbm              fraction of HBM peak bandwidth a streaming kernel reaches
     * @param csrNonzeroRate   CSR SpMM (cuSPARSE-like) multiply-adds per second per SM, each one stored
     *                         nonzero times one column of the dense operand
     * @param decompressRate   Flash-LLM-style sparse-to-dense expansion: dense tile elements written
     *                         to shared memory per second per SM
     * @param sparseCutlass    fraction of the 2:4 peak CUTLASS's sparse GEMMs sustain (PyTorch's semi-structured
     *                         path on Ampere), a kernel family apart from cuSPARSELt's
     * @param sparseCallOverhead time a cuSPARSELt-style 2:4 matmul call costs beyond its GEMM kernel (the library
     *                         launches several kernels per call), whatever the shape
     */
    public record Efficiency(double tensorCore, double sparseTensorCore, double hbm, double csrNonzeroRate,
                             double decompressRate, double sparseCutlass, Duration sparseCallOverhead) {
        public Efficiency {
            Check.present(sparseCallOverhead, "sparseCallOverhead", Duration.expected());
            Check.fraction(sparseCutlass, "sparseCutlass");
            Check.fraction(tensorCore, "tensorCore");
            Check.fraction(sparseTensorCore, "sparseTensorCore");
            Check.fraction(hbm, "hbm");
            Check.positive(csrNonzeroRate, "csrNonzeroRate");
            Check.positive(decompressRate, "decompressRate");
        }
    }
}
