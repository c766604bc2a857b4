package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.sparsity.SparsitySpec;

/** Flag values that need the flag's name in their error. */
final class Flags {
    /** Defaults shared by every command that takes the flag (predict, sweep), so the same flag means the same. */
    static final String BATCH = "8";
    static final String SEQ = "2048";
    static final String KV = "1024";
    /** Largest GEMM dimension: 16 Mi rows or features is past any model's and keeps every count in range. */
    static final long MAX_DIM = 1L << 24;
    /** Most simulations one sweep may run (profiles x phases x sparsities): minutes at most, not hours. */
    static final int MAX_SWEEP_POINTS = 2000;

    private Flags() {}

    static SparsitySpec sparsity(String text) {
        try {
            return SparsitySpec.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException("--sparsity", e.expected(), e.found() == null ? text : e.found());
        }
    }
}
