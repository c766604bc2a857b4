package io.sparsim.reports.sweep;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sparsim sweep} answers: one row per point, and the per-op times of one configuration per machine,
 * mode and phase (the bottleneck picture).
 */
public record SweepReport(String model, String fidelity, List<String> patterns, List<SweepRow> rows,
                          List<Sweep.LayerTimes> layers) {
    public SweepReport {
        patterns = List.copyOf(patterns);
        rows = List.copyOf(rows);
        layers = List.copyOf(layers);
    }

    /** The rows as a table. */
    public Grid grid() {
        boolean anyMode = rows.stream().anyMatch(r -> !r.mode().isEmpty());
        boolean anyMiss = rows.stream().anyMatch(r -> r.doesNotFit() != null);
        Grid.Builder<SweepRow> g = Grid.over("sweep", rows).text("hw", SweepRow::hw);
        if (anyMode) {
            g.text("mode", SweepRow::mode);
        }
        g.text("phase", SweepRow::phase)
                .col("batch", "batch", Unit.COUNT, SweepRow::batch)
                .col("length", "seq/kv", Unit.COUNT, SweepRow::length)
                .text("dtype", SweepRow::dtype)
                .text("pattern", SweepRow::pattern)
                .col("sparsity", "sparsity", Unit.FRACTION, SweepRow::sparsity)
                .col("secondsPerStep", "step time", Unit.SECONDS, SweepRow::secondsPerStep)
                .col("tokensPerSecond", "throughput", Unit.TOKENS_PER_SECOND, SweepRow::tokensPerSecond)
                .col("speedupVsDense", "speedup", Unit.RATIO, SweepRow::speedupVsDense)
                .col("flopSpeedup", "FLOP ideal", Unit.RATIO, SweepRow::flopSpeedup)
                .text("boundBy", SweepRow::boundBy);
        if (anyMiss) {
            g.text("doesNotFit", r -> r.doesNotFit() == null ? "" : r.doesNotFit());
        }
        return g.build();
    }

    /** The report as people read it; {@code figures} (charts) go in after the summary, for the HTML page. */
    public Document document(List<Block> figures) {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("", Fields.builder().text("model", model).text("fidelity", fidelity)
                .text("patterns", String.join(", ", patterns)).add("rows", rows.size(), Unit.COUNT).build(),
                new Note("Speedups are against the same machine, mode, phase, batch, length and precision run dense; "
                        + "the FLOP ideal is dense FLOPs over useful FLOPs (time proportional to FLOPs). Sequence "
                        + "length for prefill and train, KV-cache length for decode.")));
        if (!figures.isEmpty()) {
            sections.add(new Section("Charts", figures));
        }
        sections.add(Section.of("Points", grid()));
        return new Document("sweep: " + model, sections);
    }
}
