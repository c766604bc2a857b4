package io.sparsim.validation.compare;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Kind;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts measured cases with a profile: the simulated time of the kernel family each case ran (not the
 * fastest one — a measurement of CSR is compared with the CSR model).
 */
public final class CasePredictor {
    private final HardwareProfile profile;
    private final Target target;
    private final Fidelity fidelity;

    public CasePredictor(HardwareProfile profile, Fidelity fidelity) {
        this.profile = profile;
        this.target = Simulator.target(profile);
        this.fidelity = fidelity;
    }

    /** The simulator's kernel name for a measured format on this profile's kind. */
    static String kernelFor(Kind kind, Format format) {
        if (kind == Kind.CPU) {
            return format.kernel().modelName();
        }
        if (kind == Kind.GPU) {
            return switch (format) {
                case DENSE -> "cublas-dense";
                case CSR -> "cusparse-csr";
                case TWO_FOUR -> "cusparselt-2:4";
                case BLOCK16 -> "block-sparse";
                case BITMASK -> "flash-llm";
            };
        }
        throw new BadInputException("hw", "a cpu or gpu profile to compare kernel measurements with", kind.id());
    }

    /** Simulated seconds of {@code c} run as its measured format. */
    public KernelTime predict(MeasuredCase c, int index) {
        String field = "cases[" + index + "]";
        Precision p = Precision.parse(c.precision() != null ? c.precision() : c.dtype(), field + ".dtype");
        SparsitySpec spec;
        try {
            spec = SparsitySpec.parse(c.sparsity());
        } catch (BadInputException e) {
            throw e.under(field);
        }
        WeightSparsity w = spec.weight(LayerType.Q);
        if (w.isDense()) {
            // A sparse format timed on a weight without zeros: the format's kernel at sparsity 0.
            w = switch (c.format()) {
                case CSR, BITMASK -> new WeightSparsity.Unstructured(0);
                case BLOCK16 -> new WeightSparsity.Block(16, 16, 0);
                default -> w;
            };
        }
        Gemm g = Gemm.forward(c.id(), LayerType.Q, c.m(), c.n(), c.k(), p, w);
        OpEstimate e = target.estimate(g, fidelity);
        String kernel = kernelFor(profile.kind(), c.format());
        return e.alternatives().stream().filter(k -> k.kernel().equals(kernel)).findFirst()
                .orElseThrow(() -> new BadInputException(field + ".format",
                        "a format the " + profile.id() + " model has a kernel for with sparsity " + c.sparsity(),
                        c.format().id()));
    }

    /** Every case of {@code m} beside its prediction, with speedups against the dense case of the same shape. */
    public List<CaseComparison> compare(Measurement m) {
        Map<String, MeasuredCase> denseMeasured = new HashMap<>();
        Map<String, Double> densePredicted = new HashMap<>();
        List<KernelTime> predicted = new ArrayList<>();
        List<Double> sparsity = new ArrayList<>();
        for (int i = 0; i < m.cases().size(); i++) {
            MeasuredCase c = m.cases().get(i);
            KernelTime t = predict(c, i);
            predicted.add(t);
            sparsity.add(weightSparsity(c));
            if (c.format() == Format.DENSE) {
                denseMeasured.put(twinKey(c), c);
                densePredicted.put(twinKey(c), t.seconds());
            }
        }
        List<CaseComparison> out = new ArrayList<>();
        for (int i = 0; i < m.cases().size(); i++) {
            MeasuredCase c = m.cases().get(i);
            KernelTime t = predicted.get(i);
            MeasuredCase dense = denseMeasured.get(twinKey(c));
            double ms = dense == null ? Double.NaN
                    : CaseComparison.measuredSeconds(dense) / CaseComparison.measuredSeconds(c);
            double ps = dense == null ? Double.NaN : densePredicted.get(twinKey(c)) / t.seconds();
            out.add(new CaseComparison(c, t.kernel(), t.seconds(), ms, ps, sparsity.get(i)));
        }
        return out;
    }

    /** The fraction of zeros in the case's weight, from its sparsity spec. */
    public static double weightSparsity(MeasuredCase c) {
        return SparsitySpec.parse(c.sparsity()).weight(LayerType.Q).sparsity();
    }

    /** What a sparse case shares with the dense case its speedup is measured against. */
    public static String twinKey(MeasuredCase c) {
        return c.m() + "x" + c.n() + "x" + c.k() + ":" + c.dtype() + ":" + c.threads();
    }
}
