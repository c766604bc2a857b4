package io.sparsim.simulator.parallel;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Collective;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.ops.OpGroup;
import io.sparsim.workloads.ops.OptimizerUpdate;
import io.sparsim.workloads.ops.Pass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A step split over devices: each device runs its tensor-parallel shard of its pipeline stage's layers on a
 * micro-batch of its data-parallel replica, on the device's own target; collectives run on the fabric.
 * <ul>
 *   <li>Tensor parallelism (Megatron-LM): an all-reduce of the layer's activations after o and down in the
 *       forward, and after the q/k/v and gate/up input gradients in the backward; one after the vocabulary-parallel
 *       embedding; the loss's vocabulary-parallel reductions; inference gathers the logits. Not overlapped.
 *   <li>Pipeline parallelism, 1F1B: {@code m} micro-batches through {@code p} stages take {@code m + p - 1}
 *       stage times (the bubble is {@code (p-1)/(m+p-1)} of the step); the slowest stage (its layers plus the
 *       embedding or the LM head) sets the pace; activations (and their gradients) cross each stage boundary.
 *   <li>Data parallelism: the gradient all-reduce (ZeRO-1/2: reduce-scatter, then all-gather of the updated
 *       weights) overlaps the last micro-batch's backward; only what exceeds it is exposed. ZeRO-3/FSDP gathers
 *       each layer's weights before its forward and backward and scatters its gradients, prefetched behind the
 *       layer's compute. The optimizer updates the device's share.
 * </ul>
 */
public final class ParallelTarget implements Target {
    private final HardwareProfile profile;
    private final Target device;
    private final Fabric fabric;
    private final Parallelism p;

    public ParallelTarget(HardwareProfile profile, Target device, Fabric fabric, Parallelism parallelism) {
        this.profile = profile;
        this.device = device;
        this.fabric = fabric;
        this.p = parallelism;
    }

    @Override
    public String hardwareId() {
        return profile.id();
    }

    /** One op on one device, unsharded. */
    @Override
    public OpEstimate estimate(Op op, Fidelity fidelity) {
        return device.estimate(op, fidelity);
    }

    @Override
    public SimResult run(OpGraph graph, Fidelity fidelity) {
        return new Run(graph, fidelity).result();
    }

    private final class Run {
        private final OpGraph graph;
        private final Fidelity fidelity;
        private final Workload w;
        private final ModelConfig model;
        private final int microBatch;
        private final int microBatches;
        private final int stageLayers;
        private final int rounds;
        private final boolean train;
        private final double activationBytes;
        private final boolean zero3;

        Run(OpGraph graph, Fidelity fidelity) {
            this.graph = graph;
            this.fidelity = fidelity;
            this.w = graph.workload();
            this.model = w.model();
            int replica = p.replicaBatch(w.phase().batch());
            this.microBatch = p.microBatchOf(replica);
            this.microBatches = replica / microBatch;
            this.stageLayers = (model.layers() + p.pp() - 1) / p.pp();
            this.rounds = microBatches + p.pp() - 1;
            this.train = w.phase() instanceof Phase.Train;
            this.activationBytes = (double) withBatch(w.phase(), microBatch).tokens() * model.hidden()
                    * w.precision().bytes();
            this.zero3 = train && p.dp() > 1 && p.zero().shardsWeights();
        }

        SimResult result() {
            Workload micro = Workload.of(model, withBatch(w.phase(), microBatch), w.precision(), w.sparsity());
            OpGraph g = Lowering.lower(micro);
            List<GroupEstimate> layerGroups = new ArrayList<>();
            List<GroupEstimate> first = new ArrayList<>();
            List<GroupEstimate> last = new ArrayList<>();
            OptimizerUpdate optimizer = null;
            double layerBackwardSeconds = 0;
            double layerWeightBytes = 0;
            for (OpGroup group : g.groups()) {
                List<OpEstimate> ops = new ArrayList<>();
                double weightBytes = 0;
                for (Op op : group.ops()) {
                    if (op instanceof OptimizerUpdate u) {
                        optimizer = u;
                        continue;
                    }
                    Op shard = Sharding.shard(op, p.tp(), model);
                    ops.add(device.estimate(shard, fidelity));
                    if (shard instanceof Gemm gemm && gemm.pass() == Pass.FORWARD) {
                        weightBytes += gemm.weightBytes();
                    }
                    tensorParallel(op, ops);
                }
                if (ops.isEmpty()) {
                    continue;
                }
                String name = group.name();
                if (name.startsWith("layer")) {
                    // The backward re-gathers the weights the forward gathered.
                    layerWeightBytes = name.equals("layer") ? weightBytes : layerWeightBytes;
                    if (zero3) {
                        fsdp(name, layerWeightBytes, ops);
                    }
                    GroupEstimate e = new GroupEstimate(name, stageLayers * rounds, ops);
                    layerGroups.add(e);
                    if (name.equals("layer.backward")) {
                        layerBackwardSeconds = e.seconds() / rounds;
                    }
                } else if (name.startsWith("embedding")) {
                    first.add(new GroupEstimate(name, rounds, ops));
                } else {
                    last.add(new GroupEstimate(name, rounds, ops));
                }
            }
            List<GroupEstimate> groups = new ArrayList<>();
            if (p.pp() == 1) {
                groups.addAll(first);
                groups.addAll(layerGroups);
                groups.addAll(last);
            } else {
                // The first stage adds the embedding, the last the LM head: the slower of the two sets the pace.
                double a = first.stream().mapToDouble(GroupEstimate::seconds).sum();
                double b = last.stream().mapToDouble(GroupEstimate::seconds).sum();
                groups.addAll(a >= b ? first : List.of());
                groups.addAll(layerGroups);
                groups.addAll(a >= b ? List.of() : last);
                groups.add(pipeline());
            }
            if (optimizer != null) {
                groups.add(new GroupEstimate("optimizer", 1, List.of(device.estimate(shardOptimizer(optimizer),
                        fidelity))));
                if (p.dp() > 1 && !zero3) {
                    dataParallel(optimizer, layerBackwardSeconds).ifPresent(groups::add);
                }
            }
            return new SimResult(profile.id(), fidelity, graph, groups, mapping(), Optional.empty());
        }

        /** Megatron's tensor-parallel collectives that follow {@code op} (unsharded), appended to {@code ops}. */
        private void tensorParallel(Op op, List<OpEstimate> ops) {
            if (p.tp() == 1) {
                return;
            }
            String n = op.name();
            switch (n) {
                case "o_proj", "down_proj", "embedding", "q_proj.dgrad", "gate_proj.dgrad", "lm_head.dgrad" ->
                        ops.add(collective("tp.all-reduce(" + n + ")", Collective.Kind.ALL_REDUCE, activationBytes,
                                p.tp(), 1));
                case "loss" -> // vocabulary-parallel cross entropy: max, sum of exponentials, target logit (fp32)
                        ops.add(collective("tp.all-reduce(loss)", Collective.Kind.ALL_REDUCE,
                                3.0 * withBatch(w.phase(), microBatch).tokens() * Float.BYTES, p.tp(), 1));
                case "lm_head" -> {
                    if (!train) {
                        Gemm g = (Gemm) op;
                        ops.add(collective("tp.all-gather(logits)", Collective.Kind.ALL_GATHER,
                                (double) g.m() * g.n() * g.precision().bytes(), p.tp(), 1));
                    }
                }
                default -> { }
            }
        }

        /** ZeRO-3: gather the layer's weights (and scatter its gradients) behind the layer's compute. */
        private void fsdp(String group, double weightBytes, List<OpEstimate> ops) {
            double compute = ops.stream().mapToDouble(OpEstimate::seconds).sum();
            int stride = p.tp();
            OpEstimate gather = Collectives.estimate(new Collective("dp.all-gather(weights)",
                    Collective.Kind.ALL_GATHER, weightBytes, p.dp()), fabric, stride);
            double comm = gather.seconds();
            if (group.equals("layer.backward")) {
                comm += Collectives.estimate(new Collective("dp.reduce-scatter(gradients)",
                        Collective.Kind.REDUCE_SCATTER, weightBytes, p.dp()), fabric, stride).seconds();
            }
            exposed("dp.fsdp(" + group + ")", comm, compute, weightBytes, gather.chosen().kernel())
                    .ifPresent(ops::add);
        }

        private GroupEstimate pipeline() {
            int stride = p.tp() * p.dp();
            List<OpEstimate> ops = new ArrayList<>();
            ops.add(collective("pp.send(activations)", Collective.Kind.SEND_RECV, activationBytes, 2, stride));
            if (train) {
                ops.add(collective("pp.send(gradients)", Collective.Kind.SEND_RECV, activationBytes, 2, stride));
            }
            return new GroupEstimate("pipeline.p2p", rounds, ops);
        }

        private OptimizerUpdate shardOptimizer(OptimizerUpdate u) {
            long ranks = (long) p.tp() * p.pp() * (p.zero().shardsOptimizer() ? p.dp() : 1);
            return new OptimizerUpdate(u.name(), ceilDiv(u.parameters(), ranks), ceilDiv(u.denseParameters(), ranks),
                    u.precision());
        }

        /** The gradient exchange after the backward, less what hides behind the last micro-batch's backward. */
        private Optional<GroupEstimate> dataParallel(OptimizerUpdate u, double backwardSeconds) {
            double gradientBytes = (double) ceilDiv(u.parameters(), (long) p.tp() * p.pp()) * w.precision().bytes();
            int stride = p.tp();
            List<OpEstimate> ops = new ArrayList<>();
            if (p.zero().shardsOptimizer()) {
                OpEstimate scatter = Collectives.estimate(new Collective("dp.reduce-scatter(gradients)",
                        Collective.Kind.REDUCE_SCATTER, gradientBytes, p.dp()), fabric, stride);
                exposed(scatter.op().name(), scatter.seconds(), backwardSeconds, gradientBytes,
                        scatter.chosen().kernel()).ifPresent(ops::add);
                ops.add(collective("dp.all-gather(weights)", Collective.Kind.ALL_GATHER, gradientBytes, p.dp(),
                        stride));
            } else {
                OpEstimate reduce = Collectives.estimate(new Collective("dp.all-reduce(gradients)",
                        Collective.Kind.ALL_REDUCE, gradientBytes, p.dp()), fabric, stride);
                exposed(reduce.op().name(), reduce.seconds(), backwardSeconds, gradientBytes,
                        reduce.chosen().kernel()).ifPresent(ops::add);
            }
            return ops.isEmpty() ? Optional.empty() : Optional.of(new GroupEstimate("data-parallel", 1, ops));
        }

        /** A collective overlapped with {@code hiddenBehind} seconds of compute: only the excess costs time. */
        private Optional<OpEstimate> exposed(String name, double commSeconds, double hiddenBehind, double bytes,
                                             String kernel) {
            double excess = commSeconds - hiddenBehind;
            if (!(excess > 0)) {
                return Optional.empty();
            }
            Collective c = new Collective(name, Collective.Kind.ALL_REDUCE, bytes, p.dp());
            KernelTime k = new KernelTime(kernel + "-exposed", excess, bytes, Bound.INTERCONNECT, String.format(
                    Locale.ROOT, "%.3g ms of communication, %.3g ms hidden behind compute", commSeconds * 1e3,
                    Math.min(commSeconds, hiddenBehind) * 1e3));
            return Optional.of(new OpEstimate(c, 0, k, List.of(k)));
        }

        private OpEstimate collective(String name, Collective.Kind kind, double bytes, int ranks, int stride) {
            return Collectives.estimate(new Collective(name, kind, bytes, ranks), fabric, stride);
        }

        private String mapping() {
            int nodes = (p.devices() + fabric.devicesPerNode() - 1) / fabric.devicesPerNode();
            return String.format(Locale.ROOT, "tp %d x pp %d x dp %d = %d devices on %s (%d node%s), %d micro-batch%s "
                            + "of %d, pipeline bubble %.1f%%, ZeRO %d", p.tp(), p.pp(), p.dp(), p.devices(),
                    fabric.name(), nodes, nodes == 1 ? "" : "s", microBatches, microBatches == 1 ? "" : "es",
                    microBatch, 100.0 * bubble(), p.zero().stage());
        }

        private double bubble() {
            return (p.pp() - 1.0) / rounds;
        }
    }

    /** {@code phase} with {@code batch} sequences. */
    static Phase withBatch(Phase phase, int batch) {
        if (phase instanceof Phase.Decode d) {
            return new Phase.Decode(batch, d.kvLen());
        }
        if (phase instanceof Phase.Prefill pf) {
            return new Phase.Prefill(batch, pf.seqLen());
        }
        return new Phase.Train(batch, ((Phase.Train) phase).seqLen());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
