package io.sparsim.workloads;

import io.sparsim.core.BadInputException;

/** What the model is doing: prefill a prompt, decode one token, or take a training step. */
public sealed interface Phase permits Phase.Prefill, Phase.Decode, Phase.Train {

    /** Sequences processed together. */
    int batch();

    /** {@code prefill}, {@code decode} or {@code train}, as in files and flags. */
    String kind();

    /** Tokens that pass through every linear layer in one step. */
    long tokens();

    /** Process {@code seqLen} prompt tokens of each of {@code batch} sequences (causal attention). */
    record Prefill(int batch, int seqLen) implements Phase {
        public Prefill {
            positive("phase.batch", "a positive batch size", batch);
            positive("phase.seq", "a positive sequence length", seqLen);
        }

        @Override
        public String kind() {
            return "prefill";
        }

        @Override
        public long tokens() {
            return (long) batch * seqLen;
        }
    }

    /**
     * Generate one new token for each of {@code batch} sequences. {@code kvLen} counts the key
     * positions the new token attends, its own included: the KV cache holds {@code kvLen - 1}
     * earlier positions plus the one this step appends. So a decode step with {@code kvLen = S} costs
     * exactly {@link io.sparsim.workloads.model.ForwardFlops#perToken} with {@code seqLen = S}.
     */
    record Decode(int batch, int kvLen) implements Phase {
        public Decode {
            positive("phase.batch", "a positive batch size", batch);
            positive("phase.kv", "a positive KV length", kvLen);
        }

        @Override
        public String kind() {
            return "decode";
        }

        @Override
        public long tokens() {
            return batch;
        }
    }

    /** One training step on {@code batch} sequences of {@code seqLen} tokens: forward, backward, optimizer. */
    record Train(int batch, int seqLen) implements Phase {
        public Train {
            positive("phase.batch", "a positive batch size", batch);
            positive("phase.seq", "a positive sequence length", seqLen);
        }

        @Override
        public String kind() {
            return "train";
        }

        @Override
        public long tokens() {
            return (long) batch * seqLen;
        }
    }

    /** The accepted kinds, for messages. */
    String KINDS = "prefill|decode|train";

    /**
     * Builds a phase from its kind and sizes, as given in files and flags. Decode uses {@code kv}
     * when given, else {@code seq}; prefill and train need {@code seq} and reject {@code kv}.
     *
     * @param seq may be null
     * @param kv may be null
     * @throws BadInputException with fields {@code phase.kind}, {@code phase.seq}, {@code phase.kv}
     */
    static Phase of(String kind, int batch, Integer seq, Integer kv) {
        String k = kind == null ? "" : kind.trim().toLowerCase(java.util.Locale.ROOT);
        switch (k) {
            case "prefill", "train" -> {
                if (seq == null) {
                    throw new BadInputException("phase.seq", "a positive sequence length (required for " + k + ")", null);
                }
                if (kv != null) {
                    throw new BadInputException("phase.kv", "no KV length for " + k + " (only decode takes one)", kv);
                }
                return k.equals("prefill") ? new Prefill(batch, seq) : new Train(batch, seq);
            }
            case "decode" -> {
                Integer len = kv != null ? kv : seq;
                if (len == null) {
                    throw new BadInputException("phase.kv", "a positive KV length (required for decode)", null);
                }
                return new Decode(batch, len);
            }
            default -> throw new BadInputException("phase.kind", "a phase kind " + KINDS, kind);
        }
    }

    private static void positive(String field, String expected, int value) {
        if (value <= 0) {
            throw new BadInputException(field, expected, value);
        }
    }
}
