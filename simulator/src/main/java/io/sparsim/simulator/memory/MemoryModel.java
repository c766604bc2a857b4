package io.sparsim.simulator.memory;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ClusterProfile;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.Omission;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Per-device memory of a step, counted from the model's shapes, the sparsity formats and the parallelism.
 *
 * <p>Conventions (each a published practice, so the counts can be checked by hand):
 * <ul>
 *   <li>Tensor parallelism splits as Megatron-LM does (Shoeybi et al. 2019): q, k, v, gate, up and the LM head
 *       by output rows, o and down by input columns, the embedding by vocabulary; norms are replicated. When
 *       the degree exceeds the KV heads each device keeps one KV head. A sparse weight's shard keeps the
 *       weight's pattern and density: its values and metadata are counted on the shard's own shape.
 *   <li>Pipeline stages take consecutive layers (the first {@code layers mod pp} stages one more); the first
 *       stage also holds the embedding, the last the final norm and LM head.
 *   <li>Training is mixed precision with Adam (Micikevicius et al. 2018; ZeRO, Rajbhandari et al. 2020):
 *       weights and gradients at the workload precision, fp32 master weights and two fp32 moments, i.e. 16
 *       bytes per parameter in bf16. A sparse model trains with a static mask: gradients and optimizer state
 *       exist for kept values only (as in sparse pretraining on Cerebras). ZeRO stages shard over the
 *       data-parallel group: 1 optimizer state, 2 also gradients, 3 also weights (plus two gathered layers).
 *   <li>Activations kept for the backward per token and layer are the inputs of every GEMM, norm and SwiGLU
 *       (Korthikanti et al. 2022 count 34 x hidden bytes for GPT; with flash attention there is no
 *       sequence-squared term); full recompute keeps each layer's input plus one layer's working set. Under
 *       1F1B the first stage holds {@code min(pp, micro-batches)} micro-batches in flight. Logits for the loss
 *       are fp32.
 *   <li>Inference holds one layer's working set and the logits at a time; the KV cache holds every position at
 *       the workload precision.
 * </ul>
 */
public final class MemoryModel {
    /** Bytes of an fp32 element: Adam's master weights, moments, and training logits. */
    private static final int FP32_BYTES = Precision.FP32.bytes();
    /** fp32 master weight plus two fp32 moments. */
    private static final int ADAM_BYTES_PER_VALUE = 3 * FP32_BYTES;
    /** Largest multiple of the given devices searched for {@link DoesNotFit#minDevices()}. */
    private static final int MAX_SCALE = 1 << 16;

    private MemoryModel() {}

    /** The memory one device offers: GPU HBM, CPU server RAM, a wafer system's external weight memory. */
    public static long capacityBytes(HardwareProfile profile) {
        if (profile instanceof ClusterProfile c) {
            return capacityBytes(c.device());
        }
        if (profile instanceof GpuProfile g) {
            return (long) g.hbm().capacity().bytes();
        }
        if (profile instanceof CpuProfile c) {
            return (long) c.memory().capacity().bytes();
        }
        return (long) ((WaferProfile) profile).externalMemory().capacity().bytes();
    }

    /** The components of {@code workload} on the busiest device under {@code parallelism}. */
    public static MemoryComponents components(Workload workload, Parallelism parallelism, Recompute recompute) {
        return new Counter(workload, parallelism, recompute).busiest();
    }

    /**
     * The workload's memory on one device of {@code profile} against its capacity; when it does not fit, the
     * reason and the fewest devices that would hold it.
     */
    public static DeviceMemory check(Workload workload, Parallelism parallelism, Recompute recompute,
                                     HardwareProfile profile) {
        return check(workload, parallelism, recompute, capacityBytes(profile), profile.id());
    }

    /** As {@link #check(Workload, Parallelism, Recompute, HardwareProfile)} against {@code capacityBytes}. */
    public static DeviceMemory check(Workload workload, Parallelism parallelism, Recompute recompute,
                                     long capacityBytes, String deviceName) {
        MemoryComponents c = components(workload, parallelism, recompute);
        if (c.totalBytes() <= capacityBytes) {
            return new DeviceMemory(c, capacityBytes, Optional.empty());
        }
        Optional<Parallelism> least = minimalSplit(workload, parallelism, recompute, capacityBytes);
        String need = String.format(Locale.ROOT, "needs %s per device (%s), %s has %s", gb(c.totalBytes()),
                largest(c), deviceName, gb(capacityBytes));
        String reason = least.map(p -> need + String.format(Locale.ROOT, "; fits on %d devices with --tp %d --pp %d"
                        + " --dp %d", p.devices(), p.tp(), p.pp(), p.dp()))
                .orElse(need + "; no split of tensor, pipeline and data parallelism holds it");
        return new DeviceMemory(c, capacityBytes,
                Optional.of(new DoesNotFit(reason, least.map(Parallelism::devices).orElse(0))));
    }

    /**
     * The split with the fewest devices, each degree a multiple of the given one (tensor parallelism dividing
     * the heads, at most one layer per stage, data parallelism dividing the batch), that fits.
     */
    static Optional<Parallelism> minimalSplit(Workload w, Parallelism p, Recompute recompute, long capacityBytes) {
        ModelConfig m = w.model();
        int batch = w.phase().batch();
        for (int k = 2; k <= MAX_SCALE; k++) {
            Parallelism best = null;
            // Tensor parallelism first (it shares every layer within a node), then pipeline, then data.
            for (int a = k; a >= 1; a--) {
                if (k % a != 0 || m.heads() % (p.tp() * a) != 0) {
                    continue;
                }
                for (int b = 1; b <= k / a; b++) {
                    if ((k / a) % b != 0 || p.pp() * b > m.layers()) {
                        continue;
                    }
                    int c = k / a / b;
                    int dp = p.dp() * c;
                    if (batch % dp != 0) {
                        continue;
                    }
                    Parallelism q = p.withDegrees(p.tp() * a, p.pp() * b, dp);
                    int mb = q.microBatch();
                    if (mb != 0 && (mb > batch / dp || (batch / dp) % mb != 0)) {
                        continue;
                    }
                    if (components(w, q, recompute).totalBytes() <= capacityBytes) {
                        best = q;
                        break;
                    }
                }
                if (best != null) {
                    return Optional.of(best);
                }
            }
            // Past the largest split (every head, layer and sequence on its own device) nothing more can help.
            if ((long) k * p.tp() * p.pp() * p.dp() >= (long) m.heads() * m.layers() * batch) {
                break;
            }
        }
        return Optional.empty();
    }

    private static String largest(MemoryComponents c) {
        StringBuilder sb = new StringBuilder();
        c.byName().entrySet().stream().filter(e -> e.getValue() >= 1e6)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(gb(e.getValue())));
        return sb.toString();
    }

    /** Decimal gigabytes, three significant digits. */
    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.3g GB", bytes / 1e9);
    }

    /** Counts one device's bytes for one configuration. */
    private static final class Counter {
        private final ModelConfig m;
        private final Workload w;
        private final Parallelism p;
        private final Recompute recompute;
        private final int valueBytes;
        private final boolean train;
        private final int replicaBatch;
        private final int keptHeads;
        private final int keptKvHeads;
        private final int keptIntermediate;

        Counter(Workload w, Parallelism p, Recompute recompute) {
            this.w = w;
            this.m = w.model();
            this.p = p;
            this.recompute = recompute;
            this.valueBytes = w.precision().bytes();
            this.train = w.phase() instanceof Phase.Train;
            this.replicaBatch = p.replicaBatch(w.phase().batch());
            Omission om = w.sparsity().omission();
            this.keptHeads = om.kept(m.heads());
            this.keptKvHeads = (int) ceilDiv(keptHeads, m.queriesPerKvHead());
            this.keptIntermediate = om.kept(m.intermediate());
        }

        MemoryComponents busiest() {
            MemoryComponents best = null;
            for (int stage = 0; stage < p.pp(); stage++) {
                // Stages past the first two and before the last hold the same as the second one.
                if (stage > 1 && stage < p.pp() - 1) {
                    continue;
                }
                MemoryComponents c = stage(stage);
                if (best == null || c.totalBytes() > best.totalBytes()) {
                    best = c;
                }
            }
            return best;
        }

        private MemoryComponents stage(int stage) {
            boolean first = stage == 0;
            boolean last = stage == p.pp() - 1;
            int layers = m.layers() / p.pp() + (stage < m.layers() % p.pp() ? 1 : 0);
            Map<String, Long> metadata = new LinkedHashMap<>();
            long[] kept = new long[1];
            long values = 0;
            long layerBytes = 0;
            for (LayerType l : LayerType.values()) {
                if (l != LayerType.LM_HEAD) {
                    layerBytes += shardBytes(l, metadata, kept, layers);
                }
            }
            long layerValues = kept[0];
            values += layerValues * valueBytes;
            long norms = 2L * m.hidden() * layers;
            long denseParams = norms;
            if (first) {
                denseParams += ceilDiv((long) m.vocab() * m.hidden(), p.tp());
            }
            if (last) {
                denseParams += m.hidden();
                shardBytes(LayerType.LM_HEAD, metadata, kept, 1);
                values += (kept[0] - layerValues) * valueBytes;
            }
            values += denseParams * valueBytes;
            long params = kept[0] + denseParams;
            int zeroShards = train ? p.dp() : 1;
            long workspace = 0;
            if (train && p.zero().shardsWeights() && p.dp() > 1) {
                // FSDP gathers the running layer and prefetches the next.
                workspace = 2 * (layerBytes / Math.max(layers, 1));
                values = ceilDiv(values, zeroShards);
                metadata.replaceAll((k, v) -> ceilDiv(v, zeroShards));
            }
            long gradients = 0;
            long optimizer = 0;
            if (train) {
                gradients = params * valueBytes;
                optimizer = params * ADAM_BYTES_PER_VALUE;
                if (p.zero().shardsGradients()) {
                    gradients = ceilDiv(gradients, zeroShards);
                }
                if (p.zero().shardsOptimizer()) {
                    optimizer = ceilDiv(optimizer, zeroShards);
                }
            }
            return new MemoryComponents(new WeightMemory(values, metadata), kvCache(layers),
                    activations(stage, layers, last), recompute, gradients, optimizer, p.zero(), workspace);
        }

        /**
         * Bytes of one device's shard of {@code layer} times {@code count} layers; adds the shard's metadata by
         * format label and its kept values to {@code kept[0]}.
         */
        private long shardBytes(LayerType layer, Map<String, Long> metadata, long[] kept, int count) {
            long rows = m.outFeatures(layer);
            long cols = m.inFeatures(layer);
            switch (layer) {
                case K, V -> rows = (long) ceilDiv(m.kvHeads(), p.tp()) * m.headDim();
                case Q, GATE, UP, LM_HEAD -> rows = ceilDiv(rows, p.tp());
                case O, DOWN -> cols = ceilDiv(cols, p.tp());
                default -> throw new IllegalStateException(layer.id());
            }
            WeightSparsity s = w.sparsity().weight(layer);
            long values = s.keptValues(rows, cols);
            long meta = s.metadataBytes(rows, cols);
            kept[0] += values * count;
            if (meta > 0) {
                metadata.merge(metadataLabel(s, rows, cols), meta * count, Long::sum);
            }
            return (values * valueBytes + meta) * count;
        }

        private long kvCache(int layers) {
            long tokens = 0;
            if (w.phase() instanceof Phase.Decode d) {
                tokens = (long) replicaBatch * d.kvLen();
            } else if (w.phase() instanceof Phase.Prefill pf) {
                tokens = (long) replicaBatch * pf.seqLen();
            }
            long kvHeadsPerDevice = ceilDiv(m.kvHeads(), p.tp());
            return tokens * layers * kvHeadsPerDevice * m.headDim() * 2 * valueBytes;
        }

        /** Elements one token keeps per layer for the backward on one tensor-parallel rank. */
        private long keptPerTokenPerLayer() {
            long q = ceilDiv(keptHeads, p.tp()) * (long) m.headDim();
            long kv = ceilDiv(keptKvHeads, p.tp()) * (long) m.headDim();
            long mlp = ceilDiv(keptIntermediate, p.tp());
            // Norm inputs and outputs (replicated), q/k/v, the attention output, gate, up and their product.
            return 4L * m.hidden() + q + 2 * kv + q + 3 * mlp;
        }

        /** Elements of one layer's largest live set per token during inference or a recomputed forward. */
        private long workingSetPerToken() {
            long q = ceilDiv(keptHeads, p.tp()) * (long) m.headDim();
            long kv = ceilDiv(keptKvHeads, p.tp()) * (long) m.headDim();
            long mlp = ceilDiv(keptIntermediate, p.tp());
            return 2L * m.hidden() + Math.max(2 * q + 2 * kv, 3 * mlp);
        }

        private long activations(int stage, int layers, boolean last) {
            long vocabShard = ceilDiv(m.vocab(), p.tp());
            if (!train) {
                long tokens = w.phase() instanceof Phase.Prefill pf ? (long) replicaBatch * pf.seqLen() : replicaBatch;
                // Prefill computes logits for each sequence's last position only.
                long logits = last ? (long) replicaBatch * vocabShard * valueBytes : 0;
                return tokens * workingSetPerToken() * valueBytes + logits;
            }
            Phase.Train t = (Phase.Train) w.phase();
            int microBatch = p.microBatchOf(replicaBatch);
            int microBatches = replicaBatch / microBatch;
            long inFlight = Math.min(p.pp() - stage, microBatches);
            long tokens = (long) microBatch * t.seqLen();
            long perMicroBatch = recompute == Recompute.FULL
                    ? tokens * (long) m.hidden() * valueBytes * layers
                            + tokens * keptPerTokenPerLayer() * valueBytes
                    : tokens * keptPerTokenPerLayer() * valueBytes * layers;
            long logits = last ? tokens * vocabShard * FP32_BYTES : 0;
            return inFlight * perMicroBatch + logits;
        }
    }

    /** The name of {@code s}'s metadata in the components: what a kernel stores beside the values. */
    static String metadataLabel(WeightSparsity s, long rows, long cols) {
        if (s instanceof WeightSparsity.NM nm) {
            return nm + " metadata";
        }
        if (s instanceof WeightSparsity.Unstructured u) {
            return ceilDiv(rows * cols, 8) <= 2 * u.keptValues(rows, cols) ? "bitmask" : "column indices";
        }
        return s instanceof WeightSparsity.Block ? "block indices" : "none";
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
