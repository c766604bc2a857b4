package io.sparsim.simulator.memory;

import io.sparsim.workloads.Parallelism.ZeroStage;
import io.sparsim.workloads.Recompute;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one device holds during a step, by component, in bytes. The busiest device counts: with pipeline
 * parallelism the stage that holds the most (the first keeps the most micro-batches in flight, the last holds
 * the LM head).
 *
 * @param weights         weight values and sparse metadata (after tensor, pipeline and ZeRO-3 sharding)
 * @param kvCacheBytes    the KV cache (decode: every cached position; prefill: the cache the prompt fills)
 * @param activationBytes training: activations kept for the backward (per {@code recompute}); inference: one
 *                        layer's working set and the logits
 * @param recompute       the training recompute policy the activations assume
 * @param gradientBytes   training: weight gradients, at the weights' precision (after ZeRO-2 sharding)
 * @param optimizerBytes  training: Adam's fp32 master weights and two fp32 moments (after ZeRO-1 sharding)
 * @param zero            the ZeRO stage the sharding above assumes
 * @param workspaceBytes  transient buffers: ZeRO-3/FSDP's gathered layers (the one running and the one
 *                        prefetched)
 */
public record MemoryComponents(WeightMemory weights, long kvCacheBytes, long activationBytes, Recompute recompute,
                               long gradientBytes, long optimizerBytes, ZeroStage zero, long workspaceBytes) {
    public MemoryComponents {
        nonNegative("kvCacheBytes", kvCacheBytes);
        nonNegative("activationBytes", activationBytes);
        nonNegative("gradientBytes", gradientBytes);
        nonNegative("optimizerBytes", optimizerBytes);
        nonNegative("workspaceBytes", workspaceBytes);
    }

    /** Every component summed: the bytes one device needs. */
    public long totalBytes() {
        return weights.bytes() + kvCacheBytes + activationBytes + gradientBytes + optimizerBytes + workspaceBytes;
    }

    /**
     * The components by name, as JSON and tables print them: {@code weights}, then one entry per sparse
     * format's metadata ({@code weightMetadata.<label>}), {@code kvCache}, {@code activations}, {@code gradients},
     * {@code optimizer}, {@code workspace}.
     */
    public Map<String, Long> byName() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("weights", weights.valueBytes());
        weights.metadataBytes().forEach((label, b) -> m.put("weightMetadata." + label, b));
        m.put("kvCache", kvCacheBytes);
        m.put("activations", activationBytes);
        m.put("gradients", gradientBytes);
        m.put("optimizer", optimizerBytes);
        m.put("workspace", workspaceBytes);
        return m;
    }

    private static void nonNegative(String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " < 0: " + v);
        }
    }
}
