package io.sparsim.validation.references;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Source;
import io.sparsim.workloads.model.ModelCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Fits GPU profiles' efficiency fractions (tensorCore, sparseTensorCore, sparseCutlass, hbm) and their per-kernel
 * launch overhead (an estimate in every profile: what a timed kernel costs beyond its work) to the measured
 * published references by least squares of each entry's error in units of its tolerance (see {@link #residuals}), each GPU on its own
 * entries. The entries
 * are split by shape (a GEMM's m×n×k, so a speedup and its dense time stay together) or model (a step or
 * request), in a seeded shuffle: one half is fitted, the other reported. A fraction no training entry depends
 * on keeps its bundled value, and the report says which.
 */
public final class ReferenceCalibrator {
    /** The fitted fractions, in vector order. */
    static final List<String> PARAMETERS = List.of("tensorCore", "sparseTensorCore", "sparseCutlass", "hbm",
            "launchOverhead", "sparseCallOverhead");
    private static final double STEP = 1e-4;
    private static final int MAX_ITERATIONS = 200;
    /** Grid steps of the coarse search: fractions 0.02 apart, launch overheads 0.25-10 us log-spaced. */
    private static final int GRID = 50;
    /** Two cuSPARSELt GEMMs this many times apart in length separate a per-call cost from the kernel's rate. */
    private static final double CALL_LENGTHS_APART = 2;
    /** A GEMM shorter than this at the dense peak leans on the per-call cost. */
    private static final double SHORT_SECONDS = 1e-3;
    /** The call overhead is fitted as log(us + this), so a library without one can fit to zero. */
    private static final double CALL_FLOOR_US = 0.1;
    /** Tokens up to which a GEMM streams its weight (bytes bound it, not math). */
    private static final int FEW_TOKENS = 64;

    private final Function<String, HardwareProfile> bundled;
    private final ModelCatalog models;

    public ReferenceCalibrator(Function<String, HardwareProfile> bundled, ModelCatalog models) {
        this.bundled = bundled;
        this.models = models;
    }

    /**
     * The outcome.
     *
     * @param fitted    per GPU id, the profile with fitted fractions (bundled values where unconstrained)
     * @param free      per GPU id, the fractions the training half constrained
     * @param train     the training entries, predicted with the fitted profiles
     * @param heldOut   the held-out entries, predicted with the fitted profiles
     */
    public record Result(Map<String, GpuProfile> fitted, Map<String, List<String>> free, List<String> trainKeys,
                         List<String> heldOutKeys, ReferenceReport train, ReferenceReport heldOut,
                         List<String> notIndependent) {}

    /** The key entries are split by: the GEMM's shape, or the model and GPU of a step or request. */
    static String splitKey(Reference r) {
        if (r.workload() instanceof ReferenceWorkload.GemmCase g) {
            return g.m() + "x" + g.n() + "x" + g.k();
        }
        String model = r.workload() instanceof ReferenceWorkload.Step s ? s.model()
                : ((ReferenceWorkload.Request) r.workload()).model();
        return model + "@" + r.hardware();
    }

    /** Gated GPU entries: the measurements the GPU model answers to. */
    public List<Reference> gpuMeasurements(List<Reference> refs) {
        return refs.stream().filter(r -> r.gated() && bundled.apply(r.hardware()) instanceof GpuProfile).toList();
    }

    /**
     * Fits on half the keys (by {@code seed}) and reports the other half; {@code half == false} fits on every entry
     * and reports them as training entries.
     */
    public Result fit(List<Reference> refs, boolean half, long seed) {
        List<Reference> gpu = gpuMeasurements(refs);
        List<String> keys = new ArrayList<>(new TreeSet<>(gpu.stream().map(ReferenceCalibrator::splitKey).toList()));
        if (half && keys.size() < 2) {
            throw new BadInputException("--split", "references of at least two shapes or models", keys.size());
        }
        Collections.shuffle(keys, new Random(seed));
        List<String> trainKeys = half ? List.copyOf(keys.subList(0, (keys.size() + 1) / 2)) : List.copyOf(keys);
        List<String> testKeys = half ? List.copyOf(keys.subList((keys.size() + 1) / 2, keys.size())) : List.of();
        List<Reference> train = gpu.stream().filter(r -> trainKeys.contains(splitKey(r))).toList();
        List<Reference> test = gpu.stream().filter(r -> testKeys.contains(splitKey(r))).toList();

        Map<String, GpuProfile> fitted = new LinkedHashMap<>();
        Map<String, List<String>> freeNames = new LinkedHashMap<>();
        for (String hw : new TreeSet<>(train.stream().map(Reference::hardware).toList())) {
            List<Reference> mine = train.stream().filter(r -> r.hardware().equals(hw)).toList();
            GpuProfile base = (GpuProfile) bundled.apply(hw);
            boolean[] free = free(mine, densePeak(base));
            fitted.put(hw, fitOne(base, mine, free, trainKeys));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < free.length; i++) {
                if (free[i]) {
                    names.add(PARAMETERS.get(i));
                }
            }
            freeNames.put(hw, names);
        }
        Function<String, HardwareProfile> profiles = id -> fitted.containsKey(id) ? fitted.get(id) : bundled.apply(id);
        ReferencePredictor p = new ReferencePredictor(profiles, models);
        // A held-out entry whose fractions the training half did not reach is predicted with bundled values,
        // which were fitted on every entry: its error is not an independent test, and the report says so.
        List<String> notIndependent = new ArrayList<>();
        for (Reference r : test) {
            boolean[] needs = free(List.of(r), densePeak((GpuProfile) bundled.apply(r.hardware())));
            // A speedup leans on the dense fraction too (its denominator), though alone it cannot fit it.
            needs[0] |= r.metric() == Reference.Metric.SPEEDUP && r.workload() instanceof ReferenceWorkload.GemmCase g
                    && g.m() > FEW_TOKENS;
            // A step or request leans on HBM, though alone it cannot fit it.
            needs[3] |= !(r.workload() instanceof ReferenceWorkload.GemmCase);
            // One few-token dense GEMM leans on the launch overhead too, though alone it cannot fit it.
            needs[4] = r.workload() instanceof ReferenceWorkload.GemmCase g && g.m() <= FEW_TOKENS
                    && g.kernel().orElse("").equals("cublas-dense");
            // ... and a short cuSPARSELt GEMM on the per-call cost.
            needs[5] = r.workload() instanceof ReferenceWorkload.GemmCase g
                    && shortSparseCall(g, densePeak((GpuProfile) bundled.apply(r.hardware())));
            List<String> fittedHere = freeNames.getOrDefault(r.hardware(), List.of());
            for (int i = 0; i < needs.length; i++) {
                if (needs[i] && !fittedHere.contains(PARAMETERS.get(i))) {
                    notIndependent.add(r.id());
                    break;
                }
            }
        }
        return new Result(fitted, freeNames, trainKeys, testKeys, new ReferenceReport(p.predictAll(train)),
                new ReferenceReport(p.predictAll(test)), notIndependent);
    }

    /**
     * Which parameters the entries pin down: the dense fraction by GEMMs of many tokens (their dense time or the
     * dense side of a speedup), HBM by few-token GEMMs or steps of two models (bytes, not math, bound them), each 2:4
     * fraction by its kernel's entries, the launch overhead by two or more few-token dense GEMMs (one cannot tell it
     * from the streaming rate). Letting HBM explain a slow compute-bound GEMM fitted MI300X's HBM to 8% of peak.
     */
    private static boolean[] free(List<Reference> refs, double densePeak) {
        boolean[] free = new boolean[PARAMETERS.size()];
        int fewTokenDense = 0;
        double shortestCall = Double.POSITIVE_INFINITY;
        double longestCall = 0;
        java.util.Set<String> stepModels = new java.util.HashSet<>();
        for (Reference r : refs) {
            if (!(r.workload() instanceof ReferenceWorkload.GemmCase g)) {
                stepModels.add(splitKey(r));
                continue;
            }
            String kernel = g.kernel().orElse("");
            // A speedup fixes only the ratio of the sparse and dense rates: the dense fraction needs a dense time or
            // rate beside it, or the fit slides both together (fitted on one RTX 3060 speedup alone, the dense
            // fraction fell to half and the held-out dense time came out 94% long).
            boolean dense = kernel.equals("cublas-dense") && r.metric() != Reference.Metric.SPEEDUP;
            free[0] |= dense && g.m() > FEW_TOKENS;
            // A short cuSPARSELt GEMM is mostly its per-call cost: alone it cannot tell the kernel's rate from that
            // cost (fitted on A100's 4096-cubed e1 alone, with the call cost kept, the kernel came out 23% slower
            // and the long GEMM of e3 lost 0.15 of its speedup). A long one, or two lengths (below), fix the rate.
            free[1] |= kernel.equals("cusparselt-2:4") && !shortSparseCall(g, densePeak);
            if (kernel.equals("cusparselt-2:4")) {
                double atPeak = 2.0 * g.m() * g.n() * g.k() / densePeak;
                shortestCall = Math.min(shortestCall, atPeak);
                longestCall = Math.max(longestCall, atPeak);
            }
            free[2] |= kernel.equals("cutlass-2:4");
            free[3] |= g.m() <= FEW_TOKENS;
            fewTokenDense += kernel.equals("cublas-dense") && g.m() <= FEW_TOKENS ? 1 : 0;
        }
        // A model step or served request is mostly weights streamed from HBM, but it also carries what the model
        // has no term for (the gaps between the step's kernels, sampling, the serving loop): one alone cannot part
        // those from the streaming rate. Fitted on H100's gpt-fast decode step alone, HBM came out at 0.67 where the
        // few-token GEMMs need 0.74, and those held out ran 13-15% long. Steps of two models, which stream
        // different bytes per step, or a few-token GEMM fix it.
        free[3] |= stepModels.size() >= 2;
        free[4] = fewTokenDense >= 2;
        // One sparse GEMM cannot tell a per-call cost from the kernel's rate (a slower kernel or a dearer call fit it
        // equally): it takes two cuSPARSELt GEMMs of different lengths (at least twice apart), whose ratio only a fixed
        // cost changes. Fitted on MI300X's 3072x3072x10240 alone it came out at 9.9 us or 0 as the start went, and the
        // few-token GEMM it then predicted swung with it.
        free[5] = longestCall >= CALL_LENGTHS_APART * shortestCall;
        free[1] |= free[5];
        return free;
    }

    /** A cuSPARSELt GEMM short enough (under a millisecond at the dense peak) to lean on the per-call cost. */
    private static boolean shortSparseCall(ReferenceWorkload.GemmCase g, double densePeak) {
        return g.kernel().orElse("").equals("cusparselt-2:4") && 2.0 * g.m() * g.n() * g.k() / densePeak < SHORT_SECONDS;
    }

    private static double densePeak(GpuProfile p) {
        return p.tensorRate(io.sparsim.core.Precision.FP16).dense().flopsPerSecond();
    }

    private GpuProfile fitOne(GpuProfile base, List<Reference> refs, boolean[] free, List<String> trainKeys) {
        // Every free fraction starts at 0.5, not at the bundled value: the fit must not lean on values that were
        // themselves fitted, and at 0.5 every kernel is still bound by its math somewhere, so no gradient starts flat
        // (from 0.7 an L2-bound 2:4 kernel never moved its fraction).
        double[] start = encode(base);
        for (int i = 0; i < 4; i++) {
            if (free[i]) {
                start[i] = 0;
            }
        }
        int n = start.length;
        coordinateSearch(base, refs, free, start);
        MultivariateJacobianFunction model = point -> {
            double[] x = point.toArray();
            double[] r = residuals(decodeKeeping(base, x, free, List.of()), refs);
            double[][] jac = new double[r.length][n];
            for (int j = 0; j < n; j++) {
                if (!free[j]) {
                    continue;
                }
                double[] xj = x.clone();
                xj[j] += STEP;
                double[] rj = residuals(decodeKeeping(base, xj, free, List.of()), refs);
                for (int i = 0; i < r.length; i++) {
                    jac[i][j] = (rj[i] - r[i]) / STEP;
                }
            }
            return new Pair<>(new ArrayRealVector(r, false), new Array2DRowRealMatrix(jac, false));
        };
        double[] best;
        try {
            best = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().start(start).model(model)
                    .target(new double[refs.size()]).maxEvaluations(MAX_ITERATIONS * 4).maxIterations(MAX_ITERATIONS)
                    .lazyEvaluation(false).build()).getPoint().toArray();
        } catch (MathIllegalStateException e) {
            throw new BadInputException("--references", "entries a GPU's efficiency can be fitted to",
                    base.id() + ": no convergence in " + MAX_ITERATIONS + " iterations");
        }
        GpuProfile fitted = decodeKeeping(base, best, free, List.of());
        String values = describe(fitted, free);
        return decodeKeeping(base, best, free, List.of(new Source("efficiency", values, "fitted by 'sparsim calibrate "
                + "--references' on " + refs.size() + " published measurements (shapes/models " + trainKeys + ")",
                null)));
    }

    /**
     * {@link #decode}, with each 2:4 fraction the entries leave free of kept at its bundled ratio to the dense
     * fraction rather than at its bundled value: the fractions are of datasheet peaks, so what moves a half's dense
     * fraction (the clock or power state its runs held, the library build) moves the same card's sparse kernels
     * with it, and speedups, most of the 2:4 evidence, fix only that ratio. Kept absolute, a dense fraction fitted
     * 13% lower on one half put a kept CUTLASS 2:4 fraction 0.21 above its held-out speedup.
     */
    private static GpuProfile decodeKeeping(GpuProfile base, double[] x, boolean[] free, List<Source> provenance) {
        if (!free[0]) {
            return decode(base, x, provenance);
        }
        double[] kept = x.clone();
        double dense = logistic(x[0]) / base.efficiency().tensorCore();
        if (!free[1]) {
            kept[1] = logit(base.efficiency().sparseTensorCore() * dense);
        }
        if (!free[2]) {
            kept[2] = logit(base.efficiency().sparseCutlass() * dense);
        }
        return decode(base, kept, provenance);
    }

    /**
     * A coarse search, one free parameter at a time over a grid, before the least-squares polish: a kernel's time is
     * only piecewise smooth in its fractions (the best tile changes, a bound takes over), and from a flat piece the
     * gradient fit does not move.
     */
    private void coordinateSearch(GpuProfile base, List<Reference> refs, boolean[] free, double[] x) {
        for (int round = 0; round < 3; round++) {
            for (int j = 0; j < x.length; j++) {
                if (!free[j]) {
                    continue;
                }
                double bestValue = x[j];
                double bestCost = cost(residuals(decodeKeeping(base, x, free, List.of()), refs));
                for (int g = 1; g < GRID; g++) {
                    double f = (double) g / GRID;
                    x[j] = j == 4 ? Math.log(0.25 * Math.pow(40, f))
                            : j == 5 ? Math.log(CALL_FLOOR_US * Math.pow(1e4, f)) : logit(f);
                    double c = cost(residuals(decodeKeeping(base, x, free, List.of()), refs));
                    if (c < bestCost) {
                        bestCost = c;
                        bestValue = x[j];
                    }
                }
                x[j] = bestValue;
            }
        }
    }

    private static double cost(double[] r) {
        double c = 0;
        for (double v : r) {
            c += v * v;
        }
        return c;
    }

    private double[] residuals(GpuProfile p, List<Reference> refs) {
        ReferencePredictor predictor = new ReferencePredictor(id -> id.equals(p.id()) ? p : bundled.apply(id), models);
        double[] r = new double[refs.size()];
        for (int i = 0; i < r.length; i++) {
            Reference ref = refs.get(i);
            // In units of the entry's own tolerance, as the gate reads it: a speedup by its difference, the rest
            // by their ratio; squared again (a 4-norm) so the fit trades a small error on one entry for getting
            // the worst one inside its tolerance, as a gate on every entry asks.
            double predicted = predictor.predict(ref).predicted();
            double v = ref.value().getAsDouble();
            double e = (ref.metric().absolute() ? predicted - v : Math.log(predicted / v)) / ref.tolerance();
            r[i] = Math.signum(e) * e * e;
        }
        return r;
    }

    static double[] encode(GpuProfile p) {
        GpuProfile.Efficiency e = p.efficiency();
        return new double[] {logit(e.tensorCore()), logit(e.sparseTensorCore()), logit(e.sparseCutlass()),
            logit(e.hbm()), Math.log(p.launchOverhead().seconds() * 1e6),
            Math.log(e.sparseCallOverhead().seconds() * 1e6 + CALL_FLOOR_US)};
    }

    static GpuProfile decode(GpuProfile base, double[] x, List<Source> provenance) {
        GpuProfile.Efficiency e = base.efficiency();
        double callMicros = Math.exp(Math.min(8, Double.isNaN(x[5]) ? 0 : x[5])) - CALL_FLOOR_US;
        // Below a nanosecond the cost is rounding of the log encoding: none.
        callMicros = callMicros < 1e-3 ? 0 : callMicros;
        GpuProfile fitted = base.withEfficiency(base.name(), new GpuProfile.Efficiency(logistic(x[0]),
                logistic(x[1]), logistic(x[3]), e.csrNonzeroRate(), e.decompressRate(), logistic(x[2]),
                new io.sparsim.hwprofiles.units.Duration(callMicros * 1e-6)), provenance);
        double launchMicros = Math.exp(Math.max(-5, Math.min(5, Double.isNaN(x[4]) ? 0 : x[4])));
        return new GpuProfile(fitted.id(), fitted.name(), fitted.sources(), fitted.sms(), fitted.clock(),
                fitted.sustainedClock(), fitted.tensor(), fitted.vector(), fitted.hbm(), fitted.l2(), fitted.smemPerSm(),
                fitted.registersPerSm(), new io.sparsim.hwprofiles.units.Duration(launchMicros * 1e-6),
                fitted.powerWatts(), fitted.efficiency(), fitted.nvlink());
    }

    /** The fitted fractions, free ones marked. */
    public static String describe(GpuProfile p, boolean[] free) {
        double[] x = encode(p);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double v = i == 4 ? Math.exp(x[i]) : i == 5 ? Math.exp(x[i]) - CALL_FLOOR_US : logistic(x[i]);
            parts.add(String.format(Locale.ROOT, "%s %.3f%s%s", PARAMETERS.get(i), v, i >= 4 ? " us" : "",
                    free == null || free[i] ? "" : (i == 1 || i == 2) && free[0] ? " (kept: bundled ratio to tensorCore)"
                            : " (kept)"));
        }
        return String.join(", ", parts);
    }

    private static double logit(double p) {
        double q = Math.min(Math.max(p, 0.001), 0.999);
        return Math.log(q / (1 - q));
    }

    private static double logistic(double x) {
        double c = Math.max(-40, Math.min(40, Double.isNaN(x) ? 0 : x));
        return 1 / (1 + Math.exp(-c));
    }
}
