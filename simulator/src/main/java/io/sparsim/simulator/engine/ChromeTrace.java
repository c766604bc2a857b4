package io.sparsim.simulator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/** Writes a {@link SimulationResult} as Chrome trace event JSON (hand-written: flat and dependency-free). */
final class ChromeTrace {

    private final StringBuilder out = new StringBuilder(1 << 16);
    private boolean first = true;

    private ChromeTrace() {
    }

    static String write(SimulationResult result) {
        return new ChromeTrace().render(result);
    }

    private String render(SimulationResult result) {
        TaskGraph g = result.graph();
        List<TaskTiming> timings = result.tasks();
        out.append("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"makespanSeconds\":")
                .append(number(result.makespanSeconds())).append("},\"traceEvents\":[\n");

        // One process per lane, in order of first appearance.
        Map<String, List<Integer>> lanes = new LinkedHashMap<>();
        for (int t = 0; t < timings.size(); t++) {
            lanes.computeIfAbsent(timings.get(t).lane(), k -> new ArrayList<>()).add(t);
        }
        int pid = 0;
        for (Map.Entry<String, List<Integer>> lane : lanes.entrySet()) {
            pid++;
            processName(pid, "lane " + lane.getKey(), pid);
            int[] tids = assignThreads(lane.getValue(), timings);
            int threads = Arrays.stream(tids).max().orElse(0) + 1;
            for (int tid = 0; tid < threads; tid++) {
                threadName(pid, tid, threads == 1 ? lane.getKey() : lane.getKey() + " #" + tid);
            }
            List<Integer> members = lane.getValue();
            for (int i = 0; i < members.size(); i++) {
                int t = members.get(i);
                TaskTiming tt = timings.get(t);
                complete(tt.name(), "task", tt.startSeconds(), tt.endSeconds(), pid, tids[i],
                        "\"id\":" + string(tt.id()) + ",\"ready_us\":" + micros(tt.readySeconds())
                                + ",\"queued_us\":" + micros(tt.queuedSeconds()));
            }
        }

        // Compute units: one thread per slot, showing which task holds it.
        int computePid = ++pid;
        int[] firstTid = new int[g.resourceCount()];
        int tid = 0;
        boolean anyCompute = false;
        for (int r = 0; r < g.resourceCount(); r++) {
            if (g.resources().get(r) instanceof ComputeUnit cu) {
                if (!anyCompute) {
                    processName(computePid, "compute units", computePid);
                    anyCompute = true;
                }
                firstTid[r] = tid;
                for (int s = 0; s < cu.capacity(); s++) {
                    threadName(computePid, tid++, cu.capacity() == 1 ? cu.name() : cu.name() + " slot " + s);
                }
            }
        }
        for (int t = 0; t < timings.size(); t++) {
            TaskTiming tt = timings.get(t);
            for (int k = g.computeStart[t]; k < g.computeStart[t + 1]; k++) {
                int r = g.demandResource[g.computeDemand[k]];
                complete(tt.name(), "compute", tt.startSeconds(), tt.endSeconds(), computePid,
                        firstTid[r] + result.slotOfComputeDemand(k), "\"id\":" + string(tt.id()));
            }
        }

        // Bandwidths and links: counter tracks of the delivered aggregate rate.
        int bandwidthPid = ++pid;
        boolean anyBandwidth = false;
        for (int r = 0; r < g.resourceCount(); r++) {
            if (g.resourceKind[r] != TaskGraph.BANDWIDTH) {
                continue;
            }
            if (!anyBandwidth) {
                processName(bandwidthPid, "bandwidth", bandwidthPid);
                anyBandwidth = true;
            }
            double[] times = result.rateSampleTimes(r);
            double[] rates = result.rateSampleValues(r);
            String name = string(g.resources().get(r).name());
            for (int i = 0; i < times.length; i++) {
                event();
                out.append("{\"name\":").append(name).append(",\"ph\":\"C\",\"ts\":").append(micros(times[i]))
                        .append(",\"pid\":").append(bandwidthPid).append(",\"tid\":0,\"args\":{\"bytesPerSecond\":")
                        .append(number(rates[i])).append("}}");
            }
        }
        out.append("\n]}\n");
        return out.toString();
    }

    /** Interval partitioning: each task goes to the thread that freed up earliest, so X events never overlap. */
    private static int[] assignThreads(List<Integer> members, List<TaskTiming> timings) {
        Integer[] order = new Integer[members.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            TaskTiming x = timings.get(members.get(a));
            TaskTiming y = timings.get(members.get(b));
            int c = Double.compare(x.startSeconds(), y.startSeconds());
            if (c == 0) {
                c = Double.compare(x.endSeconds(), y.endSeconds());
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Double> threadEnd = new ArrayList<>();
        PriorityQueue<Integer> free = new PriorityQueue<>((a, b) -> {
            int c = Double.compare(threadEnd.get(a), threadEnd.get(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] tids = new int[members.size()];
        for (int i : order) {
            TaskTiming tt = timings.get(members.get(i));
            int tid;
            if (!free.isEmpty() && threadEnd.get(free.peek()) <= tt.startSeconds()) {
                tid = free.poll();
            } else {
                tid = threadEnd.size();
                threadEnd.add(0.0);
            }
            threadEnd.set(tid, tt.endSeconds());
            free.add(tid);
            tids[i] = tid;
        }
        return tids;
    }

    private void complete(String name, String category, double startSeconds, double endSeconds, int pid, int tid,
                          String args) {
        event();
        out.append("{\"name\":").append(string(name)).append(",\"cat\":\"").append(category)
                .append("\",\"ph\":\"X\",\"ts\":").append(micros(startSeconds))
                .append(",\"dur\":").append(micros(endSeconds - startSeconds))
                .append(",\"pid\":").append(pid).append(",\"tid\":").append(tid)
                .append(",\"args\":{").append(args).append("}}");
    }

    private void processName(int pid, String name, int sortIndex) {
        event();
        out.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":").append(pid)
                .append(",\"tid\":0,\"args\":{\"name\":").append(string(name)).append("}}");
        event();
        out.append("{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":").append(pid)
                .append(",\"tid\":0,\"args\":{\"sort_index\":").append(sortIndex).append("}}");
    }

    private void threadName(int pid, int tid, String name) {
        event();
        out.append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":").append(pid).append(",\"tid\":").append(tid)
                .append(",\"args\":{\"name\":").append(string(name)).append("}}");
    }

    private void event() {
        if (!first) {
            out.append(",\n");
        }
        first = false;
    }

    /** Microseconds with nanosecond resolution, built by hand: locale-proof and far faster than String.format. */
    private static String micros(double seconds) {
        long ns = Math.round(seconds * 1e9);
        StringBuilder sb = new StringBuilder(24);
        if (ns < 0) {
            sb.append('-');
            ns = -ns;
        }
        long frac = ns % 1000;
        sb.append(ns / 1000).append('.');
        if (frac < 100) {
            sb.append(frac < 10 ? "00" : "0");
        }
        return sb.append(frac).toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "0";
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
