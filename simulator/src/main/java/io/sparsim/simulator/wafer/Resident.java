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
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.DoesNotFit;
import io.sparsim.simulator.memory.MemoryComponents;
import io.sparsim.simulator.memory.WeightMemory;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
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
 * activations), on the systems asked for (replicas of a pipeline, each serving part of the batch); tokens flow
 * region to region. Regions are sized for the dense twin whenever it fits, so a sparse model runs where its
 * twin runs and keeps a weight dense where that is faster.
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
    /** Kept weights on the fullest PE by (pattern, layer, shape, region): independent of tokens. */
    private final Map<List<Object>, Long> worst = new HashMap<>();

    Resident(WaferMachine machine, MaskSampler sampler) {
        this.m = machine;
        this.sampler = sampler;
        this.onWafer = new OnWafer(machine);
    }

    /** A pipeline stage: a group's ops on a region of one system. */
    private record Unit(String group, int system, OnWafer.Region region, boolean denseRoom) {}

    /**
     * What one pipeline replica keeps in SRAM per unit, in bytes: the embedding table, each decoder layer
     * (weights, its KV cache for the replica's sequences, one sequence's activations) and the head.
     */
    record Sizes(double embedding, double layerWeights, double kvCache, double activations, double head,
                 int layers, double layerIndices, double headIndices) {
        double layer() {
            return layerWeights + kvCache + activations;
        }

        double headUnit() {
            return head + activations;
        }

        double totalBytes() {
            return embedding + layers * layer() + headUnit();
        }

        /** Units in pipeline order: embedding, every layer, head. */
        List<Double> units() {
            List<Double> out = new ArrayList<>();
            out.add(embedding);
            for (int l = 0; l < layers; l++) {
                out.add(layer());
            }
            out.add(headUnit());
            return out;
        }

        /** Systems a pipeline needs, packing units in order; 0 when one unit exceeds a wafer. */
        int systemsNeeded(double sram) {
            int systems = 0;
            double used = 0;
            for (double x : units()) {
                if (x > sram) {
                    return 0;
                }
                if (systems == 0 || used + x > sram) {
                    systems++;
                    used = 0;
                }
                used += x;
            }
            return systems;
        }
    }

    /** Units in the pipeline of one replica (embedding, layers, head): the most systems one pipeline spans. */
    private static int unitCount(OpGraph graph) {
        return graph.group("layer").orElseThrow().repeat() + 2;
    }

    /** The replica's sizes as the workload stores them: sparse weights as nonzero wavelets where smaller. */
    private Sizes own(OpGraph graph, int sequences) {
        Phase phase = graph.workload().phase();
        long seq = phase instanceof Phase.Prefill p ? p.seqLen() : 1;
        long kvLen = phase instanceof Phase.Decode d ? d.kvLen() : seq;
        Footprint fp = Footprint.of(graph);
        int b = graph.workload().precision().bytes();
        var model = graph.workload().model();
        double layerWeights = 2.0 * model.hidden() * b;
        double layerIndices = 0;
        for (Op op : graph.group("layer").orElseThrow().ops()) {
            if (op instanceof Gemm g) {
                layerWeights += storedBytes(g);
                layerIndices += indexBytes(g);
            }
        }
        double head = (double) model.hidden() * b;
        double headIndices = 0;
        for (Op op : graph.group("head").orElseThrow().ops()) {
            if (op instanceof Gemm g) {
                head += storedBytes(g);
                headIndices += indexBytes(g);
            }
        }
        return new Sizes((double) model.vocab() * model.hidden() * b, layerWeights,
                (double) sequences * kvLen * (fp.kvElementsPerToken() / fp.layers()) * b,
                (double) seq * fp.layerElementsPerToken() * b, head, fp.layers(), layerIndices, headIndices);
    }

    /** The replica's sizes for the dense twin (dense weights, every head and neuron kept). */
    private static Sizes denseTwin(OpGraph graph, int sequences) {
        Phase phase = graph.workload().phase();
        long seq = phase instanceof Phase.Prefill p ? p.seqLen() : 1;
        long kvLen = phase instanceof Phase.Decode d ? d.kvLen() : seq;
        int b = graph.workload().precision().bytes();
        var model = graph.workload().model();
        long h = model.hidden();
        long layerElements = 6 * h + 2L * model.kvDim() + 3L * model.intermediate();
        return new Sizes((double) model.vocab() * h * b, (model.layerMatmulParameters() + 2.0 * h) * b,
                (double) sequences * kvLen * 2.0 * model.kvDim() * b, (double) seq * layerElements * b,
                (model.weightElements(io.sparsim.workloads.model.LayerType.LM_HEAD) + (double) h) * b, model.layers(),
                0, 0);
    }

    /**
     * How the step is split: {@code replicas} copies of a pipeline over {@code stages} systems, each copy serving
     * {@code sequences} of the batch; regions sized by {@code layout} (the dense twin's sizes whenever the twin
     * fits the same split, so a sparse model and its dense twin run on the same regions).
     */
    record Split(int stages, int replicas, int sequences, Sizes layout, boolean twinLayout) {
        int systems() {
            return stages * replicas;
        }
    }

    /**
     * The splits of exactly {@code systems} systems into replicas of a pipeline that hold the dense twin (so a
     * sparse model and its twin choose among the same splits and regions), else those that hold the model; empty
     * when none does.
     */
    private List<Split> splits(OpGraph graph, int systems) {
        int batch = graph.workload().phase().batch();
        int units = unitCount(graph);
        double sram = m.meshSramBytes();
        for (boolean twin : new boolean[] {true, false}) {
            List<Split> out = new ArrayList<>();
            for (int r = 1; r <= Math.min(batch, systems); r++) {
                if (systems % r != 0 || systems / r > units) {
                    continue;
                }
                int sequences = (int) StreamedGemm.ceilDiv(batch, r);
                Sizes sizes = twin ? denseTwin(graph, sequences) : own(graph, sequences);
                int needed = sizes.systemsNeeded(sram);
                if (needed > 0 && needed <= systems / r) {
                    out.add(new Split(systems / r, r, sequences, sizes, twin));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return List.of();
    }

    /**
     * The fewest systems that hold the model resident (replicas of a pipeline, each serving part of the batch):
     * for the dense twin when it fits anywhere, so sparse and dense land on the same count; 0 when one layer of
     * one sequence exceeds a wafer.
     */
    int minimumSystems(OpGraph graph, boolean twin) {
        int batch = graph.workload().phase().batch();
        double sram = m.meshSramBytes();
        long best = 0;
        int lastSequences = -1;
        for (int r = 1; r <= batch; r++) {
            int sequences = (int) StreamedGemm.ceilDiv(batch, r);
            if (sequences == lastSequences) {
                continue; // more replicas, same sequences each: only costs systems
            }
            lastSequences = sequences;
            Sizes sizes = twin ? denseTwin(graph, sequences) : own(graph, sequences);
            int needed = sizes.systemsNeeded(sram);
            long total = (long) needed * r;
            if (needed > 0 && (best == 0 || total < best)) {
                best = total;
            }
        }
        return (int) Math.min(best, Integer.MAX_VALUE);
    }

    /** The fewest systems for the model itself (its own, possibly sparse, sizes): 0 when none holds it. */
    int minimumSystems(OpGraph graph) {
        return minimumSystems(graph, false);
    }

    /**
     * @param requested systems to run on, or {@link io.sparsim.simulator.TargetOptions#AUTO_SYSTEMS}: the fewest
     *                  that hold the dense twin (else the model), so sparse and dense runs share the count
     */
    /** True when the model runs resident on {@code requested} systems (auto: on some count). */
    boolean holds(OpGraph graph, int requested) {
        if (graph.workload().phase() instanceof Phase.Train) {
            return false;
        }
        int systems = requested;
        if (requested == io.sparsim.simulator.TargetOptions.AUTO_SYSTEMS) {
            int twin = minimumSystems(graph, true);
            systems = twin > 0 ? twin : minimumSystems(graph, false);
        }
        return systems > 0 && !splits(graph, systems).isEmpty();
    }

    /** A resident step laid out: the split, its units and the fastest micro-batch; or why none fits. */
    private record Planned(Split split, List<Unit> units, Choice best, boolean auto, String doesNotFit,
                           int minimumSystems, int systems) {}

    private Planned plan(OpGraph graph, Fidelity fidelity, int requested) {
        Phase phase = graph.workload().phase();
        if (phase instanceof Phase.Train) {
            throw new io.sparsim.core.BadInputException("--mode", "weight-streaming or auto for a training step "
                    + "(resident mode holds inference weights in SRAM; training streams them)", "resident");
        }
        double sram = m.meshSramBytes();
        boolean auto = requested == io.sparsim.simulator.TargetOptions.AUTO_SYSTEMS;
        int twinMinimum = minimumSystems(graph, true);
        int ownMinimum = minimumSystems(graph, false);
        int systems = auto ? (twinMinimum > 0 ? twinMinimum : ownMinimum) : requested;
        List<Split> splits = systems > 0 ? splits(graph, systems) : List.of();
        if (splits.isEmpty()) {
            Sizes one = own(graph, 1);
            String why;
            if (ownMinimum == 0) {
                why = String.format(Locale.ROOT, "layer 0 needs %s for one sequence (weights %s, KV cache %s, "
                        + "activations %s), wafer has %s", gb(one.layer()), gb(one.layerWeights()), gb(one.kvCache()),
                        gb(one.activations()), gb(sram));
                if (one.embedding() > sram || one.headUnit() > sram) {
                    why = String.format(Locale.ROOT, "%s needs %s, wafer has %s", one.embedding() > sram
                            ? "embedding" : "head", gb(Math.max(one.embedding(), one.headUnit())), gb(sram));
                }
            } else if (systems < ownMinimum) {
                Sizes all = own(graph, phase.batch());
                why = String.format(Locale.ROOT, "resident needs at least %d system(s) of %s (%s mesh SRAM each) "
                        + "for %s weights + %s KV cache at batch %d; %d given (or --systems auto)", ownMinimum, m.id(),
                        gb(sram), gb(all.embedding() + all.layers() * all.layerWeights() + all.head()),
                        gb(all.layers() * all.kvCache()), phase.batch(), systems);
            } else {
                why = String.format(Locale.ROOT, "%d system(s) do not split into pipelines of at most %d stages "
                        + "(embedding, %d layers, head) times at most %d replicas (one per sequence)", systems,
                        unitCount(graph), unitCount(graph) - 2, phase.batch());
            }
            return new Planned(null, null, null, auto, why, ownMinimum, systems);
        }
        Split split = null;
        Choice best = null;
        List<Unit> list = null;
        for (Split candidate : splits) {
            List<Unit> units = units(candidate, sram);
            Choice c = bestMicroBatch(graph, units, candidate, fidelity);
            if (best == null || c.step < best.step) {
                best = c;
                split = candidate;
                list = units;
            }
        }
        return new Planned(split, list, best, auto, null, ownMinimum, systems);
    }

    /**
     * The busiest system's SRAM (weights with their wavelet indices, KV cache, activations) against the mesh
     * SRAM; when the model does not fit the systems asked for, the fewest that hold it.
     */
    DeviceMemory memory(OpGraph graph, int requested) {
        Planned p = plan(graph, Fidelity.FAST, requested);
        long capacity = (long) m.meshSramBytes();
        if (p.split == null) {
            // The model packed evenly onto the systems asked for (at least one): its busiest system.
            int systems = Math.max(1, p.systems);
            Sizes all = own(graph, graph.workload().phase().batch());
            List<Integer> systemOf = greedyEven(all.units(), systems);
            MemoryComponents c = busiest(all, systemOf);
            if (c.totalBytes() > capacity) {
                return new DeviceMemory(c, capacity, Optional.of(new DoesNotFit(p.doesNotFit, p.minimumSystems)));
            }
            return new DeviceMemory(c, capacity, Optional.empty());
        }
        Sizes own = own(graph, p.split.sequences());
        List<Integer> systemOf = new ArrayList<>();
        for (Unit u : p.units) {
            systemOf.add(u.system);
        }
        return new DeviceMemory(busiest(own, systemOf), capacity, Optional.empty());
    }

    /** Units on systems, evenly by bytes (the bisection of {@link #pack} without a capacity bound). */
    private static List<Integer> greedyEven(List<Double> bytes, int systems) {
        double total = bytes.stream().mapToDouble(Double::doubleValue).sum();
        return pack(bytes, systems, total);
    }

    /** The components of the system that holds the most. */
    private static MemoryComponents busiest(Sizes sizes, List<Integer> systemOf) {
        int units = systemOf.size();
        MemoryComponents most = null;
        for (int s = 0; s <= systemOf.get(units - 1); s++) {
            double weights = 0;
            double indices = 0;
            double kv = 0;
            double acts = 0;
            for (int u = 0; u < units; u++) {
                if (systemOf.get(u) != s) {
                    continue;
                }
                if (u == 0) {
                    weights += sizes.embedding();
                } else if (u == units - 1) {
                    weights += sizes.head();
                    indices += sizes.headIndices();
                    acts += sizes.activations();
                } else {
                    weights += sizes.layerWeights();
                    indices += sizes.layerIndices();
                    kv += sizes.kvCache();
                    acts += sizes.activations();
                }
            }
            Map<String, Long> metadata = indices > 0 ? Map.of("wavelet indices", (long) indices) : Map.of();
            MemoryComponents c = new MemoryComponents(new WeightMemory((long) (weights - indices), metadata),
                    (long) kv, (long) acts, Recompute.NONE, 0, 0, Parallelism.ZeroStage.NONE, 0);
            if (most == null || c.totalBytes() > most.totalBytes()) {
                most = c;
            }
        }
        return most;
    }

    /**
     * @param requested systems to run on, or {@link io.sparsim.simulator.TargetOptions#AUTO_SYSTEMS}: the fewest
     *                  that hold the dense twin (else the model), so sparse and dense runs share the count
     */
    SimResult run(OpGraph graph, Fidelity fidelity, String hardwareId, int requested) {
        Planned p = plan(graph, fidelity, requested);
        if (p.split == null) {
            return new SimResult(hardwareId, fidelity, graph, List.of(), "resident", Optional.of(p.doesNotFit));
        }
        Split split = p.split;
        Choice best = p.best;
        List<Unit> list = p.units;
        boolean auto = p.auto;
        double sram = m.meshSramBytes();
        Sizes sizes = split.layout();
        int batch = split.sequences();
        Unit firstLayer = list.get(1);
        String chosen = auto ? String.format(Locale.ROOT, "%d system(s) chosen by --systems auto: the fewest that "
                + "hold %s; ", split.systems(), split.twinLayout() ? "the dense twin" : "the model") : "";
        String mapping = String.format(Locale.ROOT,
                "resident, layer-pipelined on %d system(s) of %s (%s%d pipeline(s) of %d system(s), %d sequence(s) "
                        + "each; %dx%d PEs, %s mesh SRAM per system): regions sized for %s; layer region %dx%d PEs "
                        + "holding %s weights + %s KV cache + %s activations; embedding %s, head %s; "
                        + "micro-batches of %d sequence(s), %d in flight",
                split.systems(), m.id(), chosen, split.replicas(), split.stages(), batch, m.width(), m.height(),
                gb(sram), split.twinLayout() ? "the dense twin" : "the model as stored", firstLayer.region.width(),
                firstLayer.region.height(), gb(sizes.layerWeights()), gb(sizes.kvCache()), gb(sizes.activations()),
                gb(sizes.embedding()), gb(sizes.head()), best.microBatch,
                (int) StreamedGemm.ceilDiv(batch, best.microBatch));
        return new SimResult(hardwareId, fidelity, graph, best.groups, mapping, Optional.empty());
    }

    /** Embedding, layers and head on the split's stages, each region in proportion to its bytes in its system. */
    private List<Unit> units(Split split, double sram) {
        List<Double> bytes = split.layout().units();
        int units = bytes.size();
        List<Integer> systemOf = pack(bytes, split.stages(), sram);
        double[] systemBytes = new double[systemOf.get(units - 1) + 1];
        for (int u = 0; u < units; u++) {
            systemBytes[systemOf.get(u)] += bytes.get(u);
        }
        List<Unit> list = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            int s = systemOf.get(u);
            long pes = (long) Math.floor(m.pes() * bytes.get(u) / systemBytes[s]);
            String name = u == 0 ? "embedding" : u == units - 1 ? "head" : "layer";
            list.add(new Unit(name, s, OnWafer.Region.of(Math.max(1, pes), m.width(), m.height()),
                    split.twinLayout()));
        }
        return list;
    }

    /** The fastest micro-batch (1, 2, 4, ... sequences and the replica's whole share) whose activations fit. */
    private Choice bestMicroBatch(OpGraph graph, List<Unit> units, Split split, Fidelity fidelity) {
        Sizes sizes = split.layout();
        int batch = split.sequences();
        Set<Integer> mbs = new LinkedHashSet<>();
        for (int mb = 1; mb < batch; mb *= 2) {
            mbs.add(mb);
        }
        mbs.add(batch);
        Choice best = null;
        double layerRegion = units.get(1).region.pes() * m.sramBytesPerPe();
        for (int mb : mbs) {
            if (mb > 1 && sizes.layerWeights() + sizes.kvCache() + mb * sizes.activations() > layerRegion) {
                continue; // a layer's region cannot hold this many sequences' activations
            }
            Choice c = evaluate(graph, units, mb, batch, split, fidelity);
            if (best == null || c.step < best.step) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Units onto {@code stages} systems in order, balanced: the smallest per-system load for which greedy packing
     * needs at most {@code stages} systems (bisection), then each unit's system.
     */
    private static List<Integer> pack(List<Double> bytes, int stages, double sram) {
        double lo = bytes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double hi = sram;
        for (int i = 0; i < 60 && hi - lo > 1; i++) {
            double mid = 0.5 * (lo + hi);
            if (greedy(bytes, mid).get(bytes.size() - 1) < stages) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return greedy(bytes, hi);
    }

    private static List<Integer> greedy(List<Double> bytes, double capacity) {
        List<Integer> systemOf = new ArrayList<>();
        int s = 0;
        double used = 0;
        for (double x : bytes) {
            if (!systemOf.isEmpty() && used + x > capacity) {
                s++;
                used = 0;
            }
            used += x;
            systemOf.add(s);
        }
        return systemOf;
    }

    private record Choice(int microBatch, double step, List<GroupEstimate> groups) {}

    private Choice evaluate(OpGraph graph, List<Unit> units, int mb, int batch, Split split, Fidelity fidelity) {
        int n = (int) StreamedGemm.ceilDiv(batch, mb);
        int whole = graph.workload().phase().batch();
        int stages = units.get(units.size() - 1).system + 1;
        // Per unit: its ops' kernel times at one micro-batch.
        List<List<KernelTime>> perUnit = new ArrayList<>();
        List<Double> unitSeconds = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            OpGroup g = graph.group(unit.group).orElseThrow();
            List<KernelTime> opTimes = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < g.ops().size(); i++) {
                Op op = OpShapes.scale(g.ops().get(i), whole, mb);
                // Layers on regions of the same shape take the same time: time each shape once.
                KernelTime k = times.computeIfAbsent(List.of(unit.group, i, unit.region, mb, unit.denseRoom),
                        key -> time(op, unit));
                if (unit.group.equals("layer") && i == g.ops().size() - 1) {
                    Unit next = units.get(u + 1);
                    k = next.system == unit.system ? plus(k, handOff(op, unit), "hand-off to the next region")
                            : plus(k, systemHop(graph, mb), "hand-off to the next system over system I/O");
                }
                if (unit.group.equals("embedding") && units.get(1).system != unit.system) {
                    k = plus(k, systemHop(graph, mb), "hand-off to the next system over system I/O");
                }
                if (unit.group.equals("head") && i == g.ops().size() - 1) {
                    k = plus(k, sampling(unit, mb, stages), stages > 1 ? "sampling: argmax over the vocabulary, "
                            + "token id back to the first system" : "sampling: argmax over the vocabulary, token id "
                            + "back to the embedding");
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
                estimates.add(OpEstimate.fastest(op, roofline(op, split.systems()), List.of(k)));
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

    /**
     * A micro-batch's hidden states from one system to the next: across the wafer to the I/O channels on its
     * edge and from the edge to the next region on the other wafer (a wafer's width in hops, half on each side),
     * and the bytes at the system I/O rate.
     */
    private double systemHop(OpGraph graph, int mb) {
        return hiddenBytes(graph, mb) / m.ioPeakBytesPerSecond() + m.width() * m.hopCycles() / m.hertz();
    }

    /**
     * Sampling a micro-batch's next tokens: an argmax (value and index, two wavelets per sequence) reduced over
     * the head region's rows and then its columns, and the token id's trip back to the embedding: across the
     * wafer (its width and height in hops), or back to the first system over I/O.
     */
    private double sampling(Unit head, int mb, int stages) {
        OnWafer.Region r = head.region;
        MeshReduce argmax = MeshReduce.reduce(m, r.width(), 2.0 * mb).then(MeshReduce.reduce(m, r.height(),
                2.0 * mb));
        double back = stages > 1 ? m.width() * m.hopCycles() : (m.width() + m.height()) * m.hopCycles();
        double seconds = (argmax.cycles() + back) / m.hertz();
        if (stages > 1) {
            seconds += 4.0 * mb / m.ioPeakBytesPerSecond();
        }
        return seconds;
    }

    /**
     * The region-wide barrier after an op that ends in a collective (a GEMM's reduction, attention, a norm):
     * its last partial sums land on different PEs at different times, and the next op may reuse their buffers
     * only when every PE of the region knows the op is done: an all-reduce of one completion wavelet along the
     * region's rows and then its columns (the mesh reduce model of arXiv 2404.15888). Local ops (rope, residual
     * adds, SwiGLU) follow their inputs without one.
     */
    double barrierSeconds(OnWafer.Region r) {
        double cycles = MeshReduce.allReduce(m, r.width(), 1).cycles() + MeshReduce.allReduce(m, r.height(), 1)
                .cycles();
        return cycles / m.hertz();
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
            return plus(gemm(g, r, unit.denseRoom), barrierSeconds(r), "region barrier");
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
        KernelTime k = new KernelTime(WeightStreaming.kernelName(op).replace("-io", ""), t.seconds(), t.ioBytes(),
                t.bound(), t.detail());
        return op instanceof Attention || op instanceof Norm ? plus(k, barrierSeconds(r), "region barrier") : k;
    }

    /** The index half of a weight stored as nonzero wavelets (16 bits per nonzero); 0 when stored dense. */
    private double indexBytes(Gemm g) {
        double dense = (double) g.weightIn() * g.weightOut() * g.precision().bytes();
        double stored = storedBytes(g);
        return stored < dense ? g.weightNonzeros() * (WaferMachine.SPARSE_INDEX_BITS / 8.0) : 0;
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

    /**
     * A resident GEMM on region {@code r}: K over rows, N over columns. A sparse weight is stored as nonzero
     * wavelets when that is smaller than dense; where the region has room for the dense weight ({@code denseRoom}:
     * regions sized for the dense twin) the runtime keeps whichever format computes faster, so a sparse weight
     * never runs slower than its dense twin.
     */
    KernelTime gemm(Gemm g, OnWafer.Region r, boolean denseRoom) {
        long tokens = g.m();
        int rows = r.height();
        int cols = r.width();
        long kBlock = StreamedGemm.ceilDiv(g.weightIn(), rows);
        long nBlock = StreamedGemm.ceilDiv(g.weightOut(), cols);
        int lanes = m.lanes(g.precision());
        double dense = (double) g.weightIn() * g.weightOut() * g.precision().bytes();
        double denseCompute = kBlock * Math.min(nBlock * Math.ceil((double) tokens / lanes),
                tokens * Math.ceil((double) nBlock / lanes));
        boolean sparse = false;
        double compute = denseCompute;
        String format = "dense";
        if (!g.sparsity().isDense() && storedBytes(g) < dense) {
            long fullest = worst.computeIfAbsent(List.of(g.sparsity(), g.layerType(), g.weightIn(), g.weightOut(), rows,
                    cols), key -> fullestPe(g, rows, cols, kBlock * nBlock));
            int wpn = m.waveletsPerNonzero(g.precision());
            double sparseCompute = fullest * (Math.ceil((double) tokens / lanes) + m.nonzeroOverheadCycles() * wpn);
            if (!denseRoom || sparseCompute < denseCompute) {
                sparse = true;
                compute = sparseCompute;
                format = "sparse (" + fullest + " nonzeros on the fullest PE)";
            } else {
                format = "dense (kept: the sparse format's " + fullest + " nonzeros on the fullest PE would take "
                        + String.format(Locale.ROOT, "%.3g s", sparseCompute / m.hertz()) + ")";
            }
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

    /** Kept weights on the fullest PE of a rows x cols region, from the seeded mask. */
    private long fullestPe(Gemm g, int rows, int cols, long perPe) {
        long most = 0;
        long key = MaskSampler.cell(g.layerType().ordinal(), g.weightIn(), g.weightOut(), 7);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                most = Math.max(most, sampler.kept(g.sparsity(), MaskSampler.cell(key, i, j), perPe));
            }
        }
        return most;
    }

    /** One op alone with the whole mesh as its region (no capacity check: use run() for that). */
    OpEstimate estimateAlone(Op op) {
        if (op instanceof OptimizerUpdate) {
            throw new io.sparsim.core.BadInputException("--mode", "weight-streaming for the optimizer (resident "
                    + "mode serves inference)", "resident");
        }
        if (op instanceof Gemm g && g.pass() != Pass.FORWARD) {
            // The resident mapping lays out a forward product (tokens x weight); a backward pass is training's.
            throw new io.sparsim.core.BadInputException("--mode", "weight-streaming for a " + g.pass().name()
                    .toLowerCase(Locale.ROOT) + " GEMM (resident mode serves inference)", "resident");
        }
        Unit unit = new Unit("op", 0, new OnWafer.Region(m.width(), m.height()), true);
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
