package io.sparsim.validation.references;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.Parallelism;
import java.util.Optional;

/** What ran for a published figure: one GEMM, one model step, or one served request. */
public sealed interface ReferenceWorkload
        permits ReferenceWorkload.GemmCase, ReferenceWorkload.Step, ReferenceWorkload.Request {

    /** A short description for tables. */
    String describe();

    /**
     * C[m×n] = A[m×k]·W[k×n]: m tokens, n output features, k the reduction; W carries the sparsity.
     *
     * @param kernel the kernel family that ran (e.g. {@code cusparselt-2:4}); empty: whatever the runtime picks
     */
    record GemmCase(long m, long n, long k, String dtype, String sparsity, Optional<String> kernel)
            implements ReferenceWorkload {
        public GemmCase {
            positive(m, "m");
            positive(n, "n");
            positive(k, "k");
        }

        @Override
        public String describe() {
            return "gemm " + m + "x" + n + "x" + k + " " + dtype + " " + sparsity + kernel.map(s -> " [" + s + "]")
                    .orElse("");
        }
    }

    /**
     * One step of a catalogued model, as {@code predict} runs it.
     *
     * @param baselineDtype for a speedup: the dense baseline's precision when it differs (sparse INT8 against dense
     *                      FP32); empty: the same precision
     * @param parallel      the split over GPUs ({@code --tp/--pp/--dp/--micro-batch} of {@code predict})
     */
    record Step(String model, String phase, int batch, Optional<Integer> seq, Optional<Integer> kv, String dtype,
                String sparsity, String mode, int systems, Optional<String> baselineDtype, Parallelism parallel)
            implements ReferenceWorkload {
        public Step {
            positive(batch, "batch");
            if (systems < 0) {
                throw new BadInputException("systems", "a positive number of systems or 'auto' (0)", systems);
            }
        }

        @Override
        public String describe() {
            return model + " " + phase + " b" + batch + seq.map(s -> " seq" + s).orElse("")
                    + kv.map(s -> " kv" + s).orElse("") + " " + dtype + " " + sparsity
                    + (mode.equals("auto") ? "" : " " + mode)
                    + (systems == 0 ? " auto systems" : systems > 1 ? " x" + systems + " systems" : "")
                    + splitOf(parallel) + baselineDtype.map(b -> " vs dense " + b).orElse("");
        }
    }

    /**
     * A served batch of requests: a prefill of {@code input} tokens, then {@code output} decode steps; its
     * latency is the prefill plus every decode step.
     *
     * @param parallel the split over GPUs (vLLM's tensor/pipeline parallel sizes)
     */
    record Request(String model, int batch, int input, int output, String dtype, String sparsity, Parallelism parallel)
            implements ReferenceWorkload {
        public Request {
            positive(batch, "batch");
            positive(input, "input");
            positive(output, "output");
        }

        @Override
        public String describe() {
            return model + " request b" + batch + " in" + input + " out" + output + " " + dtype + " " + sparsity
                    + splitOf(parallel);
        }
    }

    private static String splitOf(Parallelism p) {
        return p.isSingleDevice() ? "" : " tp" + p.tp() + " pp" + p.pp() + " dp" + p.dp()
                + (p.microBatch() > 0 ? " mb" + p.microBatch() : "");
    }

    private static void positive(long v, String field) {
        if (v <= 0) {
            throw new BadInputException(field, "a positive integer", v);
        }
    }
}
