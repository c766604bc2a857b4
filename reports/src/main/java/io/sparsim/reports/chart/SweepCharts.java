package io.sparsim.reports.chart;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.sweep.Sweep;
import io.sparsim.reports.sweep.SweepReport;
import io.sparsim.reports.sweep.SweepRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;

/**
 * The sweep's charts: per phase, throughput and speedup versus sparsity for every machine and pattern, with
 * the FLOP-proportional ideal dashed; per machine and phase, the per-op time stacked by bound.
 * Only the first batch, length and precision of a multi-valued sweep are drawn (the tables hold all).
 */
public final class SweepCharts {
    private SweepCharts() {}

    public static List<Block> of(SweepReport r) {
        List<Block> out = new ArrayList<>();
        if (r.rows().isEmpty()) {
            return out;
        }
        SweepRow first = r.rows().get(0);
        Set<String> phases = new LinkedHashSet<>();
        r.rows().forEach(x -> phases.add(x.phase()));
        for (String phase : phases) {
            List<SweepRow> rows = r.rows().stream().filter(x -> x.phase().equals(phase)
                    && x.batch() == first.batch() && x.dtype().equals(first.dtype())
                    && x.length() == firstLength(r, phase)).toList();
            String what = phase + ", batch " + first.batch() + ", " + (phase.equals("decode") ? "kv " : "seq ")
                    + firstLength(r, phase) + ", " + first.dtype();
            out.add(Charts.figure("throughput-" + phase, "Throughput versus sparsity (" + what + "); log scale",
                    Charts.xy("Throughput, " + phase, "sparsity (fraction of zeros)", "tokens/s",
                            series(rows, SweepRow::tokensPerSecond, false), false, true)));
            out.add(Charts.figure("speedup-" + phase, "Speedup over dense versus sparsity (" + what
                    + "); dashed: the FLOP-proportional ideal", Charts.xy("Speedup over dense, " + phase,
                    "sparsity (fraction of zeros)", "speedup (x)", series(rows, SweepRow::speedupVsDense, true),
                    false, false)));
        }
        Set<String> drawn = new java.util.HashSet<>();
        for (Sweep.LayerTimes l : r.layers()) {
            // One picture per machine, mode and phase: the first pattern at its sparsest point tells more than
            // the dense twin (whose time is in the throughput chart); dense only when nothing sparse ran.
            boolean sparseExists = r.layers().stream().anyMatch(o -> o.hw().equals(l.hw())
                    && o.mode().equals(l.mode()) && o.phase().equals(l.phase()) && o.sparsity() > 0);
            if ((l.sparsity() == 0 && sparseExists) || !drawn.add(l.hw() + "|" + l.mode() + "|" + l.phase())) {
                continue;
            }
            Map<String, Map<String, Double>> byBound = new LinkedHashMap<>();
            for (Sweep.LayerTimes.OpTime op : l.ops()) {
                byBound.computeIfAbsent(op.boundBy(), k -> new LinkedHashMap<>());
                for (Sweep.LayerTimes.OpTime other : l.ops()) {
                    byBound.get(op.boundBy()).putIfAbsent(other.op(), 0.0);
                }
                byBound.get(op.boundBy()).put(op.op(), op.seconds() * 1e3);
            }
            String config = l.hw() + (l.mode().isEmpty() ? "" : " " + l.mode()) + ", " + l.phase() + ", "
                    + (l.sparsity() == 0 ? "dense" : l.pattern() + " " + Math.round(l.sparsity() * 100) + "%");
            JFreeChart chart = Charts.stackedBars("Per-op time by bottleneck: " + config, "op",
                    "ms per step (all layers)", byBound);
            out.add(Charts.figure("layers-" + slug(config), "Per-layer bottlenecks: time per op in one step, "
                    + "coloured by the resource that bounds it (" + config + ")", chart, Charts.WIDTH, 460));
        }
        return out;
    }

    private static int firstLength(SweepReport r, String phase) {
        return r.rows().stream().filter(x -> x.phase().equals(phase)).findFirst().orElseThrow().length();
    }

    private static List<Charts.Series> series(List<SweepRow> rows, Function<SweepRow, Double> y, boolean ideal) {
        Map<String, List<SweepRow>> byLine = new LinkedHashMap<>();
        for (SweepRow row : rows) {
            String key = row.hw() + (row.mode().isEmpty() ? "" : " " + row.mode()) + " " + row.pattern();
            byLine.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        List<Charts.Series> out = new ArrayList<>();
        byLine.forEach((key, rs) -> out.add(new Charts.Series(key, rs.stream().mapToDouble(SweepRow::sparsity)
                .toArray(), rs.stream().mapToDouble(v -> value(y, v)).toArray(), rs.size() == 1
                ? Charts.Series.Style.POINTS : Charts.Series.Style.LINE)));
        if (ideal) {
            Map<String, List<SweepRow>> byPattern = new LinkedHashMap<>();
            for (SweepRow row : rows) {
                if (row.hw().equals(rows.get(0).hw()) && row.mode().equals(rows.get(0).mode())) {
                    byPattern.computeIfAbsent(row.pattern(), k -> new ArrayList<>()).add(row);
                }
            }
            byPattern.forEach((pattern, rs) -> out.add(new Charts.Series("FLOP ideal, " + pattern,
                    rs.stream().mapToDouble(SweepRow::sparsity).toArray(),
                    rs.stream().mapToDouble(SweepRow::flopSpeedup).toArray(), Charts.Series.Style.DASHED)));
        }
        return out;
    }

    private static double value(Function<SweepRow, Double> y, SweepRow r) {
        Double v = y.apply(r);
        return v == null ? Double.NaN : v; // a point that does not fit has no rate
    }

    static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
