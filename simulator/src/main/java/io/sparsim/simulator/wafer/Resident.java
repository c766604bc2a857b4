package io.sparsim.simulator.wafer;

import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.engine.ComputeUnit;
import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.Task;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Weights-resident, layer-pipelined inference (WaferLLM-style): every decoder layer, the embedding and the head
 * get a region of PEs in proportion to the SRAM they need (weights, their KV cache, one micro-batch of
 * activations), on as many systems as the model needs; tokens flow region to region.
 *
 * <p>In a region of pr rows by pc columns each PE holds a block of every weight: K split over rows, N over
 * columns. A GEMM multicasts its input slice along the rows, multiplies its block (dense: SIMD over outputs or
 * tokens; sparse: one task per stored nonzero, as in weight streaming), and reduces fp32 partials down the
 * columns; multicast, compute and reduction overlap, their latencies add. A sparse weight is stored as nonzero
 * wavelets (16-bit value + 16-bit index) when that is smaller than dense, else dense. Attention reads the KV
 * cache in the region ({@link OnWafer}); a layer hands its output to the next region across their border, and
 * across systems over system I/O.
 *
 * <p>Micro-batches pipeline through the regions: {@code step = sum of region times + (micro-batches - 1) x the
 * slowest region}; the mapper tries micro-batches of 1, 2, 4, ... sequences and the whole batch. DETAILED plays
 * the pipeline on the engine (one unit per region). An op's reported time is its share of the pipelined step.
 */
final class Resident {
    private final WaferMachine m;
    private final MaskSampler sampler;
    private final OnWafer onWafer;
    /** Op times by (group, op index, region, micro-batch): identical layers are timed once. */
    private final Map<List<Object>, KernelTime> times = new HashMap<>();

    Resident(WaferMachine machine, MaskSampler sampler) {
        this.m = machine;
        this.sampler = sampler;
        this.onWafer = new OnWafer(machine);
    }

    /** A pipeline stage: a group's ops on a region of one system. */
    private record Unit(String group, int system, OnWafer.Region region) {}

    SimResult run(OpGraph graph, Fidelity fidelity, String hardwareId) {
        Phase phase = graph.workload().phase();
        if (phase instanceof Phase.Train) {
            return new SimResult(hardwareId, fidelity, graph, List.of(), "resident",
                    Optional.of("resident mode serves inference (prefill, decode); a training step streams its "
                            + "weights (mode weight-streaming)"));
        }
        int batch = phase.batch();
        long seq = phase instanceof Phase.Prefill p ? p.seqLen() : 1;
        long kvLen = phase instanceof Phase.Decode d ? d.kvLen() : seq;
        Footprint fp = Footprint.of(graph);
        int b = graph.workload().precision().bytes();
        OpGroup layer = graph.group("layer").orElseThrow();
        OpGroup head = graph.group("head").orElseThrow();
        var model = graph.workload().model();

        double embBytes = (double) model.vocab() * model.hidden() * b;
        double layerWeights = 2.0 * model.hidden() * b;
        for (Op op : layer.ops()) {
            if (op instanceof Gemm g) {
                layerWeights += storedBytes(g);
            }
        }
        double headBytes = (double) model.hidden() * b;
        for (Op op : head.ops()) {
            if (op instanceof Gemm g) {
                headBytes += storedBytes(g);
            }
        }
        double kv = (double) batch * kvLen * (fp.kvElementsPerToken() / fp.layers()) * b;
        double acts = (double) seq * fp.layerElementsPerToken() * b;
        double sram = m.meshSramBytes();
        double layerBytes = layerWeights + kv + acts;
        if (layerBytes > sram) {
            return new SimResult(hardwareId, fidelity, graph, List.of(), "resident",
                    Optional.of(String.format(Locale.ROOT, "layer 0 needs %s (weights %s, KV cache %s, activations "
                            + "%s), wafer has %s", gb(layerBytes), gb(layerWeights), gb(kv), gb(acts), gb(sram))));
        }
        if (embBytes > sram || headBytes + acts > sram) {
            String which = embBytes > sram ? "embedding" : "head";
            double need = embBytes > sram ? embBytes : headBytes + acts;
            return new SimResult(hardwareId, fidelity, graph, List.of(), "resident",
                    Optional.of(String.format(Locale.ROOT, "%s needs %s, wafer has %s", which, gb(need), gb(sram))));
        }

        // Pack embedding, layers, head onto systems in order; regions in proportion to bytes.
        int layers = layer.repeat();
        List<String> names = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        names.add("embedding");
        bytes.add(embBytes);
        for (int l = 0; l < layers; l++) {
            names.add("layer");
            bytes.add(layerBytes);
        }
        names.add("head");
        bytes.add(headBytes + acts);
        List<Integer> systemOf = new ArrayList<>();
        List<Double> systemBytes = new ArrayList<>();
        double used = 0;
        for (double x : bytes) {
            if (systemBytes.isEmpty() || used + x > sram) {
                systemBytes.add(0.0);
                used = 0;
            }
            used += x;
            systemBytes.set(systemBytes.size() - 1, used);
            systemOf.add(systemBytes.size() - 1);
        }
        int systems = systemBytes.size();
        List<Unit> units = new ArrayList<>();
        for (int u = 0; u < names.size(); u++) {
            int s = systemOf.get(u);
            long pes = (long) Math.floor(m.pes() * bytes.get(u) / systemBytes.get(s));
            units.add(new Unit(names.get(u), s, OnWafer.Region.of(Math.max(1, pes), m.width(), m.height())));
        }

        // Micro-batch choice.
        Set<Integer> sizes = new LinkedHashSet<>();
        for (int mb = 1; mb < batch; mb *= 2) {
            sizes.add(mb);
        }
        sizes.add(batch);
        Choice best = null;
        double layerRegion = units.get(1).region.pes() * m.sramBytesPerPe();
        for (int mb : sizes) {
            if (mb > 1 && layerWeights + kv + mb * acts > layerRegion) {
                continue; // a layer's region cannot hold this many sequences' activations
            }
            Choice c = evaluate(graph, units, mb, batch, systems, fidelity);
            if (best == null || c.step < best.step) {
                best = c;
            }
        }
        Unit firstLayer = units.get(1);
        String mapping = String.format(Locale.ROOT,
                "resident, layer-pipelined on %d system(s) of %s (%dx%d PEs, %s mesh SRAM): layer region %dx%d "
                        + "PEs holding %s weights + %s KV cache + %s activations; embedding %s, head %s; "
                        + "micro-batches of %d sequence(s), %d in flight",
                systems, m.id(), m.width(), m.height(), gb(sram), firstLayer.region.width(),
                firstLayer.region.height(), gb(layerWeights), gb(kv), gb(acts), gb(embBytes), gb(headBytes),
                best.microBatch, (int) StreamedGemm.ceilDiv(batch, best.microBatch));
        return new SimResult(hardwareId, fidelity, graph, best.groups, mapping, Optional.empty());
    }

    private record Choice(int microBatch, double step, List<GroupEstimate> groups) {}

    private Choice evaluate(OpGraph graph, List<Unit> units, int mb, int batch, int systems, Fidelity fidelity) {
        int n = (int) StreamedGemm.ceilDiv(batch, mb);
        // Per unit: its ops' kernel times at one micro-batch.
        List<List<KernelTime>> perUnit = new ArrayList<>();
        List<Double> unitSeconds = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            OpGroup g = graph.group(unit.group).orElseThrow();
            List<KernelTime> opTimes = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < g.ops().size(); i++) {
                Op op = OpShapes.scale(g.ops().get(i), batch, mb);
                // Layers on regions of the same shape take the same time: time each shape once.
                KernelTime k = times.computeIfAbsent(List.of(unit.group, i, unit.region, mb), key -> time(op, unit));
                if (unit.group.equals("layer") && i == g.ops().size() - 1) {
                    k = plus(k, handOff(op, unit), "hand-off to the next region");
                }
                if (unit.group.equals("head") && i == 0 && systems > 1) {
                    double hop = (systems - 1) * hiddenBytes(graph, mb) / m.ioPeakBytesPerSecond();
                    k = plus(k, hop, (systems - 1) + " system hand-off(s) over system I/O");
                }
                opTimes.add(k);
                sum += k.seconds();
            }
            perUnit.add(opTimes);
            unitSeconds.add(sum);
        }
        double total = unitSeconds.stream().mapToDouble(Double::doubleValue).sum();
        double slowest = unitSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double step = fidelity == Fidelity.DETAILED ? pipeline(unitSeconds, n) : total + (n - 1) * slowest;
        double factor = step / (n * total);

        // Report per group: the layer group's ops are averaged over its layers.
        List<GroupEstimate> groups = new ArrayList<>();
        for (OpGroup g : graph.groups()) {
            List<OpEstimate> estimates = new ArrayList<>();
            for (int i = 0; i < g.ops().size(); i++) {
                double seconds = 0;
                double ioBytes = 0;
                int count = 0;
                KernelTime first = null;
                for (int u = 0; u < units.size(); u++) {
                    if (units.get(u).group.equals(g.name())) {
                        KernelTime k = perUnit.get(u).get(i);
                        seconds += k.seconds();
                        ioBytes += k.bytes();
                        count++;
                        first = first == null ? k : first;
                    }
                }
                Op op = g.ops().get(i);
                double share = n * factor * seconds / count;
                String detail = first.detail() + String.format(Locale.ROOT,
                        "; %d micro-batch(es) of %d, op's share of the pipelined step", n, mb);
                KernelTime k = new KernelTime(first.kernel(), share, n * ioBytes / count, first.bound(), detail);
                estimates.add(OpEstimate.fastest(op, roofline(op, systems), List.of(k)));
            }
            groups.add(new GroupEstimate(g.name(), g.repeat(), estimates));
        }
        return new Choice(mb, step, groups);
    }

    /** The pipeline on the engine: one compute unit per region, one task per (micro-batch, region). */
    private static double pipeline(List<Double> unitSeconds, int n) {
        EngineBuilder b = new EngineBuilder();
        for (int u = 0; u < unitSeconds.size(); u++) {
            b.addResource(new ComputeUnit("region" + u, 1.0));
        }
        for (int j = 0; j < n; j++) {
            for (int u = 0; u < unitSeconds.size(); u++) {
                Task.Builder t = Task.builder("t" + j + "_" + u).lane("region" + u)
                        .demand("region" + u, unitSeconds.get(u));
                if (u > 0) {
                    t.after("t" + j + "_" + (u - 1));
                }
                if (j > 0) {
                    t.after("t" + (j - 1) + "_" + u);
                }
                b.addTask(t.build());
            }
        }
        return b.build().run().makespanSeconds();
    }

    private double hiddenBytes(OpGraph graph, int mb) {
        Phase phase = graph.workload().phase();
        long tokens = OpShapes.tokens(phase.tokens(), phase.batch(), mb);
        return (double) tokens * graph.workload().model().hidden() * graph.workload().precision().bytes();
    }

    private static KernelTime plus(KernelTime k, double seconds, String what) {
        return new KernelTime(k.kernel(), k.seconds() + seconds, k.bytes(), k.bound(),
                k.detail() + String.format(Locale.ROOT, "; + %s %.3g s", what, seconds));
    }

    /** A layer's output crosses the border to the next region: its rows of links, then the region's width. */
    private double handOff(Op lastOp, Unit unit) {
        if (!(lastOp instanceof Elementwise e)) {
            return 0;
        }
        double wavelets = m.wavelets(e.elements(), e.precision().bytes());
        double cycles = wavelets / (unit.region.height() * m.linkWaveletsPerCycle())
                + unit.region.width() * m.hopCycles();
        return cycles / m.hertz();
    }

    /** One op at one micro-batch on its unit's region. */
    private KernelTime time(Op op, Unit unit) {
        OnWafer.Region r = unit.region;
        if (op instanceof Gemm g) {
            return gemm(g, r);
        }
        OnWafer.Timed t;
        if (op instanceof Attention a) {
            t = onWafer.attention(a, r);
        } else if (op instanceof Norm n) {
            t = onWafer.norm(n, r);
        } else if (op instanceof Elementwise e) {
            t = onWafer.elementwise(e, r);
        } else if (op instanceof Embedding e) {
            double wavelets = m.wavelets((double) e.tokens() * e.hidden(), e.precision().bytes());
            double cycles = wavelets / (r.height() * m.linkWaveletsPerCycle()) + r.width() * m.hopCycles();
            t = new OnWafer.Timed(cycles / m.hertz(), Bound.FABRIC, String.format(Locale.ROOT,
                    "embedding rows read from the table's %d PEs and sent to the first layer's region", r.pes()), 0);
        } else {
            throw new IllegalArgumentException("no resident model for " + op);
        }
        return new KernelTime(WeightStreaming.kernelName(op).replace("-io", ""), t.seconds(), t.ioBytes(), t.bound(),
                t.detail());
    }

    /** Bytes a weight occupies in SRAM: dense values, or nonzero wavelets when fewer. */
    private double storedBytes(Gemm g) {
        double dense = (double) g.weightIn() * g.weightOut() * g.precision().bytes();
        if (g.sparsity().isDense()) {
            return dense;
        }
        double sparse = g.weightNonzeros() * (double) m.waveletsPerNonzero(g.precision()) * m.waveletBytes();
        return Math.min(dense, sparse);
    }

    /** A resident GEMM on region {@code r}: K over rows, N over columns. */
    KernelTime gemm(Gemm g, OnWafer.Region r) {
        long tokens = g.m();
        int rows = r.height();
        int cols = r.width();
        long kBlock = StreamedGemm.ceilDiv(g.weightIn(), rows);
        long nBlock = StreamedGemm.ceilDiv(g.weightOut(), cols);
        int lanes = m.lanes(g.precision());
        double dense = (double) g.weightIn() * g.weightOut() * g.precision().bytes();
        boolean sparse = !g.sparsity().isDense() && storedBytes(g) < dense;
        double compute;
        String format;
        if (sparse) {
            long worst = 0;
            long key = MaskSampler.cell(g.layerType().ordinal(), g.weightIn(), g.weightOut(), 7);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    worst = Math.max(worst, sampler.kept(g.sparsity(), MaskSampler.cell(key, i, j),
                            kBlock * nBlock));
                }
            }
            int wpn = m.waveletsPerNonzero(g.precision());
            compute = worst * (Math.ceil((double) tokens / lanes) + m.nonzeroOverheadCycles() * wpn);
            format = "sparse (" + worst + " nonzeros on the fullest PE)";
        } else {
            compute = kBlock * Math.min(nBlock * Math.ceil((double) tokens / lanes),
                    tokens * Math.ceil((double) nBlock / lanes));
            format = "dense";
        }
        MeshReduce in = MeshReduce.multicast(m, cols, m.wavelets((double) tokens * kBlock, g.precision().bytes()));
        MeshReduce out = MeshReduce.reduce(m, rows,
                (double) tokens * nBlock * WaferMachine.PARTIAL_BYTES / m.waveletBytes());
        double occupancy = Math.max(compute, Math.max(in.occupancyCycles(), out.occupancyCycles()));
        double latency = in.latencyCycles() + out.latencyCycles();
        double cycles = occupancy + latency;
        Bound bound = compute >= Math.max(in.occupancyCycles(), out.occupancyCycles()) && compute >= latency
                ? (sparse && m.nonzeroOverheadCycles() * (double) m.waveletsPerNonzero(g.precision())
                        > Math.ceil((double) tokens / lanes) ? Bound.SPARSE_OVERHEAD : Bound.COMPUTE)
                : Bound.FABRIC;
        String detail = String.format(Locale.ROOT,
                "resident %s weight on %dx%d PEs (%d x %d block per PE): compute %.3g s, input multicast %.3g s, "
                        + "partial %s-reduce %.3g s",
                format, rows, cols, kBlock, nBlock, compute / m.hertz(), in.cycles() / m.hertz(), out.pattern(),
                out.cycles() / m.hertz());
        return new KernelTime(sparse ? "wafer-resident-sparse" : "wafer-resident-dense", cycles / m.hertz(), 0,
                bound, detail);
    }

    /** One op alone with the whole mesh as its region (no capacity check: use run() for that). */
    OpEstimate estimateAlone(Op op) {
        if (op instanceof OptimizerUpdate) {
            throw new io.sparsim.core.BadInputException("--mode", "weight-streaming for the optimizer (resident "
                    + "mode serves inference)", "resident");
        }
        Unit unit = new Unit("op", 0, new OnWafer.Region(m.width(), m.height()));
        KernelTime k = time(op, unit);
        return OpEstimate.fastest(op, roofline(op, 1), List.of(k));
    }

    private double roofline(Op op, int systems) {
        double flops = op.flops() / (systems * m.peakFlopsPerSecond(WeightStreaming.precisionOf(op)));
        double sramBandwidth = m.profile().totals().memoryBandwidth().bytesPerSecond();
        return Math.max(flops, op.minBytes() / (systems * sramBandwidth));
    }

    private static String gb(double bytes) {
        return WeightStreaming.gb(bytes);
    }
}
