package io.sparsim.simulator.wafer;

import io.sparsim.core.Precision;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Elementwise;
import io.sparsim.workloads.ops.Embedding;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Norm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.ops.OpGroup;
import io.sparsim.workloads.ops.OptimizerUpdate;
import io.sparsim.workloads.ops.Pass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Weight-streaming execution of a whole step ("activations stay present on wafer and weights are streamed one
 * layer at a time"; MemoryX runs the optimizer; SwarmX broadcasts weights to and reduces gradients from
 * data-parallel systems).
 *
 * <p><b>Micro-batches.</b> A system takes ceil(batch / systems) sequences and runs them in micro-batches whose
 * activations fit the mesh SRAM; weights stream once per micro-batch forward and once backward, gradients
 * stream out per micro-batch and MemoryX accumulates them. Training keeps either all activations, or only each
 * layer's input and recomputes the layer's forward at the start of its backward; the backward then streams the
 * layer's weights once, during the recompute, and keeps them in SRAM for dgrad and wgrad. The mapper picks the
 * policy and micro-batch with the shortest FAST step among a fixed set of candidates (fractions of what fits);
 * as each candidate's time never grows when density falls, neither does the minimum.
 *
 * <p><b>Ops.</b> GEMMs stream ({@link StreamedGemm}); a sparse weight may also stream dense (zeros included) and
 * the faster is kept. Attention, norms and element-wise ops run on the resident activations ({@link OnWafer});
 * the embedding's rows come in over I/O and its gradient rows go out; the optimizer overlaps the backward in
 * MemoryX and only the update of the last gradients to arrive (the embedding's touched rows: Adam state read and
 * written at the system I/O rate, an estimate since MemoryX's bandwidth is not in the profile) is exposed.
 */
final class WeightStreaming {
    private static final double[] MICRO_BATCH_FRACTIONS = {1, 15.0 / 16, 7.0 / 8, 13.0 / 16, 3.0 / 4, 5.0 / 8, 1.0 / 2,
        3.0 / 8, 1.0 / 4, 1.0 / 8};

    private final WaferMachine m;
    private final int systems;
    private final StreamedGemm gemms;
    private final OnWafer onWafer;

    WeightStreaming(WaferMachine machine, int systems, MaskSampler sampler) {
        this.m = machine;
        this.systems = systems;
        this.gemms = new StreamedGemm(machine, sampler);
        this.onWafer = new OnWafer(machine);
    }

    /** How a step is laid out. */
    private record Layout(Footprint.Policy policy, int microBatch, int perSystem, double freeBytesPerPe,
                          double activationBytes, double cacheBytes, long embeddingRows, long hidden) {
        int fullMicroBatches() {
            return perSystem / microBatch;
        }

        int remainder() {
            return perSystem % microBatch;
        }
    }

    SimResult run(OpGraph graph, Fidelity fidelity, String hardwareId) {
        Phase phase = graph.workload().phase();
        Footprint fp = Footprint.of(graph);
        int perSystem = (int) StreamedGemm.ceilDiv(phase.batch(), systems);
        long rows = Math.min(OpShapes.tokens(phase.tokens(), phase.batch(), perSystem),
                graph.workload().model().vocab());
        List<Footprint.Policy> policies = phase instanceof Phase.Train
                ? List.of(Footprint.Policy.STORE_ALL, Footprint.Policy.RECOMPUTE)
                : List.of(Footprint.Policy.FORWARD_ONLY);
        double sram = m.meshSramBytes();
        double cache = fp.weightCacheBytes(phase);
        Layout best = null;
        double bestSeconds = Double.POSITIVE_INFINITY;
        double oneSequence = Double.POSITIVE_INFINITY;
        for (Footprint.Policy policy : policies) {
            double perSeq = fp.bytesPerSequence(policy, phase);
            oneSequence = Math.min(oneSequence, perSeq);
            long most = (long) Math.floor((sram - cache) / perSeq);
            Set<Integer> sizes = new LinkedHashSet<>();
            if (most >= 1) {
                // The most even split of the system's sequences into micro-batches that fit.
                long count = StreamedGemm.ceilDiv(perSystem, Math.min(most, perSystem));
                sizes.add((int) StreamedGemm.ceilDiv(perSystem, count));
            }
            for (double f : MICRO_BATCH_FRACTIONS) {
                long b = Math.min(perSystem, (long) Math.floor(most * f));
                if (b >= 1) {
                    sizes.add((int) b);
                }
            }
            for (int b : sizes) {
                double activations = b * perSeq;
                Layout layout = new Layout(policy, b, perSystem, (sram - cache - activations) / m.pes(), activations,
                        cache, rows, graph.workload().model().hidden());
                List<GroupEstimate> groups = groups(graph, layout, Fidelity.FAST, true);
                if (groups == null) {
                    continue;
                }
                double seconds = groups.stream().mapToDouble(GroupEstimate::seconds).sum();
                if (seconds < bestSeconds) {
                    bestSeconds = seconds;
                    best = layout;
                }
            }
        }
        if (best == null) {
            String why = String.format(Locale.ROOT,
                    "one sequence needs %s of activations on the wafer (%s), wafer mesh SRAM is %s",
                    gb(oneSequence + cache), policies.get(policies.size() - 1).text(), gb(sram));
            return new SimResult(hardwareId, fidelity, graph, List.of(), "weight streaming: no micro-batch fits",
                    Optional.of(why));
        }
        List<GroupEstimate> groups = groups(graph, best, fidelity, false);
        if (groups == null) {
            return new SimResult(hardwareId, fidelity, graph, List.of(), "weight streaming: no mapping",
                    Optional.of("a GEMM's partial sums do not fit the PEs' free SRAM"));
        }
        return new SimResult(hardwareId, fidelity, graph, groups, describe(graph, best), Optional.empty());
    }

    /**
     * One op alone, as a step of its own: a GEMM's operands resident, its tokens split into as many passes as
     * SRAM needs (the weights stream once per pass); wgrad finds the weights' positions on the wafer, as in a
     * training step; the optimizer updates every parameter in MemoryX with nothing to overlap.
     */
    OpEstimate estimateAlone(Op op, Fidelity fidelity) {
        if (op instanceof OptimizerUpdate o) {
            return optimizerAfter(o, o.parameters(), "MemoryX Adam over every kept parameter (the op alone)");
        }
        if (!(op instanceof Gemm g)) {
            OnWafer.Timed t = onWaferOp(op);
            KernelTime k = new KernelTime(kernelName(op), t.seconds(), t.ioBytes(), t.bound(), t.detail());
            return OpEstimate.fastest(op, roofline(op), List.of(k));
        }
        long tokens = g.pass() == Pass.WGRAD ? g.k() : g.m();
        boolean in = g.pass() != Pass.WGRAD;
        double ioFloor = in ? g.leastWeightBytes() : (double) g.weightNonzeros() * g.precision().bytes();
        double floor = Math.max(g.flops() / m.peakFlopsPerSecond(g.precision()), ioFloor / m.ioPeakBytesPerSecond());
        for (long passes = 1; ; passes *= 2) {
            Gemm part = (Gemm) OpShapes.scale(g, passes, 1);
            double operands = part.activationBytes();
            double free = (m.meshSramBytes() - operands) / m.pes();
            List<KernelTime> kernels = new ArrayList<>();
            List<StreamedGemm.Format> formats = g.sparsity().isDense() ? List.of(StreamedGemm.Format.DENSE)
                    : List.of(StreamedGemm.Format.SPARSE, StreamedGemm.Format.DENSE);
            for (StreamedGemm.Format f : formats) {
                StreamedGemm.Plan p = free > 0
                        ? gemms.plan(new StreamedGemm.Job(part, f, in, false, free, systems)) : null;
                if (p == null) {
                    continue;
                }
                double seconds = fidelity == Fidelity.DETAILED
                        ? GroupPipeline.detailed(List.of(GroupPipeline.Item.of(p)), m.hertz(), false).seconds()
                        : p.ownSeconds();
                kernels.add(new KernelTime("wafer-stream-" + f.name().toLowerCase(Locale.ROOT), passes * seconds,
                        passes * (p.inBytes() + p.outBytes()), p.bound(), gemms.describe(p)
                        + String.format(Locale.ROOT, "; %d pass(es) over the tokens", passes)));
            }
            if (!kernels.isEmpty()) {
                return OpEstimate.fastest(op, floor, kernels);
            }
            if (passes >= tokens || passes >= Integer.MAX_VALUE / 2) {
                throw new io.sparsim.core.BadInputException("gemm",
                        "a GEMM whose operands for one token fit the wafer's SRAM (" + gb(m.meshSramBytes()) + ")",
                        g.shape().toString());
            }
        }
    }

    private String describe(OpGraph graph, Layout l) {
        Phase phase = graph.workload().phase();
        long seq = phase instanceof Phase.Train t ? t.seqLen() : phase instanceof Phase.Prefill p ? p.seqLen() : 1;
        int levels = m.treeLevels(systems);
        return String.format(Locale.ROOT,
                "weight streaming on %d system(s) of %s (%dx%d PEs, %s mesh SRAM, I/O %s/s): %d sequence(s) per "
                        + "system in %d micro-batch(es) of %d (%d tokens); %s; activations %s + weight cache %s, "
                        + "%.1f KiB free per PE for partial sums; %s",
                systems, m.id(), m.width(), m.height(), gb(m.meshSramBytes()), gb(m.ioPeakBytesPerSecond()),
                l.perSystem, l.fullMicroBatches() + (l.remainder() > 0 ? 1 : 0), l.microBatch, l.microBatch * seq,
                l.policy.text(), gb(l.activationBytes), gb(l.cacheBytes), l.freeBytesPerPe / 1024,
                systems > 1 ? "SwarmX tree of depth " + levels + " broadcasts weights and reduces gradients "
                        + "(one chunk store-and-forward per level per stream)" : "single system, no SwarmX tree");
    }

    /** Estimates of every group at {@code layout}; null when some GEMM has no mapping. */
    private List<GroupEstimate> groups(OpGraph graph, Layout layout, Fidelity fidelity, boolean selecting) {
        int batch = graph.workload().phase().batch();
        List<Op> recompute = new ArrayList<>();
        if (layout.policy == Footprint.Policy.RECOMPUTE) {
            graph.group("layer").ifPresent(g -> g.ops().forEach(op -> recompute.add(OpShapes.rename(op,
                    ".recompute"))));
        }
        List<GroupEstimate> out = new ArrayList<>();
        for (OpGroup g : graph.groups()) {
            boolean layerBackward = g.name().equals("layer.backward");
            List<Op> ops = new ArrayList<>();
            if (layerBackward) {
                ops.addAll(recompute);
            }
            ops.addAll(g.ops());
            // The backward of a layer re-reads the weights it streamed (for its recompute, or for dgrad) from SRAM.
            boolean recomputed = layerBackward && layout.policy == Footprint.Policy.RECOMPUTE;
            List<OpEstimate> estimates = new ArrayList<>();
            List<Op> streamed = new ArrayList<>();
            for (Op op : ops) {
                if (op instanceof OptimizerUpdate o) {
                    estimates.add(optimizer(o, layout.embeddingRows, layout.hidden));
                } else {
                    streamed.add(op);
                }
            }
            if (!streamed.isEmpty()) {
                List<OpEstimate> list = groupEstimates(streamed, batch, layout, recomputed, fidelity, selecting);
                if (list == null) {
                    return null;
                }
                estimates.addAll(0, list); // the optimizer, when present, is its group's only op
            }
            out.add(new GroupEstimate(g.name(), g.repeat(), estimates));
        }
        return out;
    }

    /** A group's ops at one micro-batch: their items for the group pipeline and their descriptions. */
    private record Round(List<GroupPipeline.Item> items, List<String> kernels, List<String> details,
                         List<Bound> bounds, List<Double> ioBytes, List<Double> standalone, List<Double> twin) {}

    /** The group's ops over all micro-batches, I/O overlapped across the group; null when a GEMM has no mapping. */
    private List<OpEstimate> groupEstimates(List<Op> ops, int batch, Layout l, boolean recomputed, Fidelity fidelity,
                                            boolean selecting) {
        int full = l.fullMicroBatches();
        int rest = l.remainder();
        Round a = round(ops, batch, l.microBatch, l, recomputed, selecting, false);
        Round b = rest > 0 ? round(ops, batch, rest, l, recomputed, selecting, false) : null;
        if (a == null || (rest > 0 && b == null)) {
            return null;
        }
        GroupPipeline.Outcome oa = play(a, fidelity);
        GroupPipeline.Outcome ob = b == null ? null : play(b, fidelity);
        boolean sparse = ops.stream().anyMatch(op -> op instanceof Gemm g && !g.sparsity().isDense());
        if (sparse) {
            // The runtime keeps the group's weights dense when streaming them so is faster: each op's format is
            // chosen on its own stage times, the group's overlap can still favour dense.
            Round da = round(ops, batch, l.microBatch, l, recomputed, selecting, true);
            Round db = rest > 0 ? round(ops, batch, rest, l, recomputed, selecting, true) : null;
            if (da != null && (rest == 0 || db != null)) {
                GroupPipeline.Outcome oda = play(da, fidelity);
                GroupPipeline.Outcome odb = db == null ? null : play(db, fidelity);
                if (full * oda.seconds() + (odb == null ? 0 : odb.seconds())
                        < full * oa.seconds() + (ob == null ? 0 : ob.seconds())) {
                    a = da;
                    b = db;
                    oa = oda;
                    ob = odb;
                }
            }
        }
        double ownSum = a.items.stream().mapToDouble(GroupPipeline.Item::own).sum();
        boolean ioBound = oa.seconds() > ownSum * 1.001;
        double[] seconds = new double[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            seconds[i] = Math.max(full * oa.opSeconds()[i] + (ob == null ? 0 : ob.opSeconds()[i]), Double.MIN_NORMAL);
        }
        double[] floors = floors(ops, recomputed, seconds);
        List<OpEstimate> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            double bytes = full * a.ioBytes.get(i) + (b == null ? 0 : b.ioBytes.get(i));
            GroupPipeline.Item it = a.items.get(i);
            Bound bound = a.bounds.get(i);
            if (ioBound && Math.max(it.in(), it.out()) > it.own()) {
                bound = Bound.IO;
            }
            String detail = a.details.get(i) + String.format(Locale.ROOT,
                    "; x %d micro-batch(es)%s; group %s: %.3g s per micro-batch (ops' own %.3g s)", full,
                    rest > 0 ? " + 1 of " + rest + " sequence(s)" : "", ioBound ? "waits for weights" : "compute-side",
                    oa.seconds(), ownSum);
            if (op instanceof Gemm g && !Double.isNaN(a.twin.get(i))) {
                detail += String.format(Locale.ROOT, "; vs its dense twin (each: larger of compute side and own "
                        + "I/O): simulated speedup %.2fx, FLOP-proportional %.2fx", a.twin.get(i) / a.standalone.get(i),
                        g.denseFlops() / g.flops());
            }
            KernelTime k = new KernelTime(a.kernels.get(i), seconds[i], bytes, bound, detail);
            out.add(OpEstimate.fastest(op, floors[i], List.of(k)));
        }
        return out;
    }

    /**
     * The group's roofline, system I/O included: its ops' useful FLOPs at the mesh's dense peak, or every weight
     * crossing the system I/O once per step in its fewest bytes ({@link Gemm#leastWeightBytes()}) and every
     * weight gradient leaving once, whichever is longer (the two I/O directions are full duplex). The I/O part
     * is a floor of the group, not of an op (an op's weights stream during the ops before it), so its excess
     * over the FLOP floor is shared among the ops in proportion to their simulated time above their own FLOP
     * floor: each op's floor stays between its FLOP floor and its simulated time, and the group's floors add up
     * to the group's.
     */
    private double[] floors(List<Op> ops, boolean recomputed, double[] seconds) {
        double[] floor = new double[ops.size()];
        double compute = 0;
        double in = 0;
        double out = 0;
        double slack = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            floor[i] = roofline(op);
            compute += floor[i];
            slack += Math.max(0, seconds[i] - floor[i]);
            if (op instanceof Gemm g) {
                boolean streams = g.pass() == Pass.FORWARD || (g.pass() == Pass.DGRAD && !recomputed);
                in += streams ? g.leastWeightBytes() / m.streamBytesPerSecond() : 0;
                out += g.pass() == Pass.WGRAD
                        ? (double) g.weightNonzeros() * g.precision().bytes() / m.streamBytesPerSecond() : 0;
            }
        }
        double excess = Math.max(in, out) - compute;
        if (excess > 0 && slack > 0) {
            double share = Math.min(1, excess / slack);
            for (int i = 0; i < ops.size(); i++) {
                floor[i] += share * Math.max(0, seconds[i] - floor[i]);
            }
        }
        return floor;
    }

    private GroupPipeline.Outcome play(Round r, Fidelity fidelity) {
        return fidelity == Fidelity.DETAILED ? GroupPipeline.detailed(r.items, m.hertz(), true)
                : GroupPipeline.fast(r.items);
    }

    private Round round(List<Op> ops, int batch, int sequences, Layout l, boolean recomputed, boolean selecting,
                        boolean allDense) {
        List<GroupPipeline.Item> items = new ArrayList<>();
        List<String> kernels = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Bound> bounds = new ArrayList<>();
        List<Double> ioBytes = new ArrayList<>();
        List<Double> standalone = new ArrayList<>();
        List<Double> twin = new ArrayList<>();
        for (Op whole : ops) {
            Op op = OpShapes.scale(whole, batch, sequences);
            if (op instanceof Gemm g) {
                boolean in = g.pass() == Pass.FORWARD || (g.pass() == Pass.DGRAD && !recomputed);
                StreamedGemm.Plan p = bestFormat(g, in, l.freeBytesPerPe, allDense);
                if (p == null) {
                    return null;
                }
                items.add(GroupPipeline.Item.of(p));
                kernels.add("wafer-stream-" + p.format().name().toLowerCase(Locale.ROOT));
                details.add(gemms.describe(p));
                bounds.add(p.bound());
                ioBytes.add(p.inBytes() + p.outBytes());
                standalone.add(load(p));
                double twinLoad = Double.NaN;
                if (!selecting && (!g.sparsity().isDense() || g.denseFlops() != g.flops())) {
                    StreamedGemm.Plan d = bestFormat(OpShapes.denseTwin(g), in, l.freeBytesPerPe, false);
                    twinLoad = d == null ? Double.NaN : load(d);
                }
                twin.add(twinLoad);
            } else {
                OnWafer.Timed t = onWaferOp(op);
                items.add(GroupPipeline.Item.fixed(t.seconds()));
                kernels.add(kernelName(op));
                details.add(t.detail());
                bounds.add(t.bound());
                ioBytes.add(t.ioBytes());
                standalone.add(t.seconds());
                twin.add(Double.NaN);
            }
        }
        return new Round(items, kernels, details, bounds, ioBytes, standalone, twin);
    }

    /** The weight's format with the smaller of (compute side, I/O): sparse for a sparse weight unless dense wins. */
    private StreamedGemm.Plan bestFormat(Gemm g, boolean in, double free, boolean dense) {
        List<StreamedGemm.Format> formats = g.sparsity().isDense() || dense
                ? List.of(StreamedGemm.Format.DENSE)
                : List.of(StreamedGemm.Format.SPARSE, StreamedGemm.Format.DENSE);
        StreamedGemm.Plan best = null;
        for (StreamedGemm.Format f : formats) {
            StreamedGemm.Plan p = gemms.plan(new StreamedGemm.Job(g, f, in, true, free, systems));
            if (p != null && (best == null || load(p) < load(best))) {
                best = p;
            }
        }
        return best;
    }

    private static double load(StreamedGemm.Plan p) {
        return Math.max(p.ownSeconds(), Math.max(p.inSeconds(), p.outSeconds()));
    }

    /** Attention, norms, element-wise ops and the embedding on the whole mesh. */
    OnWafer.Timed onWaferOp(Op op) {
        OnWafer.Region mesh = new OnWafer.Region(m.width(), m.height());
        if (op instanceof Attention a) {
            return onWafer.attention(a, mesh);
        }
        if (op instanceof Norm n) {
            return onWafer.norm(n, mesh);
        }
        if (op instanceof Elementwise e) {
            return onWafer.elementwise(e, mesh);
        }
        if (op instanceof Embedding e) {
            return embedding(e);
        }
        throw new IllegalArgumentException("not an on-wafer op: " + op);
    }

    /** Embedding rows (and token ids) in over I/O; in the backward, the touched gradient rows out. */
    private OnWafer.Timed embedding(Embedding e) {
        double rows = (double) Math.min(e.tokens(), e.vocab()) * e.hidden() * e.precision().bytes();
        double bytes = e.pass() == Pass.FORWARD ? rows + 4.0 * e.tokens() : rows;
        double io = bytes / m.ioPeakBytesPerSecond();
        double adds = e.pass() == Pass.WGRAD
                ? e.flops() / (m.pes() * (double) m.lanes(e.precision())) / m.hertz() : 0;
        String detail = String.format(Locale.ROOT, "%s rows %s over system I/O: %.3g s; on-wafer adds %.3g s",
                e.pass() == Pass.FORWARD ? "embedding" : "embedding-gradient", e.pass() == Pass.FORWARD ? "in" : "out",
                io, adds);
        return new OnWafer.Timed(Math.max(io, adds), io >= adds ? Bound.IO : Bound.COMPUTE, detail, bytes);
    }

    /**
     * MemoryX updates each layer while the backward streams on; the last gradients to arrive, the embedding's
     * touched rows, are updated after the backward ends: their Adam state read and written at the system I/O rate.
     */
    private OpEstimate optimizer(OptimizerUpdate o, long embeddingRows, long hidden) {
        double params = (double) embeddingRows * hidden;
        return optimizerAfter(o, params, "MemoryX Adam overlapped with the backward; exposed: update of the "
                + embeddingRows + " embedding rows whose gradients arrive last");
    }

    private OpEstimate optimizerAfter(OptimizerUpdate o, double params, String what) {
        double bytes = params * o.bytesPerParameter();
        double seconds = Math.max(bytes / m.memoryXBytesPerSecond(), 1 / m.hertz());
        String detail = String.format(Locale.ROOT, "%s: %s of optimizer state at %s, %.3g s", what, gb(bytes),
                m.profile().cluster() == null ? "the system I/O rate (no cluster profile gives MemoryX's)"
                        : "MemoryX's rate", seconds);
        return OpEstimate.fastest(o, seconds, List.of(new KernelTime("memoryx-optimizer", seconds, bytes, Bound.IO,
                detail)));
    }

    /**
     * Useful FLOPs at the dense peak of the systems; the embedding's rows over I/O. A GEMM's weight I/O overlaps
     * the other ops of its group, so its I/O floor is the group's ({@link #floors}).
     */
    private double roofline(Op op) {
        // The step's ops hold the whole batch; each system runs its share of it.
        double flops = op.flops() / (systems * m.peakFlopsPerSecond(precisionOf(op)));
        if (op instanceof Embedding e) {
            long tokens = StreamedGemm.ceilDiv(e.tokens(), systems);
            double rows = (double) Math.min(tokens, e.vocab()) * e.hidden() * e.precision().bytes();
            return Math.max(flops, rows / m.ioPeakBytesPerSecond());
        }
        return flops;
    }

    static Precision precisionOf(Op op) {
        if (op instanceof Gemm g) {
            return g.precision();
        }
        if (op instanceof Attention a) {
            return a.precision();
        }
        if (op instanceof Norm n) {
            return n.precision();
        }
        if (op instanceof Elementwise e) {
            return e.precision();
        }
        if (op instanceof Embedding e) {
            return e.precision();
        }
        return ((OptimizerUpdate) op).precision();
    }

    static String kernelName(Op op) {
        if (op instanceof Attention) {
            return "wafer-attention";
        }
        if (op instanceof Norm) {
            return "wafer-norm";
        }
        if (op instanceof Elementwise) {
            return "wafer-elementwise";
        }
        if (op instanceof Embedding) {
            return "wafer-embedding-io";
        }
        if (op instanceof OptimizerUpdate) {
            return "memoryx-optimizer";
        }
        return "wafer-stream";
    }

    static String gb(double bytes) {
        return String.format(Locale.ROOT, "%.3g GB", bytes / 1e9);
    }
}
