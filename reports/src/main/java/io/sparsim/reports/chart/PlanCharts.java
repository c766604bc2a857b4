package io.sparsim.reports.chart;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.plan.ServeOption;
import io.sparsim.reports.plan.ServePlan;
import io.sparsim.reports.plan.ServePoint;
import io.sparsim.reports.plan.TrainOption;
import io.sparsim.reports.plan.TrainPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The plans' charts: cost against throughput across the options with the Pareto front marked, latency against
 * throughput with the SLO lines, and the sparsity sensitivity per machine.
 */
public final class PlanCharts {
    private PlanCharts() {}

    public static List<Block> serve(ServePlan p) {
        List<Block> out = new ArrayList<>();
        List<ServeOption> ok = p.options().stream().filter(ServeOption::feasible).toList();
        if (!ok.isEmpty()) {
            boolean priced = ok.stream().allMatch(o -> o.costPerMillionTokens() != null);
            String yLabel = priced ? "$ per million output tokens" : "joules per output token (tdp)";
            List<Charts.Series> series = new ArrayList<>();
            Map<String, List<ServeOption>> byHw = group(ok, ServeOption::hw);
            byHw.forEach((hw, os) -> series.add(new Charts.Series(hw, os.stream()
                    .mapToDouble(ServeOption::tokensPerSecondPerDevice).toArray(), os.stream()
                    .mapToDouble(o -> priced ? o.costPerMillionTokens() : o.joulesPerToken()).toArray(),
                    Charts.Series.Style.POINTS)));
            List<double[]> front = pareto(ok.stream().map(o -> new double[] {o.tokensPerSecondPerDevice(),
                    priced ? o.costPerMillionTokens() : o.joulesPerToken()}).toList());
            series.add(new Charts.Series("Pareto front", front.stream().mapToDouble(x -> x[0]).toArray(),
                    front.stream().mapToDouble(x -> x[1]).toArray(), Charts.Series.Style.DASHED));
            out.add(Charts.figure("plan-cost-throughput", (priced ? "Cost" : "Energy") + " per token against "
                    + "throughput per device, one point per feasible option; dashed: the Pareto front (no option is "
                    + "both cheaper and faster)", Charts.xy((priced ? "Cost" : "Energy") + " vs throughput",
                    "output tokens/s per device", yLabel, series, true, true)));
        }
        // One curve per option: its chosen replica size as the batch grows (the other sizes are in the JSON).
        java.util.Set<String> chosen = new java.util.HashSet<>();
        ok.forEach(o -> chosen.add(o.hw() + " " + o.sparsity() + " x" + (o.devices() / o.replicas())));
        List<ServePoint> shown = p.points().stream()
                .filter(x -> chosen.contains(x.hw() + " " + x.sparsity() + " x" + x.devicesPerReplica())).toList();
        if (!shown.isEmpty()) {
            List<Charts.Series> series = new ArrayList<>();
            group(shown, x -> x.hw() + " " + x.sparsity() + " x" + x.devicesPerReplica()).forEach((k, ps) -> {
                List<ServePoint> sorted = ps.stream().sorted(Comparator.comparingInt(ServePoint::batch)).toList();
                series.add(new Charts.Series(k, sorted.stream().mapToDouble(ServePoint::tokensPerSecondPerDevice)
                        .toArray(), sorted.stream().mapToDouble(x -> x.tpotSeconds() * 1e3).toArray(),
                        Charts.Series.Style.LINE));
            });
            JFreeChart chart = Charts.xy("Time per output token vs throughput", "output tokens/s per device",
                    "TPOT (ms)", series, true, true);
            if (p.tpotSeconds() != null) {
                Charts.hline(chart, p.tpotSeconds() * 1e3, "TPOT SLO " + io.sparsim.reports.units.Units.seconds(
                        p.tpotSeconds()));
            }
            out.add(Charts.figure("plan-latency-throughput", "Time per output token against throughput per device as "
                    + "the decode batch grows, for each option's chosen replica (x devices per replica); red: the SLO",
                    chart, Charts.WIDTH, 480));
        }
        Map<String, Map<String, Double>> sens = new LinkedHashMap<>();
        for (ServeOption o : ok) {
            sens.computeIfAbsent(o.hw(), k -> new LinkedHashMap<>()).put(o.sparsity(),
                    p.rate() != null ? (double) o.devices() : o.tokensPerSecondPerDevice());
        }
        if (!sens.isEmpty()) {
            out.add(Charts.figure("plan-sparsity", "Sparsity sensitivity: " + (p.rate() != null
                    ? "devices needed for the rate" : "throughput per device") + " per machine and sparsity",
                    Charts.bars("Sparsity sensitivity", "sparsity", p.rate() != null ? "devices"
                            : "output tokens/s per device", sens)));
        }
        return out;
    }

    public static List<Block> train(TrainPlan p) {
        List<Block> out = new ArrayList<>();
        List<TrainOption> ok = p.options().stream().filter(TrainOption::feasible).toList();
        if (ok.isEmpty()) {
            return out;
        }
        boolean priced = ok.stream().allMatch(o -> o.cost() != null);
        List<Charts.Series> series = new ArrayList<>();
        group(ok, TrainOption::hw).forEach((hw, os) -> series.add(new Charts.Series(hw,
                os.stream().mapToDouble(TrainOption::days).toArray(),
                os.stream().mapToDouble(o -> priced ? o.cost() : o.energyMegawattHours()).toArray(),
                Charts.Series.Style.POINTS)));
        List<double[]> front = pareto(ok.stream().map(o -> new double[] {1 / o.days(),
                priced ? o.cost() : o.energyMegawattHours()}).toList());
        series.add(new Charts.Series("Pareto front", front.stream().mapToDouble(x -> 1 / x[0]).toArray(),
                front.stream().mapToDouble(x -> x[1]).toArray(), Charts.Series.Style.DASHED));
        JFreeChart chart = Charts.xy((priced ? "Cost" : "Energy") + " vs time to train", "wall-clock days",
                priced ? "cost ($)" : "energy (MWh, tdp)", series, false, true);
        if (p.days() != null) {
            Charts.vline(chart, p.days(), "budget " + p.days() + " d");
        }
        out.add(Charts.figure("plan-cost-time", (priced ? "Cost" : "Energy") + " against wall-clock days, one point "
                + "per feasible option; dashed: the Pareto front", chart));
        Map<String, Map<String, Double>> sens = new LinkedHashMap<>();
        for (TrainOption o : ok) {
            sens.computeIfAbsent(o.hw(), k -> new LinkedHashMap<>()).put(o.sparsity(), p.days() != null
                    ? (double) o.devices() : o.days());
        }
        out.add(Charts.figure("plan-sparsity", "Sparsity sensitivity: " + (p.days() != null ? "devices needed"
                : "days") + " per machine and sparsity", Charts.bars("Sparsity sensitivity", "sparsity",
                p.days() != null ? "devices" : "days", sens)));
        return out;
    }

    /** The points no other point beats on both axes (x larger is better, y smaller is better), by x. */
    static List<double[]> pareto(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble((double[] x) -> -x[0]).thenComparingDouble(x -> x[1]));
        List<double[]> front = new ArrayList<>();
        double bestY = Double.POSITIVE_INFINITY;
        for (double[] x : sorted) {
            if (x[1] < bestY) {
                front.add(x);
                bestY = x[1];
            }
        }
        front.sort(Comparator.comparingDouble(x -> x[0]));
        return front;
    }

    private static <T> Map<String, List<T>> group(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        items.forEach(i -> out.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        return out;
    }
}
