package io.sparsim.workloads.ops;

import java.util.Locale;
import java.util.Objects;

/**
 * A collective among the devices of one parallel group: Megatron's tensor-parallel all-reduces, a pipeline
 * stage's activation send, data parallelism's gradient all-reduce and ZeRO's gathers and scatters.
 *
 * @param name  the group and what it carries, e.g. {@code tp.all-reduce(o_proj)}
 * @param kind  what the collective does
 * @param bytes the buffer each rank contributes or receives in full (an all-reduce's input, an all-gather's
 *              output, a send's message)
 * @param ranks devices in the group (at least 2)
 */
public record Collective(String name, Kind kind, double bytes, int ranks) implements Op {
    /** The collectives the parallel strategies use. */
    public enum Kind {
        ALL_REDUCE, ALL_GATHER, REDUCE_SCATTER, SEND_RECV;

        /** Lower-case, hyphenated id, e.g. {@code all-reduce}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Collective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!(bytes > 0) || ranks < 2) {
            throw new IllegalArgumentException(name + ": a collective moves bytes among at least 2 ranks: " + bytes
                    + " B, " + ranks + " ranks");
        }
    }

    /** Reductions' additions are negligible beside the bytes; a collective counts no FLOPs. */
    @Override
    public double flops() {
        return 0;
    }

    @Override
    public double denseFlops() {
        return 0;
    }

    /** Bytes each rank sends at least: (n-1)/n of the buffer per pass, twice for an all-reduce. */
    @Override
    public double minBytes() {
        double share = (ranks - 1.0) / ranks;
        return switch (kind) {
            case ALL_REDUCE -> 2 * share * bytes;
            case ALL_GATHER, REDUCE_SCATTER -> share * bytes;
            case SEND_RECV -> bytes;
        };
    }
}
