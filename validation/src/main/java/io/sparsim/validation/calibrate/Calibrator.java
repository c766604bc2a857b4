package io.sparsim.validation.calibrate;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Source;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CaseComparison;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Fits a CPU profile's kernel efficiency parameters to measured cases (10th percentiles, see
 * {@link io.sparsim.validation.compare.CaseComparison}) by least squares on log(predicted / measured), so a 10% miss weighs the same on a 50 µs and a 50 ms case, under a Cauchy loss so a disturbed timing far off the rest barely pulls ({@link #ROBUST_SCALE}). The split is by weight shape: every
 * case of a held-out shape is left out of the fit and used only to report the error on unseen shapes.
 * A sparse format run on a dense weight is a control, validated but never fitted (see {@link #isControl}).
 *
 * <p>Fractions (gemm, memory) are fitted through a logistic map and cycle costs through exp, so every
 * iterate is a valid profile. Parameters of formats absent from the training cases keep their values.
 */
public final class Calibrator {
    /** gemm, memory, overlap, gemv/chunk/vector/scan/visit for csr, bitmask, nm, block, singleStream, gemmStream. */
    private static final int PARAMETERS = 25;
    private static final int SINGLE_STREAM = 23;
    private static final int GEMM_STREAM = 24;
    private static final int PER_FORMAT = 5;
    private static final double JACOBIAN_STEP = 1e-4;
    /**
     * Scale of the Cauchy loss on log(predicted / measured), about a 15% miss: a case within it weighs as in plain least
     * squares, one far beyond it hardly at all. A timing disturbed by another process or by a JIT that had not yet
     * compiled the kernel (on a busy 2-vCPU VM, {@code calibrate --host} timed 16 of 38 cases 1.3-4.6x slower than
     * two fresh suites around it did) must not drag every parameter toward it.
     */
    static final double ROBUST_SCALE = 0.15;
    private static final int MAX_ITERATIONS = 5000;
    /**
     * RMS of the residuals (log time ratios) at which the fit has nothing left to find: 0.01%, a hundredth of the
     * steadiest timing's noise. On cases a profile reproduces exactly, a cost no case needs drifts toward 0 in a
     * flat valley; each step lowers a cost of 1e-8 by a relative amount far above the optimizer's own tolerance, so
     * without this the fit ran out of iterations there.
     */
    private static final double NEGLIGIBLE_RMS = 1e-4;

    private Calibrator() {}

    /** The outcome: the fitted profile and its errors on the training and held-out shapes. */
    public record Result(HardwareProfile fitted, String parameters, List<String> trainShapes,
                         List<String> heldOutShapes, double trainMape, double heldOutMape, double initialTrainMape,
                         int trainCases, int heldOutCases, int controlCases) {}

    /** How one profile kind's efficiency maps to and from the unconstrained vector the optimizer moves. */
    interface Parameterization<P extends HardwareProfile> {
        double[] encode(P profile);

        /** Where the fit starts from {@code base}, given which parameters are {@code free}: by default {@link #encode}. */
        default double[] start(P base, boolean[] free) {
            return encode(base);
        }

        /** {@code base} with the efficiency {@code x} encodes, named {@code name}, sourced by {@code provenance}. */
        P decode(P base, double[] x, String name, List<Source> provenance);

        /** Which parameters the training cases can determine. */
        boolean[] free(Set<Format> formats, Set<Integer> tokens);

        /** The fitted values, one line. */
        String describe(P fitted);

        /**
         * The free parameters the fit left at a bound of their range, each with what that says about the cases
         * ("singleStream 1 (ceiling): ..."); empty when none is.
         */
        default List<String> atBounds(P fitted, boolean[] free) {
            return List.of();
        }
    }

    /** Fits {@code spec} (a CPU or GPU profile) to {@code m}; see {@link #fit(CpuProfile, Measurement, Set, String)}. */
    public static Result fit(HardwareProfile spec, Measurement m, Set<String> heldOut, String provenance) {
        if (spec instanceof CpuProfile cpu) {
            return fit(cpu, m, heldOut, provenance);
        }
        if (spec instanceof GpuProfile gpu) {
            return fitWith(gpu, new GpuParameters(), m, heldOut, provenance);
        }
        throw new BadInputException("--hw", "a cpu or gpu profile to calibrate", spec.id());
    }

    /** Shape key of a case, {@code KxN} as the weight is stored. */
    public static String shape(MeasuredCase c) {
        return c.k() + "x" + c.n();
    }

    /**
     * Fits {@code base}'s efficiency to {@code m}. {@code heldOut} names the shapes (KxN) to hold out; empty
     * holds out one shape: the largest in sorted order.
     */
    public static Result fit(CpuProfile spec, Measurement m, Set<String> heldOut, String provenance) {
        return fitWith(withProbedBandwidth(spec, m, provenance), new CpuParameters(), m, heldOut, provenance);
    }

    private static <P extends HardwareProfile> Result fitWith(P base, Parameterization<P> param, Measurement m,
            Set<String> heldOut, String provenance) {
        Set<String> shapes = new TreeSet<>();
        m.cases().forEach(c -> shapes.add(shape(c)));
        if (shapes.size() < 2) {
            throw new BadInputException("cases", "measurements of at least two weight shapes (one is held out)",
                    shapes.size() + " shape(s)");
        }
        Set<String> hold = heldOut.isEmpty() ? Set.of(((TreeSet<String>) shapes).last()) : heldOut;
        for (String h : hold) {
            if (!shapes.contains(h)) {
                throw new BadInputException("--holdout", "shapes KxN among " + shapes, h);
            }
        }
        List<MeasuredCase> train = new ArrayList<>();
        List<MeasuredCase> test = new ArrayList<>();
        int controls = 0;
        for (MeasuredCase c : m.cases()) {
            if (isControl(c)) {
                controls++;
            } else {
                (hold.contains(shape(c)) ? test : train).add(c);
            }
        }
        Set<Format> formats = new LinkedHashSet<>();
        Set<Integer> tokens = new LinkedHashSet<>();
        train.forEach(c -> {
            formats.add(c.format());
            tokens.add(c.m());
        });

        int[] twins = denseTwins(train);
        boolean[] free = param.free(formats, tokens);
        double[] start = param.start(base, free);
        int parameters = start.length;
        MultivariateJacobianFunction model = point -> {
            double[] x = point.toArray();
            double[] r = residuals(param.decode(base, x, base.name(), List.of()), train, twins);
            double[][] jac = new double[r.length][parameters];
            for (int j = 0; j < parameters; j++) {
                if (!free[j]) {
                    continue;
                }
                double[] xj = x.clone();
                xj[j] += JACOBIAN_STEP;
                double[] rj = residuals(param.decode(base, xj, base.name(), List.of()), train, twins);
                for (int i = 0; i < r.length; i++) {
                    jac[i][j] = (rj[i] - r[i]) / JACOBIAN_STEP;
                }
            }
            return new Pair<>(new ArrayRealVector(r, false), new Array2DRowRealMatrix(jac, false));
        };
        int residualCount = train.size() + twins.length / 2;
        java.util.function.ToDoubleFunction<double[]> cost = x -> {
            double sum = 0;
            for (double r : residuals(param.decode(base, x, base.name(), List.of()), train, twins)) {
                sum += r * r;
            }
            return sum;
        };
        // A cost term hidden under a bound it does not reach (a kernel's compute under its stream: the time is
        // max(compute, stream)) has no gradient, so the fit cannot find that it should be larger: block16's GEMV
        // cost stayed at its instruction-table start, 30% under the measured M = 1 times, with every case pointing
        // the same way. Probe each flat direction upward, and fit again from the best probe while that lowers the cost.
        // Once before the first fit too: left flat, its cases' misses are taken up by the parameters that do move
        // (the sparse kernels' overlap, which also sets the one-tile GEMMs), which can saturate a fraction at a
        // bound where its gradient vanishes and the fit stays.
        double[] first = flatProbe(start, cost.applyAsDouble(start),
                model.value(new ArrayRealVector(start, false)).getSecond(), free, cost);
        LeastSquaresOptimizer.Optimum optimum = optimize(first == null ? start : first, model, residualCount);
        for (int round = 0; round < FLAT_PROBE_ROUNDS; round++) {
            double[] at = optimum.getPoint().toArray();
            double atCost = cost.applyAsDouble(at);
            double[] probe = flatProbe(at, atCost, optimum.getJacobian(), free, cost);
            if (probe == null) {
                break;
            }
            optimum = optimize(probe, model, residualCount);
        }
        RealVector best = optimum.getPoint();
        P unsourced = param.decode(base, best.toArray(), base.name(), List.of());
        double trainMape = mape(unsourced, train);
        double heldOutMape = test.isEmpty() ? 0 : mape(unsourced, test);
        String summary = String.format(Locale.ROOT, "fitted by 'sparsim calibrate' on %s: %d training cases of "
                + "shapes %s; held out %s; %d sparse-format runs on dense weights not fitted; train MAPE %.1f%%, "
                + "held-out MAPE %.1f%%", provenance, train.size(), without(shapes, hold), hold, controls,
                trainMape * 100, heldOutMape * 100);
        List<String> bounds = param.atBounds(unsourced, free);
        String values = param.describe(unsourced) + (bounds.isEmpty() ? "" : "; at a bound: " + String.join("; ", bounds));
        // Refitting an already calibrated host must not stack suffixes.
        String name = base.name().replace("(host, detected, calibrated)", "(host, calibrated)")
                .replace("(host, detected)", "(host, calibrated)");
        if (!name.endsWith("calibrated)")) {
            name += " (calibrated)";
        }
        P fitted = param.decode(base, best.toArray(), name, List.of(new Source("efficiency", values, summary, null)));
        return new Result(fitted, values, List.copyOf(without(shapes, hold)), List.copyOf(hold),
                trainMape, heldOutMape, mape(base, train), train.size(), test.size(), controls);
    }

    /** Rounds of probing flat directions and refitting, at most (each round needs a lower cost to continue). */
    private static final int FLAT_PROBE_ROUNDS = 3;
    /** Factors a flat cost term is probed at: up to 64× its value, past any kernel's plausible cycles per item. */
    private static final double[] FLAT_PROBE_FACTORS = {2, 4, 8, 16, 32, 64};

    private static LeastSquaresOptimizer.Optimum optimize(double[] start, MultivariateJacobianFunction model,
            int residuals) {
        try {
            // Parameters a file barely constrains drift toward 0 slowly (two pooled runs took over 500 iterations).
            return new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(start).model(model).target(new double[residuals])
                    .maxEvaluations(MAX_ITERATIONS * 4).maxIterations(MAX_ITERATIONS).lazyEvaluation(false)
                    .checker((iteration, previous, current) -> current.getRMS() < NEGLIGIBLE_RMS).build());
        } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
            throw new BadInputException("--measurements", "cases the kernel parameters can be fitted to",
                    "a least-squares fit that did not converge in " + MAX_ITERATIONS + " iterations");
        }
    }

    /**
     * The best point, if any lowers {@code cost} below {@code atCost}, among {@code at} with one free parameter
     * whose Jacobian column is zero (no residual moves with it) raised by each of {@link #FLAT_PROBE_FACTORS}
     * (an added log: for a cost, kept as its log, that factor; for a fraction, kept as its logit, a step up);
     * null when none does.
     */
    static double[] flatProbe(double[] at, double atCost, org.apache.commons.math3.linear.RealMatrix jacobian,
            boolean[] free, java.util.function.ToDoubleFunction<double[]> cost) {
        double[] best = null;
        double bestCost = atCost * (1 - 1e-9);
        for (int j = 0; j < at.length; j++) {
            if (!free[j] || jacobian.getColumnVector(j).getLInfNorm() > 0) {
                continue;
            }
            for (double f : FLAT_PROBE_FACTORS) {
                double[] x = at.clone();
                x[j] += Math.log(f);
                double c = cost.applyAsDouble(x);
                if (c < bestCost) {
                    bestCost = c;
                    best = x;
                }
            }
        }
        return best;
    }

    /**
     * A sparse format on a dense weight: a control the suite runs to show what the format costs where it cannot
     * win, outside the regime the sparse cost terms describe (every mask word full, every bit walk 64 steps
     * long and predicted; CSR indices consecutive). Fitted alongside the sparse runs, the bitmask controls pulled
     * its per-nonzero cost down and left 50% at M = 64 9–13% over the model; left out, the 50–90% speedups fit
     * better (README, "Calibration").
     */
    static boolean isControl(MeasuredCase c) {
        return c.format() != Format.DENSE && CasePredictor.weightSparsity(c) == 0;
    }

    /**
     * The profile with the measurement's probed DRAM streaming bandwidth in place of the spec figure, when the
     * file has one: a memory efficiency fitted against a figure from another machine could exceed 1.
     */
    public static CpuProfile withProbedBandwidth(CpuProfile p, Measurement m, String provenance) {
        java.util.OptionalDouble probed = probedBandwidth(m, provenance);
        if (probed.isEmpty()) {
            return p;
        }
        double bytesPerSecond = probed.getAsDouble();
        var bw = new io.sparsim.hwprofiles.units.Bandwidth(bytesPerSecond);
        return p.withMemoryBandwidth(bw, new Source("memory.bandwidth", bw.format(), "probed by 'sparsim measure' "
                + "(streaming read of a buffer larger than the last-level cache on all kernel threads) in "
                + provenance, null));
    }

    /** The DRAM streaming bandwidth {@code measure} probed for {@code source}, bytes per second, if it has one. */
    public static java.util.OptionalDouble probedBandwidth(Measurement m, String source) {
        String probed = m.host().get(io.sparsim.validation.cpu.CpuMeasureSuite.STREAM_READ_KEY);
        if (probed == null) {
            return java.util.OptionalDouble.empty();
        }
        try {
            return java.util.OptionalDouble.of(Double.parseDouble(probed));
        } catch (NumberFormatException e) {
            throw new BadInputException(source + ": host." + io.sparsim.validation.cpu.CpuMeasureSuite.STREAM_READ_KEY,
                    "a bandwidth in bytes per second", probed);
        }
    }

    private static Set<String> without(Set<String> all, Set<String> hold) {
        Set<String> s = new TreeSet<>(all);
        s.removeAll(hold);
        return s;
    }

    /** Mean |predicted/measured - 1| of {@code cases} under {@code profile}. */
    public static double mape(HardwareProfile profile, List<MeasuredCase> cases) {
        List<CaseComparison> cmp = new CasePredictor(profile, Fidelity.FAST)
                .compare(new Measurement(java.util.Map.of(), cases));
        return cmp.stream().mapToDouble(c -> Math.abs(c.error())).average().orElse(0);
    }

    /**
     * Pairs (sparse case, its dense twin as validate pairs them) as {@code [sparse0, dense0, sparse1, dense1, ...]}
     * indices into {@code cases}.
     */
    private static int[] denseTwins(List<MeasuredCase> cases) {
        java.util.Map<String, Integer> dense = new java.util.HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            MeasuredCase c = cases.get(i);
            if (c.format() == Format.DENSE) {
                dense.put(CasePredictor.twinKey(c), i);
            }
        }
        List<Integer> pairs = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            MeasuredCase c = cases.get(i);
            Integer d = dense.get(CasePredictor.twinKey(c));
            if (c.format() != Format.DENSE && d != null) {
                pairs.add(i);
                pairs.add(d);
            }
        }
        return pairs.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * log(predicted / measured) per case, then per (sparse, dense twin) pair the log of predicted over measured
     * speedup: speedups over dense are what a projection is read for, and a per-case fit alone left dense and
     * sparse errors of opposite sign on the same shape (speedups 10–29% off with every case within 17%).
     */
    private static double[] residuals(HardwareProfile p, List<MeasuredCase> cases, int[] twins) {
        CasePredictor predictor = new CasePredictor(p, Fidelity.FAST);
        double[] r = new double[cases.size() + twins.length / 2];
        for (int i = 0; i < cases.size(); i++) {
            MeasuredCase c = cases.get(i);
            r[i] = Math.log(predictor.predict(c, i).seconds() / c.p10Seconds());
        }
        for (int j = 0; j < twins.length; j += 2) {
            r[cases.size() + j / 2] = r[twins[j + 1]] - r[twins[j]];
        }
        for (int i = 0; i < r.length; i++) {
            r[i] = cauchy(r[i]);
        }
        return r;
    }

    /**
     * The residual whose square is the Cauchy loss of {@code r}: {@code c² log(1 + (r/c)²)}, {@code c} =
     * {@value #ROBUST_SCALE}; near r for |r| ≪ c, growing only as √log beyond (an outlier's pull fades).
     */
    static double cauchy(double r) {
        double c = ROBUST_SCALE;
        return Math.signum(r) * c * Math.sqrt(Math.log1p((r / c) * (r / c)));
    }

    /**
     * CPU: gemm, memory, overlap (logistic), gemv/chunk/vector/scan/visit per sparse format (exp), singleStream,
     * gemmStream (logistic).
     */
    static final class CpuParameters implements Parameterization<CpuProfile> {
        @Override
            public boolean[] free(Set<Format> formats, Set<Integer> tokens) {
            boolean[] free = new boolean[PARAMETERS];
            free[0] = formats.contains(Format.DENSE);
            free[1] = true;
            free[2] = true;
            Format[] sparse = {Format.CSR, Format.BITMASK, Format.TWO_FOUR, Format.BLOCK16};
            boolean single = tokens.contains(1);
            boolean multi = tokens.stream().anyMatch(t -> t > 32);
            for (int f = 0; f < sparse.length; f++) {
                boolean has = formats.contains(sparse[f]);
                free[3 + PER_FORMAT * f] = has && single;
                free[4 + PER_FORMAT * f] = has && multi;
                free[5 + PER_FORMAT * f] = has && multi;
                free[6 + PER_FORMAT * f] = has;
                free[7 + PER_FORMAT * f] = has && multi;
            }
            // One stream against several: only the dense kernel next to a several-stream format tells them apart.
            free[SINGLE_STREAM] = formats.contains(Format.DENSE) && (formats.contains(Format.CSR)
                    || formats.contains(Format.BITMASK) || formats.contains(Format.TWO_FOUR));
            // The GEMM's stream against the GEMV's: dense at M = 1 next to dense at M ≥ 2.
            free[GEMM_STREAM] = formats.contains(Format.DENSE) && single && tokens.stream().anyMatch(t -> t > 1);
            return free;
        }

        @Override
            public double[] encode(CpuProfile p) {
                CpuProfile.Efficiency e = p.efficiency();
            double[] x = new double[PARAMETERS];
            x[0] = logit(e.gemm());
            x[1] = logit(e.memory());
            x[2] = logit(e.overlap());
            CpuProfile.SparseCost[] costs = {e.csr(), e.bitmask(), e.nm(), e.block()};
            for (int f = 0; f < costs.length; f++) {
                x[3 + PER_FORMAT * f] = Math.log(costs[f].gemv());
                x[4 + PER_FORMAT * f] = Math.log(Math.max(costs[f].chunk(), 1e-3));
                x[5 + PER_FORMAT * f] = Math.log(costs[f].vector());
                x[6 + PER_FORMAT * f] = Math.log(Math.max(costs[f].scan(), 1e-3));
                x[7 + PER_FORMAT * f] = Math.log(Math.max(costs[f].visit(), 1e-3));
            }
            x[SINGLE_STREAM] = logit(e.singleStream());
            x[GEMM_STREAM] = logit(e.gemmStream());
            return x;
        }

        @Override
        public double[] start(CpuProfile base, boolean[] free) {
            double[] x = encode(base);
            if (free[SINGLE_STREAM]) {
                // At the uncalibrated 1 the logistic is flat and the fit would barely move it.
                x[SINGLE_STREAM] = logit(Math.min(base.efficiency().singleStream(), 0.95));
            }
            if (free[GEMM_STREAM]) {
                x[GEMM_STREAM] = logit(Math.min(base.efficiency().gemmStream(), 0.95));
            }
            return x;
        }

        @Override
            public CpuProfile decode(CpuProfile base, double[] raw, String name, List<Source> provenance) {
            // Keep every iterate finite: a parameter the residuals barely depend on may drift far.
            double[] x = clamp(raw);
            CpuProfile.SparseCost[] costs = new CpuProfile.SparseCost[4];
            for (int f = 0; f < costs.length; f++) {
                int at = 3 + PER_FORMAT * f;
                costs[f] = new CpuProfile.SparseCost(Math.exp(x[at]), Math.exp(x[at + 1]), Math.exp(x[at + 2]),
                        Math.exp(x[at + 3]), Math.exp(x[at + 4]));
            }
            return base.withEfficiency(name, new CpuProfile.Efficiency(logistic(x[0]), logistic(x[1]),
                    logistic(x[SINGLE_STREAM]), logistic(x[GEMM_STREAM]), logistic(x[2]), costs[0], costs[1], costs[2],
                    costs[3]), provenance);
        }

        @Override
        public String describe(CpuProfile p) {
            CpuProfile.Efficiency e = p.efficiency();
            return "gemm " + fmt(e.gemm()) + ", memory " + fmt(e.memory()) + ", singleStream " + fmt(e.singleStream())
                    + ", gemmStream " + fmt(e.gemmStream())
                    + ", overlap " + fmt(e.overlap()) + ", csr "
                    + cost(e.csr()) + ", bitmask " + cost(e.bitmask()) + ", nm " + cost(e.nm()) + ", block "
                    + cost(e.block());
        }

        /** A fraction within this of 0 or 1, or a cost below {@link #COST_FLOOR} cycles, sits at its bound. */
        private static final double FRACTION_EDGE = 0.005;
        private static final double COST_FLOOR = 1e-3;

        @Override
        public List<String> atBounds(CpuProfile p, boolean[] free) {
            CpuProfile.Efficiency e = p.efficiency();
            List<String> out = new ArrayList<>();
            fraction(out, free[0], "gemm", e.gemm(), "the dense GEMM reaches the FMA peak of the profile's clock "
                    + "(a clock below the one the cores ran at)", "");
            fraction(out, free[1], "memory", e.memory(), "the several-stream kernels read at the full probed rate",
                    "");
            fraction(out, free[SINGLE_STREAM], "singleStream", e.singleStream(), "one stream a thread read at least "
                    + "as fast as the several-stream kernels did: no one-stream penalty on this machine", "");
            fraction(out, free[GEMM_STREAM], "gemmStream", e.gemmStream(), "the dense GEMM read W as fast as the "
                    + "GEMV: no burst penalty on this machine", "");
            fraction(out, free[2], "overlap", e.overlap(), "the sparse kernels' compute hid wholly under their "
                    + "stream", "their compute and stream added up, none hidden");
            String[] formats = {"csr", "bitmask", "nm", "block"};
            String[] terms = {"gemv", "chunk", "vector", "scan", "visit"};
            CpuProfile.SparseCost[] costs = {e.csr(), e.bitmask(), e.nm(), e.block()};
            for (int f = 0; f < costs.length; f++) {
                double[] v = {costs[f].gemv(), costs[f].chunk(), costs[f].vector(), costs[f].scan(),
                    costs[f].visit()};
                for (int t = 0; t < terms.length; t++) {
                    if (free[3 + PER_FORMAT * f + t] && v[t] < COST_FLOOR) {
                        out.add(formats[f] + "." + terms[t] + " 0 (floor): the cases show no such cost apart from "
                                + "the format's other terms (hidden under the stream, or collinear with them)");
                    }
                }
            }
            return out;
        }

        private static void fraction(List<String> out, boolean free, String name, double v, String atOne,
                String atZero) {
            if (free && v > 1 - FRACTION_EDGE) {
                out.add(name + " 1 (ceiling): " + atOne);
            } else if (free && v < FRACTION_EDGE) {
                out.add(name + " 0 (floor): " + (atZero.isEmpty() ? "the cases run far below the model's rate" : atZero));
            }
        }

        private static String cost(CpuProfile.SparseCost c) {
            return "{gemv " + fmt(c.gemv()) + ", chunk " + fmt(c.chunk()) + ", vector " + fmt(c.vector()) + ", scan "
                    + fmt(c.scan()) + ", visit " + fmt(c.visit()) + "}";
        }

    }

    /** GPU: tensorCore, sparseTensorCore, hbm (logistic), csrNonzeroRate, decompressRate (exp). */
    static final class GpuParameters implements Parameterization<GpuProfile> {
        @Override
        public double[] encode(GpuProfile p) {
            GpuProfile.Efficiency e = p.efficiency();
            return new double[] {logit(e.tensorCore()), logit(e.sparseTensorCore()), logit(e.hbm()),
                Math.log(e.csrNonzeroRate()), Math.log(e.decompressRate())};
        }

        @Override
        public GpuProfile decode(GpuProfile base, double[] raw, String name, List<Source> provenance) {
            double[] x = clamp(raw);
            return base.withEfficiency(name, new GpuProfile.Efficiency(logistic(x[0]), logistic(x[1]), logistic(x[2]),
                    Math.exp(x[3]), Math.exp(x[4]), base.efficiency().sparseCutlass(),
                    base.efficiency().sparseCallOverhead()), provenance);
        }

        @Override
        public boolean[] free(Set<Format> formats, Set<Integer> tokens) {
            return new boolean[] {formats.contains(Format.DENSE), formats.contains(Format.TWO_FOUR), true,
                formats.contains(Format.CSR), formats.contains(Format.BITMASK)};
        }

        @Override
        public String describe(GpuProfile p) {
            GpuProfile.Efficiency e = p.efficiency();
            return "tensorCore " + fmt(e.tensorCore()) + ", sparseTensorCore " + fmt(e.sparseTensorCore()) + ", hbm "
                    + fmt(e.hbm()) + ", csrNonzeroRate " + fmt(e.csrNonzeroRate()) + ", decompressRate "
                    + fmt(e.decompressRate());
        }
    }

    /** Keeps every iterate finite: a parameter the residuals barely depend on may drift far. */
    private static double[] clamp(double[] raw) {
        double[] x = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = Double.isNaN(raw[i]) ? 0 : Math.max(-40, Math.min(40, raw[i]));
        }
        return x;
    }

    private static double logit(double p) {
        double q = Math.min(Math.max(p, 0.001), 0.999);
        return Math.log(q / (1 - q));
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
