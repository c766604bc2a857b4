package io.sparsim.simulator.wafer;

import io.sparsim.core.Precision;
import io.sparsim.simulator.Bound;
import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Elementwise;
import io.sparsim.workloads.ops.Norm;
import io.sparsim.workloads.ops.Pass;
import java.util.Locale;

/**
 * The dense parts that run on activations already on the wafer (attention, norms, element-wise ops) on a
 * rectangle of PEs: the whole mesh in weight streaming, a layer's region in resident mode. Element-wise work
 * runs one operation per FMAC lane per cycle, capped by the PE's SRAM ports; norms and the loss add an
 * all-reduce of per-token statistics along the rows; attention is searched over the same column/group layouts as
 * the GEMMs.
 */
final class OnWafer {

    /** A rectangle of PEs. */
    record Region(int width, int height) {
        long pes() {
            return (long) width * height;
        }

        /** The most nearly square rectangle of at most {@code pes} PEs that fits a {@code w x h} mesh. */
        static Region of(long pes, int w, int h) {
            int width = (int) Math.max(1, Math.min(w, Math.round(Math.sqrt((double) pes))));
            int height = (int) Math.max(1, Math.min(h, pes / width));
            return new Region(width, height);
        }
    }

    /** An op's time on the wafer and why. */
    record Timed(double seconds, Bound bound, String detail, double ioBytes) {}

    /** Softmax work per score (max, subtract, exp, sum, scale), one lane-op each: an estimate. */
    static final int SOFTMAX_OPS_PER_SCORE = 5;
    private static final int MAX_GROUPS = 64;

    private final WaferMachine m;

    OnWafer(WaferMachine machine) {
        this.m = machine;
    }

    /** Causal or full attention over tokens resident on {@code r}: the best column/group layout. */
    Timed attention(Attention a, Region r) {
        if (a.queryLen() == 1) {
            return decodeAttention(a, r);
        }
        int lanes = m.lanes(a.precision());
        double hz = m.hertz();
        double pass = a.pass() == Pass.FORWARD ? 1 : 2;
        long qdim = (long) a.heads() * a.headDim();
        long tokens = a.batch() * a.queryLen();
        double pairsPerQuery = a.attendedPairs() / a.queryLen();
        double kvShare = (double) a.kvHeads() / a.heads();
        double partial = WaferMachine.PARTIAL_BYTES / m.waveletBytes();
        Timed best = null;
        for (int groups = 1; groups <= Math.min(MAX_GROUPS, r.width()); groups++) {
            int columns = r.width() / groups;
            long slices = (long) groups * r.height();
            long tokensPerPe = StreamedGemm.ceilDiv(tokens, slices);
            long features = StreamedGemm.ceilDiv(qdim, columns);
            double fmac = pass * tokensPerPe * pairsPerQuery * features * 2 / lanes;
            double softmax = pass * SOFTMAX_OPS_PER_SCORE * tokensPerPe * pairsPerQuery
                    * Math.max(1.0, Math.ceil((double) features / a.headDim())) / lanes;
            double compute = fmac + softmax;
            // K and V of the sequence stream past every PE holding its queries, for the PE's features.
            double kv = pass * m.wavelets(2.0 * a.kvLen() * features * kvShare, a.precision().bytes());
            long columnsPerHead = Math.max(1, StreamedGemm.ceilDiv(a.headDim(), features));
            MeshReduce scores = columnsPerHead > 1
                    ? MeshReduce.allReduce(m, columnsPerHead, pass * tokensPerPe * pairsPerQuery * partial)
                    : MeshReduce.NONE;
            double fabric = kv / m.linkWaveletsPerCycle() + scores.occupancyCycles();
            double cycles = Math.max(compute, fabric) + scores.latencyCycles();
            Bound bound = compute >= fabric ? Bound.COMPUTE : Bound.FABRIC;
            String detail = String.format(Locale.ROOT,
                    "flash-style on %d cols x %d groups x %d rows: %d tokens x %d features per PE; compute %.3g s "
                            + "(softmax %.0f%%), fabric %.3g s (K/V multicast, score all-reduce over %d columns)",
                    columns, groups, r.height(), tokensPerPe, features, compute / hz, 100 * softmax / compute,
                    (fabric + scores.latencyCycles()) / hz, columnsPerHead);
            Timed t = new Timed(cycles / hz, bound, detail, 0);
            if (best == null || t.seconds() < best.seconds()) {
                best = t;
            }
        }
        return best;
    }

    /**
     * One new token per sequence against a KV cache spread over {@code r}: positions over rows, query features
     * over columns. The steps depend on each other (query multicast, partial scores, softmax statistics, P·V
     * reduction), so their latencies add up.
     */
    Timed decodeAttention(Attention a, Region r) {
        int lanes = m.lanes(a.precision());
        double hz = m.hertz();
        double pass = a.pass() == Pass.FORWARD ? 1 : 2;
        long qdim = (long) a.heads() * a.headDim();
        long features = StreamedGemm.ceilDiv(qdim, r.width());
        long positions = StreamedGemm.ceilDiv(a.kvLen(), r.height());
        long rows = Math.min(r.height(), a.kvLen());
        double partial = WaferMachine.PARTIAL_BYTES / m.waveletBytes();
        double compute = pass * a.batch() * positions * features * 2 / (double) lanes
                + pass * SOFTMAX_OPS_PER_SCORE * a.batch() * positions
                * Math.max(1.0, Math.ceil((double) features / a.headDim())) / lanes;
        long columnsPerHead = Math.max(1, StreamedGemm.ceilDiv(a.headDim(), features));
        long headsPerColumn = Math.max(1, features / a.headDim());
        MeshReduce query = MeshReduce.multicast(m, rows, m.wavelets((double) a.batch() * features,
                a.precision().bytes()));
        MeshReduce scores = MeshReduce.allReduce(m, columnsPerHead, a.batch() * positions * partial);
        MeshReduce stats = MeshReduce.allReduce(m, rows, 2.0 * a.batch() * headsPerColumn * partial);
        MeshReduce out = MeshReduce.reduce(m, rows, a.batch() * features * partial);
        double fabric = query.cycles() + scores.cycles() + stats.cycles() + out.cycles();
        double cycles = pass * fabric + compute;
        Bound bound = compute >= pass * fabric ? Bound.COMPUTE : Bound.FABRIC;
        String detail = String.format(Locale.ROOT,
                "KV cache over %d x %d PEs (%d positions x %d features per PE): compute %.3g s; fabric %.3g s "
                        + "(query multicast, score all-reduce over %d columns, softmax statistics and P.V "
                        + "reductions over %d rows)",
                r.width(), r.height(), positions, features, compute / hz, pass * fabric / hz, columnsPerHead, rows);
        return new Timed(cycles / hz, bound, detail, 0);
    }

    /** RMSNorm: lane work or SRAM ports, then an all-reduce of each token's sum of squares along the rows. */
    Timed norm(Norm n, Region r) {
        double rowsPasses = n.pass() == Pass.FORWARD ? 1 : 2;
        long tokensPerPe = StreamedGemm.ceilDiv(n.tokens(), r.height());
        MeshReduce stats = MeshReduce.allReduce(m, Math.min(r.width(), n.hidden()),
                rowsPasses * tokensPerPe * WaferMachine.PARTIAL_BYTES / m.waveletBytes());
        return local(n.name(), n.flops(), n.minBytes(), n.precision(), r, stats, "row all-reduce of sum of squares");
    }

    /** A pointwise op; the loss adds all-reduces of each token's max and sum over the vocabulary. */
    Timed elementwise(Elementwise e, Region r) {
        MeshReduce stats = MeshReduce.NONE;
        if (e.kind() == Elementwise.Kind.CROSS_ENTROPY) {
            long tokensPerPe = Math.max(1, StreamedGemm.ceilDiv(e.elements(), r.pes()));
            stats = MeshReduce.allReduce(m, r.width(), 2.0 * tokensPerPe * WaferMachine.PARTIAL_BYTES
                    / m.waveletBytes());
        }
        return local(e.name(), e.flops(), e.minBytes(), e.precision(), r, stats, "row all-reduce of max and sum");
    }

    private Timed local(String name, double flops, double bytes, Precision p, Region r, MeshReduce collective,
                        String what) {
        double hz = m.hertz();
        double lanes = m.lanes(p) * (double) r.pes();
        double compute = flops / lanes;
        double sram = bytes / (r.pes() * (m.sramReadBytesPerCycle() + m.sramWriteBytesPerCycle()));
        double cycles = Math.max(compute, sram) + collective.cycles();
        // Lane work and SRAM ports are both the PE's datapath: COMPUTE; the detail says which one.
        Bound bound = collective.cycles() > Math.max(compute, sram) ? Bound.FABRIC : Bound.COMPUTE;
        if (cycles <= 0) {
            cycles = 1; // an empty op still takes a cycle
        }
        String detail = String.format(Locale.ROOT, "%s on %d PEs: lanes %.3g s, SRAM ports %.3g s, %s %.3g s",
                name, r.pes(), compute / hz, sram / hz, collective == MeshReduce.NONE ? "no collective" : what,
                collective.cycles() / hz);
        return new Timed(cycles / hz, bound, detail, 0);
    }
}
