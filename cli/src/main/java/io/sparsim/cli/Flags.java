package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.sparsity.SparsitySpec;

/** Flag values that need the flag's name in their error. */
final class Flags {
    /** Defaults shared by every command that takes the flag (predict, sweep), so the same flag means the same. */
    static final String BATCH = "8";
    static final String SEQ = "2048";
    static final String KV = "1024";

    private Flags() {}

    static SparsitySpec sparsity(String text) {
        try {
            return SparsitySpec.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException("--sparsity", e.expected(), e.found() == null ? text : e.found());
        }
    }
}
