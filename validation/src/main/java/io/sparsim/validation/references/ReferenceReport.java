package io.sparsim.validation.references;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every published figure beside Sparsim's, with a summary per group; what {@code validate --references} prints. */
public record ReferenceReport(List<ReferenceResult> results) {
    public ReferenceReport {
        results = List.copyOf(results);
    }

    /**
     * One group's figures.
     *
     * @param meanAbsRelativeError mean |error| of the group's entries with a relative metric (NaN if none)
     * @param meanAbsSpeedupError  mean |error| of its speedup entries (NaN if none)
     */
    public record GroupSummary(Reference.Group group, int entries, int measured, int measuredWithin, int knownMisses,
                               int claims, int claimsAgreeing, double meanAbsRelativeError,
                               double meanAbsSpeedupError) {}

    /** True when no gated entry misses its tolerance. */
    public boolean passes() {
        return results.stream().noneMatch(ReferenceResult::fails);
    }

    public List<GroupSummary> summary() {
        Map<Reference.Group, List<ReferenceResult>> by = new EnumMap<>(Reference.Group.class);
        results.forEach(r -> by.computeIfAbsent(r.reference().group(), g -> new ArrayList<>()).add(r));
        List<GroupSummary> out = new ArrayList<>();
        by.forEach((g, rs) -> out.add(new GroupSummary(g, rs.size(),
                (int) rs.stream().filter(r -> r.reference().kind() == Reference.Kind.MEASURED).count(),
                (int) rs.stream().filter(r -> r.reference().kind() == Reference.Kind.MEASURED && r.withinTolerance())
                        .count(),
                (int) rs.stream().filter(r -> r.reference().knownMiss().isPresent()).count(),
                (int) rs.stream().filter(r -> r.reference().kind() != Reference.Kind.MEASURED).count(),
                (int) rs.stream().filter(r -> r.reference().kind() != Reference.Kind.MEASURED && r.withinTolerance())
                        .count(),
                meanAbs(rs, false), meanAbs(rs, true))));
        return out;
    }

    private static double meanAbs(List<ReferenceResult> rs, boolean speedup) {
        return rs.stream().filter(r -> r.reference().metric().absolute() == speedup && !Double.isNaN(r.error()))
                .mapToDouble(r -> Math.abs(r.error())).average().orElse(Double.NaN);
    }

    /** The JSON object: {@code references[]} and {@code summary}. */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (ReferenceResult r : results) {
            Reference ref = r.reference();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ref.id());
            m.put("group", ref.group().id());
            m.put("kind", ref.kind().id());
            m.put("hardware", ref.hardware());
            m.put("workload", ref.workload().describe());
            m.put("metric", ref.metric().id());
            m.put("published", ref.value().isPresent() ? ref.value().getAsDouble() : null);
            m.put("predicted", Double.isNaN(r.predicted()) ? null : r.predicted());
            m.put("error", Double.isNaN(r.error()) ? null : r.error());
            m.put("errorKind", ref.metric().absolute() ? "absolute" : "relative");
            m.put("tolerance", ref.tolerance());
            m.put("withinTolerance", r.withinTolerance());
            m.put("verdict", r.verdict());
            m.put("detail", r.detail());
            r.explanation().ifPresent(x -> m.put(ref.knownMiss().isPresent() ? "knownMiss" : "why", x));
            m.put("source", ref.source());
            refs.add(m);
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupSummary g : summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group().id());
            m.put("entries", g.entries());
            m.put("measured", g.measured());
            m.put("measuredWithinTolerance", g.measuredWithin());
            m.put("knownMisses", g.knownMisses());
            m.put("claims", g.claims());
            m.put("claimsWithinTolerance", g.claimsAgreeing());
            m.put("meanAbsRelativeError", Double.isNaN(g.meanAbsRelativeError()) ? null : g.meanAbsRelativeError());
            m.put("meanAbsSpeedupError", Double.isNaN(g.meanAbsSpeedupError()) ? null : g.meanAbsSpeedupError());
            groups.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("entries", results.size());
        summary.put("measured", results.stream().filter(r -> r.reference().kind() == Reference.Kind.MEASURED).count());
        summary.put("failing", results.stream().filter(ReferenceResult::fails).map(r -> r.reference().id()).toList());
        summary.put("knownMisses", results.stream().filter(r -> r.reference().knownMiss().isPresent())
                .map(r -> r.reference().id()).toList());
        summary.put("pass", passes());
        summary.put("groups", groups);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("references", refs);
        out.put("summary", summary);
        return out;
    }

    /** A published or predicted figure in its metric's unit, 3 significant digits. */
    public static String figure(Reference.Metric metric, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return switch (metric) {
            case SECONDS -> v < 1e-3 ? fmt(v * 1e6) + " µs" : v < 1 ? fmt(v * 1e3) + " ms" : fmt(v) + " s";
            case FLOPS_PER_SECOND -> fmt(v / 1e12) + " TFLOP/s";
            case TOKENS_PER_SECOND -> fmt(v) + " tok/s";
            case SPEEDUP -> String.format(Locale.ROOT, "%.2f×", v);
        };
    }

    /** An error as read: +12.3% for a relative metric, +0.07 for a speedup. */
    public static String error(ReferenceResult r) {
        if (Double.isNaN(r.error())) {
            return "—";
        }
        return r.reference().metric().absolute() ? String.format(Locale.ROOT, "%+.2f", r.error())
                : String.format(Locale.ROOT, "%+.1f%%", r.error() * 100);
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The Markdown page {@code docs/references.md}: every entry with its error, the claims, the known misses. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Published references\n\n");
        sb.append("<!-- Generated by `./sparsim validate --references --doc docs/references.md` from "
                + "validation/references/*.yaml; `./sparsim check` fails when it is out of date. Do not edit. -->\n\n");
        sb.append("Every published figure Sparsim is checked against, with its source, Sparsim's figure and the error. "
                + "A `measured` entry gates `sparsim validate --references` and `sparsim check` (tolerances: 15% on a "
                + "GEMM's time or rate, 0.15 absolute on a speedup over dense, 25% on end-to-end tokens/s or "
                + "latency); `vendor-claim` and `claim` entries are reported, not gated. A measurement on a GPU its "
                + "source does not name is kept as a claim.\n\n");
        sb.append("## Summary\n\n| group | entries | measured within tolerance | known misses | claims within "
                + "tolerance | mean abs. error (relative) | mean abs. error (speedup) |\n|---|---|---|---|---|---|---|\n");
        for (GroupSummary g : summary()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d of %d | %d | %d of %d | %s | %s |%n", g.group().id(),
                    g.entries(), g.measuredWithin(), g.measured(), g.knownMisses(), g.claimsAgreeing(), g.claims(),
                    Double.isNaN(g.meanAbsRelativeError()) ? "—"
                            : String.format(Locale.ROOT, "%.1f%%", g.meanAbsRelativeError() * 100),
                    Double.isNaN(g.meanAbsSpeedupError()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", g.meanAbsSpeedupError())));
        }
        sb.append("\n## Every entry\n\n| id | kind | hardware | software | workload | published | Sparsim | error "
                + "| tolerance | verdict | Sparsim's kernel / bound | source |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ReferenceResult r : results) {
            Reference ref = r.reference();
            sb.append("| ").append(ref.id()).append(" | ").append(ref.kind().id()).append(" | ").append(ref.hardware())
                    .append(" | ").append(cell(ref.software().library() + ", " + ref.software().version()))
                    .append(" | ").append(cell(ref.workload().describe() + ref.clock().map(c -> ", clock held at "
                            + c.held().format()).orElse("")))
                    .append(" | ").append(ref.value().isPresent() ? figure(ref.metric(), ref.value().getAsDouble()) : "none")
                    .append(" | ").append(figure(ref.metric(), r.predicted()))
                    .append(" | ").append(error(r))
                    .append(" | ").append(ref.metric().absolute() ? String.format(Locale.ROOT, "±%.2f", ref.tolerance())
                            : String.format(Locale.ROOT, "±%.0f%%", ref.tolerance() * 100))
                    .append(" | ").append(r.verdict())
                    .append(" | ").append(cell(r.detail()))
                    .append(" | ").append(cell(ref.source())).append(" |\n");
        }
        sb.append("\n## Clocks\n\nAn entry runs at its card's default clock behaviour, the profile's `sustainedClock` "
                + "under a sustained tensor load with random data, unless its run held another clock: then its math "
                + "runs at that clock (`clock.held`).\n\n");
        for (ReferenceResult r : results) {
            r.reference().clock().ifPresent(c -> sb.append("- **").append(r.reference().id()).append("**: held at ")
                    .append(c.held().format()).append(". ").append(c.basis()).append('\n'));
        }
        sb.append("\n## Claims: Sparsim's reproduction and why it differs\n\n");
        for (ReferenceResult r : results) {
            Reference ref = r.reference();
            if (ref.kind() == Reference.Kind.MEASURED || r.explanation().isEmpty()) {
                continue;
            }
            sb.append("- **").append(ref.id()).append("** (").append(ref.kind().id()).append(", ")
                    .append(ref.hardware()).append(", ").append(ref.workload().describe()).append("): published ")
                    .append(ref.value().isPresent() ? figure(ref.metric(), ref.value().getAsDouble()) : "no figure")
                    .append(", Sparsim ").append(figure(ref.metric(), r.predicted())).append(" (")
                    .append(r.verdict()).append("). ").append(r.explanation().get()).append('\n');
        }
        sb.append("\n## Known misses\n\n");
        List<ReferenceResult> misses = results.stream().filter(r -> r.reference().knownMiss().isPresent()).toList();
        if (misses.isEmpty()) {
            sb.append("None: every measured entry is within its tolerance.\n");
        }
        for (ReferenceResult r : misses) {
            sb.append("- **").append(r.reference().id()).append("**: published ")
                    .append(figure(r.reference().metric(), r.reference().value().getAsDouble())).append(", Sparsim ")
                    .append(figure(r.reference().metric(), r.predicted())).append(" (").append(error(r))
                    .append("). ").append(r.reference().knownMiss().get()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
