package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import java.util.Objects;

/**
 * Token embedding lookup. FORWARD gathers {@code tokens} rows of {@code hidden}; WGRAD scatter-adds
 * the output gradient into the embedding's gradient (one add per element). Token ids are int32.
 */
public record Embedding(String name, Pass pass, long tokens, long hidden, long vocab, Precision precision)
        implements Op {
    static final int TOKEN_ID_BYTES = 4;

    public Embedding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(precision, "precision");
        if (pass == Pass.DGRAD) {
            throw new IllegalArgumentException("the embedding has no input gradient: pass FORWARD or WGRAD");
        }
        if (tokens <= 0 || hidden <= 0 || vocab <= 0) {
            throw new IllegalArgumentException("embedding sizes must be positive");
        }
    }

    @Override
    public double flops() {
        return pass == Pass.FORWARD ? 0 : (double) tokens * hidden;
    }

    @Override
    public double denseFlops() {
        return flops();
    }

    /** Forward: ids, gathered rows, output. WGRAD: ids, dY, and each touched gradient row read and written. */
    @Override
    public double minBytes() {
        double rows = (double) tokens * hidden * precision.bytes();
        double ids = (double) tokens * TOKEN_ID_BYTES;
        if (pass == Pass.FORWARD) {
            return ids + 2 * rows;
        }
        double touched = (double) Math.min(tokens, vocab) * hidden * precision.bytes();
        return ids + rows + 2 * touched;
    }
}
