package io.sparsim.workloads;

import io.sparsim.core.BadInputException;

/**
 * How one step is split over devices: tensor parallelism (Megatron column/row splits of every layer), pipeline
 * parallelism (contiguous layer stages, 1F1B schedule), data parallelism (replicas on slices of the batch) with
 * an optional ZeRO/FSDP stage, and the pipeline's micro-batch.
 *
 * <p>{@code --batch} is the global batch: each data-parallel replica runs {@code batch / dp} sequences.
 *
 * @param tp         tensor-parallel degree (devices sharing every layer)
 * @param pp         pipeline-parallel degree (stages of consecutive layers)
 * @param dp         data-parallel degree (replicas)
 * @param zero       ZeRO stage 0-3 over the data-parallel group (3 is FSDP's full sharding)
 * @param microBatch sequences per pipeline micro-batch; 0 means the replica's whole batch (one micro-batch)
 */
public record Parallelism(int tp, int pp, int dp, ZeroStage zero, int microBatch) {
    /** One device, nothing sharded. */
    public static final Parallelism NONE = new Parallelism(1, 1, 1, ZeroStage.NONE, 0);

    public Parallelism {
        positive("--tp", tp);
        positive("--pp", pp);
        positive("--dp", dp);
        if (zero == null) {
            zero = ZeroStage.NONE;
        }
        if (microBatch < 0) {
            throw new BadInputException("--micro-batch", "a positive number of sequences", microBatch);
        }
    }

    /** Devices the step runs on: tp x pp x dp. */
    public int devices() {
        return tp * pp * dp;
    }

    /** True when the step runs on one device. */
    public boolean isSingleDevice() {
        return devices() == 1;
    }

    /** Sequences one data-parallel replica runs per step (bad input when dp does not divide the batch). */
    public int replicaBatch(int globalBatch) {
        if (globalBatch % dp != 0) {
            throw new BadInputException("--dp", "a data-parallel degree that divides --batch " + globalBatch, dp);
        }
        return globalBatch / dp;
    }

    /** Sequences per micro-batch for a replica running {@code replicaBatch} sequences. */
    public int microBatchOf(int replicaBatch) {
        int mb = microBatch == 0 ? replicaBatch : microBatch;
        if (mb > replicaBatch || replicaBatch % mb != 0) {
            throw new BadInputException("--micro-batch", "a micro-batch that divides the replica batch " + replicaBatch,
                    mb);
        }
        return mb;
    }

    /** A copy with other degrees and the same ZeRO stage and micro-batch. */
    public Parallelism withDegrees(int newTp, int newPp, int newDp) {
        return new Parallelism(newTp, newPp, newDp, zero, microBatch);
    }

    /** ZeRO stages: what the data-parallel group shards (Rajbhandari et al., ZeRO, SC'20). */
    public enum ZeroStage {
        /** Nothing sharded: every replica holds weights, gradients and optimizer state. */
        NONE(0),
        /** Optimizer state sharded. */
        OPTIMIZER(1),
        /** Optimizer state and gradients sharded. */
        GRADIENTS(2),
        /** Optimizer state, gradients and weights sharded (FSDP full sharding). */
        WEIGHTS(3);

        private final int stage;

        ZeroStage(int stage) {
            this.stage = stage;
        }

        public int stage() {
            return stage;
        }

        public boolean shardsOptimizer() {
            return stage >= 1;
        }

        public boolean shardsGradients() {
            return stage >= 2;
        }

        public boolean shardsWeights() {
            return stage >= 3;
        }

        /** The stage numbered {@code n} (0-3); bad input naming {@code --zero} otherwise. */
        public static ZeroStage of(int n) {
            for (ZeroStage z : values()) {
                if (z.stage == n) {
                    return z;
                }
            }
            throw new BadInputException("--zero", "a ZeRO stage 0|1|2|3", n);
        }
    }

    private static void positive(String flag, int n) {
        if (n < 1) {
            throw new BadInputException(flag, "a positive number of devices", n);
        }
    }
}
