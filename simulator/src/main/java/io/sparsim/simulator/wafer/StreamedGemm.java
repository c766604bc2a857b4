package io.sparsim.simulator.wafer;

import io.sparsim.core.Precision;
import io.sparsim.simulator.Bound;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One GEMM in weight-streaming mode: activations resident on the mesh, weights arriving through system I/O (or
 * from the wafer's weight buffer, see {@link GroupPipeline}), every weight triggering work on the PEs of one
 * column.
 *
 * <p><b>Mapping.</b> The mesh is cut into G groups of C columns (G = floor(W / C)); each PE of a group row holds
 * T_s tokens (the non-weight dimension split over the G·H row segments) by K_c features (the weight dimension
 * the columns split, ceil over C). Every weight goes to one column of each group (one I/O transfer, multicast by
 * the routers) and down it, so there are C distinct column workloads; the G copies run them on other tokens.
 * <ul>
 *   <li>FORWARD (Y = X·W) and DGRAD (dX = dY·Wᵀ), "AXPY": a weight w(i,j) arriving at a PE of the column that
 *       holds feature i updates the partial sums of output j over its T_s tokens: ceil(T_s / lanes) FMAC
 *       cycles plus {@code nonzeroOverheadCycles} (the AXPY's task activation; a sparse one also decodes the
 *       index), or at least the wavelet's link cycle. Output partials (fp32) of a chunk of outputs then reduce
 *       along the C columns of the row segment ({@link MeshReduce}), each PE adding what it forwards.
 *   <li>WGRAD (dW = Xᵀ·dY at the mask's positions only), "DOT": a kept position (i,j) costs a dot product over
 *       the PE's T_s tokens plus the same overhead; the chunk's dY is multicast along the row segment and the
 *       per-PE partial gradients reduce over the token slices; gradient values stream out over I/O (MemoryX
 *       knows the positions, so no indices travel back).
 * </ul>
 *
 * <p><b>Formats.</b> Over the system I/O a weight travels compressed ({@link Gemm#weightBytes()}: kept values
 * plus the most compact metadata, a bitmask up to 93.75% sparsity); the host channels on the wafer's edges
 * expand it into fabric wavelets: a sparse wavelet carries a 16-bit value and a 16-bit index (one nonzero), a
 * dense wavelet packs two 16-bit values. Carrying the fabric wavelets over I/O instead would make 50% sparsity
 * save no I/O at all. Injection into the fabric is capped by the edge channels (one wavelet per channel per
 * cycle).
 *
 * <p><b>Pipeline.</b> Outputs are processed in n chunks whose fp32 partials fit the PE's free SRAM twice
 * (double buffering, or up to four buffers where SRAM allows). Per chunk, four stages overlap across chunks: I/O
 * in, column compute (the slowest sampled column sets the pace), fabric (reduction or multicast), I/O out. With
 * D buffers a column may not start chunk j+D before chunk j's reduction ended. FAST:
 * {@code T = fill + (n-1)·period}, {@code period = max(stages, (compute + fabric + latency)/D)}; alone (no weight
 * buffer) I/O may also run only two chunks ahead of compute.
 * Data-parallel systems add one SwarmX tree level per fan-out (per doubling without a cluster profile) to a stream's fill (store-and-forward of one
 * chunk per level). DETAILED plays the same stages on the engine ({@link GroupPipeline}).
 */
final class StreamedGemm {
    /** Chunks I/O may run ahead of compute in an op alone (no layer-deep weight buffer). */
    static final int BUFFERS = 2;
    /** Partial-sum buffers per PE the mapper tries: double buffering at least, more where SRAM allows. */
    static final int MIN_BUFFERS = 2;
    static final int MAX_BUFFERS = 4;
    /** Most chunks the mapper tries for an op (more only when SRAM forces smaller chunks). */
    static final int MAX_CHUNKS = 64;
    /** Groups tried: C = floor(W / G) for G up to this, plus small power-of-two column counts. */
    private static final int MAX_GROUPS = 64;

    /** How the weight travels. */
    enum Format {
        /** Nonzeros only, one 16-bit value + 16-bit index wavelet each; zeros neither travel nor compute. */
        SPARSE,
        /** Every value, packed two per wavelet; a sparse weight streamed this way computes its zeros. */
        DENSE
    }

    /**
     * What to run: an op at one micro-batch's size, and its context.
     *
     * @param weightsIn      its weights come over I/O (false: already in the wafer's layer cache)
     * @param prefetched     I/O is overlapped by the enclosing group's weight buffer, not the op's own pipeline
     * @param freeBytesPerPe SRAM per PE left for the op's partial-sum and operand buffers
     * @param systems        data-parallel systems fed by the SwarmX tree
     */
    record Job(Gemm gemm, Format format, boolean weightsIn, boolean prefetched, double freeBytesPerPe, int systems) {}

    /**
     * A mapping and its stage times per chunk (seconds).
     *
     * @param ownSeconds the op's time with its own I/O stages (alone) or without them (prefetched)
     */
    record Plan(Format format, boolean dot, int columns, int groups, int rows, long tokensPerPe,
                long featuresPerColumn, int chunks, int buffers, double inPerChunk, double computePerChunk,
                double meanComputePerChunk, double fabricPerChunk, double latency, double outPerChunk,
                long[] kept, double cyclesPerWeight, double cyclesPerColumn, int treeLevels, boolean prefetched,
                double ownSeconds, Bound bound,
                double idealCycles, double overheadCycles, double addCycles, double inBytes, double outBytes,
                String fabricPattern) {

        /** Cycles of PE column {@code c} over the whole op (its weights plus its reduction adds; at least one). */
        double columnCycles(int c) {
            return Math.max(1, kept[c] * cyclesPerWeight + cyclesPerColumn);
        }

        double inSeconds() {
            return inPerChunk * chunks;
        }

        double outSeconds() {
            return outPerChunk * chunks;
        }

        /** Seconds without its I/O stages: the compute side of the op. */
        double computeSideSeconds() {
            return computeSide(computePerChunk, fabricPerChunk, latency, chunks, buffers);
        }
    }

    private final WaferMachine m;
    private final MaskSampler sampler;
    /** Column counts by (pattern, weight, partition, columns): they do not depend on tokens or chunking. */
    private final Map<List<Object>, Counts> counts = new HashMap<>();

    StreamedGemm(WaferMachine machine, MaskSampler sampler) {
        this.m = machine;
        this.sampler = sampler;
    }

    /** Kept weights per distinct column, their total and the largest. */
    private record Counts(long[] kept, long total, long max) {}

    /** Kept weights per column, sampled from the seeded mask (C columns; widths differ by at most 1). */
    private Counts counts(Gemm g, WeightSparsity pattern, Shape s, int columns) {
        List<Object> key = List.of(pattern, g.layerType(), g.weightIn(), g.weightOut(), s.splitTag, columns);
        Counts cached = counts.get(key);
        if (cached != null) {
            return cached;
        }
        long base = s.colDim / columns;
        long extra = s.colDim % columns;
        long weightKey = MaskSampler.cell(g.layerType().ordinal(), g.weightIn(), g.weightOut());
        long[] cells = new long[columns];
        long[] sizes = new long[columns];
        for (int c = 0; c < columns; c++) {
            cells[c] = MaskSampler.cell(weightKey, s.splitTag, columns, c);
            sizes[c] = (base + (c < extra ? 1 : 0)) * s.chunkDim;
        }
        // The columns share exactly the weight's kept count (the one its FLOPs and bytes are counted from).
        long[] kept = sampler.keptExactly(pattern, cells, sizes, pattern.keptValues(g.weightOut(), g.weightIn()));
        long total = 0;
        long max = 0;
        for (long k : kept) {
            total += k;
            max = Math.max(max, k);
        }
        Counts result = new Counts(kept, total, max);
        counts.put(key, result);
        return result;
    }

    /** The fastest feasible mapping of {@code job}, or null when even one output per chunk overflows SRAM. */
    Plan plan(Job job) {
        Plan best = null;
        for (Shape s : Shape.of(job.gemm())) {
            for (int c : columnCandidates(s.colDim)) {
                for (int buffers = MIN_BUFFERS; buffers <= MAX_BUFFERS; buffers++) {
                    Plan p = planFor(job, s, c, buffers, best == null ? Double.POSITIVE_INFINITY : best.ownSeconds);
                    if (p != null && (best == null || p.ownSeconds < best.ownSeconds)) {
                        best = p;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The pass's view of the weight: which dimension the columns split, which the chunks split. WGRAD may keep
     * X in place and multicast dY along the rows, or the other way round; the mapper takes the cheaper.
     */
    private record Shape(boolean dot, long tokens, long colDim, long chunkDim, int splitTag) {
        static List<Shape> of(Gemm g) {
            return switch (g.pass()) {
                case FORWARD -> List.of(new Shape(false, g.m(), g.weightIn(), g.weightOut(), 0));
                case DGRAD -> List.of(new Shape(false, g.m(), g.weightOut(), g.weightIn(), 1));
                case WGRAD -> List.of(new Shape(true, g.k(), g.weightIn(), g.weightOut(), 0),
                        new Shape(true, g.k(), g.weightOut(), g.weightIn(), 1));
            };
        }
    }

    private List<Integer> columnCandidates(long colDim) {
        LinkedHashSet<Integer> set = new LinkedHashSet<>();
        int w = m.width();
        for (int groups = 1; groups <= Math.min(MAX_GROUPS, w); groups++) {
            set.add((int) Math.min(w / groups, colDim));
        }
        for (int c = 16; c >= 1; c /= 2) {
            set.add((int) Math.min(Math.min(c, w), colDim));
        }
        return new ArrayList<>(set);
    }

    /** The best chunking for C columns and D buffers; null when it does not fit or cannot beat {@code toBeat}. */
    private Plan planFor(Job job, Shape s, int columns, int buffers, double toBeat) {
        Gemm g = job.gemm();
        Precision p = g.precision();
        int groups = m.width() / columns;
        long slices = (long) groups * m.height();
        long tokensPerPe = ceilDiv(s.tokens, slices);
        long usedSlices = Math.min(slices, s.tokens);
        long featuresPerColumn = ceilDiv(s.colDim, columns);
        int lanes = m.lanes(p);
        int bytes = p.bytes();
        double perOutput = s.dot
                ? buffers * (tokensPerPe * (double) bytes + featuresPerColumn * (double) WaferMachine.PARTIAL_BYTES)
                : buffers * tokensPerPe * (double) WaferMachine.PARTIAL_BYTES;
        double free = job.freeBytesPerPe();
        long maxChunk = free <= 0 ? 0 : (long) Math.floor(free / perOutput);
        if (maxChunk < 1) {
            return null;
        }

        boolean sparse = job.format() == Format.SPARSE && !g.sparsity().isDense();
        Counts counts = counts(g, sparse ? g.sparsity() : WeightSparsity.DENSE, s, columns);
        long[] kept = counts.kept;
        long totalKept = counts.total;
        double fmac = Math.ceil((double) tokensPerPe / lanes);
        double ovh = m.nonzeroOverheadCycles();
        double link = m.linkWaveletsPerCycle();
        double perValue;
        double wavelets;
        if (sparse) {
            int wpn = m.waveletsPerNonzero(p);
            perValue = Math.max(fmac + ovh, wpn / link);
            wavelets = (double) totalKept * wpn;
        } else {
            int vpw = m.valuesPerDenseWavelet(p);
            perValue = Math.max(fmac + ovh, 1.0 / (vpw * link));
            wavelets = (double) totalKept / vpw;
        }
        // Reduction adds: AXPY adds the chunk's partials it forwards (the same on every column); DOT adds the
        // partial gradients of its own weights.
        double acc = m.accumulateLanes(p);
        double perWeight = perValue + (s.dot && usedSlices > 1 ? 1 / acc : 0);
        double perColumn = !s.dot && columns > 1 ? (double) tokensPerPe * s.chunkDim / acc : 0;
        long maxKept = counts.max;
        // A weight whose mask keeps nothing still runs its column task once: one cycle, never no time at all.
        double maxCycles = Math.max(1, maxKept * perWeight + perColumn);
        double meanCycles = (double) totalKept / columns * perWeight + perColumn;
        double addsOfSlowest = perColumn + maxKept * (perWeight - perValue);
        if (maxCycles / m.hertz() >= toBeat) {
            return null; // the slowest column alone already takes longer than the best plan so far
        }

        double inBytes = 0;
        double inject = 0;
        if (job.weightsIn()) {
            inBytes = sparse ? g.weightBytes() : (double) g.weightIn() * g.weightOut() * bytes;
            inject = wavelets;
        }
        double outBytes = s.dot ? (double) totalKept * bytes : 0;
        double inSeconds = Math.max(inBytes / m.streamBytesPerSecond(), inject / m.injectWaveletsPerSecond());
        double outSeconds = outBytes / m.streamBytesPerSecond();
        double ideal = maxKept * (double) tokensPerPe / lanes;
        double overhead = maxKept * perValue - ideal;
        Format format = sparse || job.format() == Format.DENSE ? job.format() : Format.DENSE;

        long minChunks = ceilDiv(s.chunkDim, maxChunk);
        Plan best = null;
        for (long n = minChunks; ; n *= 2) {
            double chunkOutputs = (double) s.chunkDim / n;
            MeshReduce fabric = fabric(s, job, columns, tokensPerPe, usedSlices, chunkOutputs, (double) maxKept / n);
            double hz = m.hertz();
            double b = maxCycles / n / hz;
            double f = fabric.occupancyCycles() / hz;
            double lat = fabric.latencyCycles() / hz;
            double a = inSeconds / n;
            double o = outSeconds / n;
            double own = job.prefetched() ? computeSide(b, f, lat, (int) n, buffers)
                    : alone(a, b, f, lat, o, (int) n, buffers, m.treeLevels(job.systems()));
            Bound bound = bound(job.prefetched() ? 0 : a, b, f, lat, job.prefetched() ? 0 : o, (int) n, buffers,
                    ideal, overhead, addsOfSlowest, maxCycles - meanCycles, sparse);
            Plan plan = new Plan(format, s.dot, columns, groups, m.height(), tokensPerPe, featuresPerColumn, (int) n,
                    buffers, a, b, meanCycles / n / hz, f, lat, o, kept, perWeight, perColumn,
                    m.treeLevels(job.systems()),
                    job.prefetched(), own, bound, ideal, overhead, addsOfSlowest, inBytes, outBytes,
                    fabric.pattern());
            if (best == null || plan.ownSeconds < best.ownSeconds) {
                best = plan;
            }
            if (n * 2 > Math.min(s.chunkDim, MAX_CHUNKS)) {
                break;
            }
        }
        return best;
    }

    private MeshReduce fabric(Shape s, Job job, int columns, long tokensPerPe, long usedSlices, double chunkOutputs,
                              double keptPerChunk) {
        double partial = WaferMachine.PARTIAL_BYTES / m.waveletBytes();
        if (!s.dot) {
            return MeshReduce.reduce(m, columns, tokensPerPe * chunkOutputs * partial);
        }
        double operand = m.wavelets(tokensPerPe * chunkOutputs, job.gemm().precision().bytes());
        MeshReduce bcast = MeshReduce.multicast(m, columns, operand);
        // Partial gradients reduce down the column's rows, then across the groups' copies of the column.
        long rows = Math.min(m.height(), usedSlices);
        long groupsUsed = StreamedGemm.ceilDiv(usedSlices, rows);
        MeshReduce red = MeshReduce.reduce(m, rows, keptPerChunk * partial)
                .then(MeshReduce.reduce(m, groupsUsed, keptPerChunk * partial, columns));
        // Row multicast and column reduction use different links: occupancies overlap, latencies add.
        return bcast.then(red);
    }

    /** Compute side only: fill plus the period of compute, fabric and the partial-sum buffers. */
    static double computeSide(double b, double f, double lat, int n, int buffers) {
        return b + f + lat + (n - 1) * Math.max(Math.max(b, f), (b + f + lat) / buffers);
    }

    /** The op alone: its own I/O stages, a two-chunk weight buffer, and the SwarmX tree's fill. */
    static double alone(double a, double b, double f, double lat, double o, int n, int buffers, int levels) {
        double period = Math.max(Math.max(Math.max(a, b), Math.max(f, o)),
                Math.max((b + f + lat) / buffers, (a + b) / BUFFERS));
        return a + b + f + lat + o + levels * (a + o) + (n - 1) * period;
    }

    /**
     * The stage that sets the pace; within compute, what the slowest column spends most cycles on: FMACs
     * (COMPUTE), a sparse format's per-nonzero overhead and lane padding (SPARSE_OVERHEAD), the reduction's adds
     * (FABRIC: reduction work) or its excess over the mean column (IMBALANCE).
     */
    static Bound bound(double a, double b, double f, double lat, double o, int n, int buffers, double ideal,
                       double overhead, double adds, double imbalanceCycles, boolean sparse) {
        double[] value = n == 1
                ? new double[] {b, a, o, f + lat, 0, 0}
                : new double[] {b, a, o, f, (b + f + lat) / buffers, (a + b) / BUFFERS};
        Bound[] kind = {Bound.COMPUTE, Bound.IO, Bound.IO, Bound.FABRIC, Bound.FABRIC, Bound.IO};
        int top = 0;
        for (int i = 1; i < value.length; i++) {
            if (value[i] > value[top]) {
                top = i;
            }
        }
        Bound stage = top == 5 && a < b ? Bound.COMPUTE : kind[top];
        if (stage != Bound.COMPUTE) {
            return stage;
        }
        double[] part = {ideal, sparse ? overhead : 0, adds, imbalanceCycles};
        Bound[] why = {Bound.COMPUTE, Bound.SPARSE_OVERHEAD, Bound.FABRIC, Bound.IMBALANCE};
        int most = 0;
        for (int i = 1; i < part.length; i++) {
            if (part[i] > part[most]) {
                most = i;
            }
        }
        return why[most];
    }

    /** The plan in words, for {@link io.sparsim.simulator.KernelTime#detail()}. */
    String describe(Plan p) {
        double hz = m.hertz();
        double slowest = p.computePerChunk * p.chunks * hz;
        double mean = p.meanComputePerChunk * p.chunks * hz;
        return String.format(Locale.ROOT,
                "%s %s: %d cols x %d groups x %d rows, %d tokens x %d features per PE, %d chunks, %d partial "
                        + "buffers; per chunk "
                        + "compute %.3g s (slowest column: FMAC %.0f%%, per-weight overhead and lane padding %.0f%%, "
                        + "reduction adds %.0f%%; %.2f%% above the mean column), fabric %.3g s + %.3g s latency "
                        + "(%s), io-in %.3g s, io-out %.3g s",
                p.dot ? "dot" : "axpy", p.format.name().toLowerCase(Locale.ROOT), p.columns, p.groups, p.rows,
                p.tokensPerPe, p.featuresPerColumn, p.chunks, p.buffers, p.computePerChunk, percent(p.idealCycles, slowest),
                percent(p.overheadCycles, slowest), percent(p.addCycles, slowest),
                mean > 0 ? 100 * (slowest - mean) / mean : 0, p.fabricPerChunk, p.latency, p.fabricPattern,
                p.inPerChunk, p.outPerChunk);
    }

    /** {@code part} as a percentage of {@code whole}; 0 when a column has no work (no 0/0 NaN in the text). */
    private static double percent(double part, double whole) {
        return whole > 0 ? 100 * part / whole : 0;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
