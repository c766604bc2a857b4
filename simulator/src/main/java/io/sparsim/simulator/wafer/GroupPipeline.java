package io.sparsim.simulator.wafer;

import io.sparsim.simulator.engine.ComputeUnit;
import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.Link;
import io.sparsim.simulator.engine.SharedBandwidth;
import io.sparsim.simulator.engine.SimulationResult;
import io.sparsim.simulator.engine.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops of one group (a decoder layer's forward or backward) with the weight stream overlapped across them:
 * the system I/O streams the group's weights back to back into a weight buffer, one layer deep, while the ops
 * compute in order; gradients stream out the other way (the I/O links are full duplex). An op starts when the
 * previous one has finished (its input) and its first chunk of weights has arrived.
 *
 * <p>FAST: a recurrence over the ops: an op starts when its predecessor ends and its first chunk has arrived,
 * and ends after its own compute side or after its last chunk's arrival plus that chunk's compute and
 * reduction, whichever is later; the gradient stream follows the same way. DETAILED: every chunk of every
 * op on the engine, with a compute unit per PE column (the G groups of a column run the same work), one
 * reduction link per op, and the I/O directions as shared bandwidths. Either way an op is charged the time from
 * the previous op's end to its own, so waiting for weights shows up on the op whose weights were late.
 */
final class GroupPipeline {
    /** Most chunk steps the engine plays per op; finer chunking is played as whole groups of chunks. */
    static final int MAX_ENGINE_CHUNKS = 48;

    /** An op of the group: a streamed GEMM (plan) or an op of known duration. */
    record Item(StreamedGemm.Plan plan, double fixedSeconds) {
        static Item of(StreamedGemm.Plan plan) {
            return new Item(plan, 0);
        }

        static Item fixed(double seconds) {
            return new Item(null, seconds);
        }

        double own() {
            return plan == null ? fixedSeconds : plan.ownSeconds();
        }

        double in() {
            return plan == null ? 0 : plan.inSeconds();
        }

        double out() {
            return plan == null ? 0 : plan.outSeconds();
        }

        /** First-chunk compute, reduction and latency: what follows a chunk's arrival. */
        double chunkTail() {
            return plan == null ? fixedSeconds : plan.computePerChunk() + plan.fabricPerChunk() + plan.latency();
        }
    }

    /** The group's time and each op's share of it. */
    record Outcome(double seconds, double[] opSeconds) {}

    private GroupPipeline() {}

    static Outcome fast(List<Item> items) {
        int n = items.size();
        int levels = 0;
        for (Item it : items) {
            if (it.plan != null) {
                levels = Math.max(levels, it.plan.treeLevels());
            }
        }
        // The weight stream runs from the start, op after op, into the layer-deep buffer.
        double arrived = 0;
        boolean first = true;
        double end = 0;
        double outFree = 0;
        double lastOutChunk = 0;
        int lastOut = -1;
        double[] ops = new double[n];
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            double start = end;
            double done = end + it.own();
            if (it.in() > 0) {
                if (first) {
                    arrived += levels * it.plan.inPerChunk();
                    first = false;
                }
                start = Math.max(start, arrived + it.plan.inPerChunk());
                arrived += it.in();
                // Compute keeps up with the stream, or the stream with compute.
                done = Math.max(start + it.own(), arrived + it.chunkTail());
            }
            if (it.out() > 0) {
                outFree = Math.max(Math.max(outFree, start + it.chunkTail()) + it.out(), done + it.plan.outPerChunk());
                lastOut = i;
                lastOutChunk = it.plan.outPerChunk();
            }
            ops[i] = done - end;
            end = done;
        }
        double seconds = end;
        if (lastOut >= 0) {
            double outEnd = outFree + levels * lastOutChunk;
            if (outEnd > end) {
                ops[lastOut] += outEnd - end;
                seconds = outEnd;
            }
        }
        return new Outcome(seconds, ops);
    }

    /**
     * Plays the group on the engine. With {@code prefetch} false (an op alone) I/O may run only
     * {@link StreamedGemm#BUFFERS} chunks ahead of compute.
     */
    static Outcome detailed(List<Item> items, double hertz, boolean prefetch) {
        EngineBuilder b = new EngineBuilder();
        b.addResource(new SharedBandwidth("io-in", 1.0));
        b.addResource(new SharedBandwidth("io-out", 1.0));
        int columns = 1;
        int levels = 0;
        for (Item it : items) {
            if (it.plan != null) {
                columns = Math.max(columns, it.plan.columns());
                levels = Math.max(levels, it.plan.treeLevels());
            }
        }
        for (int c = 0; c < columns; c++) {
            b.addResource(new ComputeUnit("col" + c, hertz));
        }
        String lastIn = null;
        String lastOut = null;
        String end = null;
        List<String> ends = new ArrayList<>();
        double lastOutChunk = 0;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            String px = "op" + i + ".";
            if (it.plan == null) {
                Task.Builder t = Task.builder(px + "run").lane("ops").fixedSeconds(it.fixedSeconds);
                if (end != null) {
                    t.after(end);
                }
                b.addTask(t.build());
                end = px + "run";
                ends.add(end);
                continue;
            }
            StreamedGemm.Plan p = it.plan;
            int n = Math.min(p.chunks(), MAX_ENGINE_CHUNKS);
            double scale = (double) p.chunks() / n;
            b.addResource(new Link(px + "fabric", 1.0, p.latency()));
            boolean in = p.inPerChunk() > 0;
            boolean out = p.outPerChunk() > 0;
            if (in && lastIn == null && levels > 0) {
                b.addTask(Task.builder("tree-in").lane("io").fixedSeconds(levels * p.inPerChunk()).build());
                lastIn = "tree-in";
            }
            for (int j = 0; j < n; j++) {
                if (in) {
                    Task.Builder t = Task.builder(px + "in" + j).lane("io-in").demand("io-in", p.inPerChunk() * scale);
                    if (lastIn != null) {
                        t.after(lastIn);
                    }
                    if (!prefetch && j >= StreamedGemm.BUFFERS) {
                        t.after(px + "done" + (j - StreamedGemm.BUFFERS));
                    }
                    b.addTask(t.build());
                    lastIn = px + "in" + j;
                }
                Task.Builder done = Task.builder(px + "done" + j).lane("ops");
                for (int c = 0; c < p.columns(); c++) {
                    String id = px + "k" + c + "_" + j;
                    Task.Builder t = Task.builder(id).lane("col" + c)
                            .demand("col" + c, p.columnCycles(c) / p.chunks() * scale);
                    if (in) {
                        t.after(px + "in" + j);
                    }
                    if (j > 0) {
                        t.after(px + "k" + c + "_" + (j - 1));
                    } else if (end != null) {
                        t.after(end);
                    }
                    if (j >= p.buffers()) {
                        t.after(px + "red" + (j - p.buffers()));
                    }
                    b.addTask(t.build());
                    done.after(id);
                }
                b.addTask(done.build());
                b.addTask(Task.builder(px + "red" + j).lane("fabric").demand(px + "fabric", p.fabricPerChunk() * scale)
                        .after(px + "done" + j).build());
                if (out) {
                    Task.Builder t = Task.builder(px + "out" + j).lane("io-out")
                            .demand("io-out", p.outPerChunk() * scale).after(px + "red" + j);
                    if (lastOut != null) {
                        t.after(lastOut);
                    }
                    b.addTask(t.build());
                    lastOut = px + "out" + j;
                    lastOutChunk = p.outPerChunk();
                }
            }
            Task.Builder e = Task.builder(px + "end").lane("ops").after(px + "red" + (n - 1));
            if (!prefetch && out) {
                e.after(px + "out" + (n - 1));
            }
            b.addTask(e.build());
            end = px + "end";
            ends.add(end);
        }
        if (lastOut != null && levels > 0) {
            b.addTask(Task.builder("tree-out").lane("io").fixedSeconds(levels * lastOutChunk).after(lastOut).build());
        }
        SimulationResult r = b.build().run();
        double[] ops = new double[items.size()];
        double previous = 0;
        for (int i = 0; i < items.size(); i++) {
            double at = r.task(ends.get(i)).endSeconds();
            ops[i] = at - previous;
            previous = at;
        }
        double makespan = r.makespanSeconds();
        if (makespan > previous) {
            // Gradients still streaming out after the last op: charge the last op that sends any.
            int last = items.size() - 1;
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).out() > 0) {
                    last = i;
                    break;
                }
            }
            ops[last] += makespan - previous;
        }
        return new Outcome(makespan, ops);
    }
}
