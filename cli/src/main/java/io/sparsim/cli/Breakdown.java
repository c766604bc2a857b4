package io.sparsim.cli;

import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-friendly views of simulation results (field names carry SI units). */
final class Breakdown {
    private Breakdown() {}

    static Map<String, Object> op(OpEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", e.chosen().kernel());
        m.put("seconds", e.seconds());
        m.put("rooflineSeconds", e.rooflineSeconds());
        m.put("flops", e.op().flops());
        m.put("denseFlops", e.op().denseFlops());
        m.put("bytes", e.chosen().bytes());
        m.put("minBytes", e.op().minBytes());
        m.put("boundBy", e.bound().id());
        m.put("detail", e.chosen().detail());
        if (e.alternatives().size() > 1) {
            List<Map<String, Object>> alts = new ArrayList<>();
            for (KernelTime k : e.alternatives()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("kernel", k.kernel());
                a.put("seconds", k.seconds());
                a.put("bytes", k.bytes());
                a.put("boundBy", k.bound().id());
                a.put("detail", k.detail());
                alts.add(a);
            }
            m.put("alternatives", alts);
        }
        return m;
    }

    static List<Map<String, Object>> ops(SimResult r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GroupEstimate g : r.groups()) {
            for (OpEstimate e : g.ops()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.name());
                m.put("repeat", g.repeat());
                m.put("op", e.op().name());
                m.putAll(op(e));
                m.put("secondsAllRepeats", e.seconds() * g.repeat());
                rows.add(m);
            }
        }
        return rows;
    }

    static Map<String, Object> run(io.sparsim.simulator.TrainingRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", run.seconds());
        m.put("denseSeconds", run.denseSeconds());
        m.put("throughputGain", run.throughputGain());
        List<Map<String, Object>> rungs = new ArrayList<>();
        for (var r : run.rungs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("fromStep", r.fromStep());
            x.put("untilStep", r.untilStep());
            x.put("omission", r.rate());
            x.put("secondsPerStep", r.secondsPerStep());
            rungs.add(x);
        }
        m.put("rungs", rungs);
        return m;
    }

    /** Share of the step's time each bound accounts for, largest first. */
    static Map<String, Double> timeByBound(SimResult r) {
        Map<String, Double> out = new LinkedHashMap<>();
        r.secondsByBound().forEach((b, s) -> out.put(b.id(), s / r.secondsPerStep()));
        return out;
    }
}
