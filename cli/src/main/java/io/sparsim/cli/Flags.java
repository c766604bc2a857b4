package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.sparsity.SparsitySpec;

/** Flag values that need the flag's name in their error. */
final class Flags {
    private Flags() {}

    static SparsitySpec sparsity(String text) {
        try {
            return SparsitySpec.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException("--sparsity", e.expected(), e.found() == null ? text : e.found());
        }
    }
}
