package io.sparsim.reports.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import io.sparsim.validation.compare.CaseComparison;
import io.sparsim.validation.compare.Repeatability;
import io.sparsim.validation.compare.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparsim validate} answers: every measured case beside its prediction, the error per file and per
 * sparse format, and the speedup check, against a MAPE tolerance.
 */
public record ValidationSummary(double tolerance, double mape, double maxAbsError, Map<String, Double> mapeByFormat,
                                Map<String, Double> speedupErrorByFormat, ValidationReport.SpeedupCheck speedupCheck,
                                List<FileRow> files, List<CaseRow> cases, List<Repeatability> repeatability) {

    /** One measurement file's result. */
    public record FileRow(String file, String hw, List<String> notes, double mape, double maxAbsError) {}

    /**
     * One measured case and its prediction; the speedups are null when the file has no dense twin.
     *
     * @param measuredSeconds the compared measured time (the samples' 10th percentile)
     * @param error           (predicted - measured) / measured
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaseRow(String id, String format, int m, int n, int k, String sparsity, String kernel,
                          double measuredSeconds, double measuredMedianSeconds, double predictedSeconds,
                          double error, Double measuredSpeedup, Double predictedSpeedup, String file) {}

    public ValidationSummary {
        files = List.copyOf(files);
        cases = List.copyOf(cases);
        repeatability = List.copyOf(repeatability);
    }

    /** The summary of {@code reports} (one per measurement file). */
    public static ValidationSummary of(List<ValidationReport> reports, double tolerance) {
        List<CaseComparison> all = reports.stream().flatMap(r -> r.cases().stream()).toList();
        ValidationReport merged = new ValidationReport("all", reports.isEmpty() ? "" : reports.get(0).hwId(),
                "", List.of(), all);
        List<FileRow> files = new ArrayList<>();
        List<CaseRow> cases = new ArrayList<>();
        for (ValidationReport r : reports) {
            files.add(new FileRow(r.source(), r.hwId(), r.notes(), r.mape(), r.maxAbsError()));
            for (CaseComparison c : r.cases()) {
                var m = c.measured();
                cases.add(new CaseRow(m.id(), m.format().id(), m.m(), m.n(), m.k(), m.sparsity(), c.kernel(),
                        c.measuredSeconds(), m.medianSeconds(), c.predictedSeconds(), c.error(),
                        c.hasDenseTwin() ? c.measuredSpeedup() : null, c.hasDenseTwin() ? c.predictedSpeedup() : null,
                        r.source()));
            }
        }
        return new ValidationSummary(tolerance, merged.mape(), merged.maxAbsError(), merged.mapeByFormat(),
                merged.speedupErrorByFormat(), merged.speedupCheck(tolerance), files, cases,
                Repeatability.of(reports, tolerance));
    }

    /** True when every file's MAPE is within the tolerance. */
    public boolean pass() {
        return files.stream().allMatch(f -> f.mape() <= tolerance);
    }

    /** Per sparse format: cases, MAPE, worst error and speedup error. */
    public record FormatRow(String format, long cases, double mape, double maxAbsError, Double speedupError) {}

    public List<FormatRow> formats() {
        List<FormatRow> rows = new ArrayList<>();
        mapeByFormat.forEach((f, mapeOf) -> rows.add(new FormatRow(f,
                cases.stream().filter(c -> c.format().equals(f)).count(), mapeOf,
                cases.stream().filter(c -> c.format().equals(f)).mapToDouble(c -> Math.abs(c.error())).max().orElse(0),
                speedupErrorByFormat.get(f))));
        return rows;
    }

    public Document document() {
        return document(List.of());
    }

    /** The report as people read it; {@code figures} (charts) go in after the summary, for the HTML page. */
    public Document document(List<io.sparsim.reports.doc.Block> figures) {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("", Fields.builder()
                .add("files", files.size(), Unit.COUNT)
                .add("cases", cases.size(), Unit.COUNT)
                .add("MAPE", mape, Unit.FRACTION)
                .add("max |error|", maxAbsError, Unit.FRACTION)
                .add("tolerance", tolerance, Unit.FRACTION)
                .text("speedup vs dense at 50/70/90% sparsity", speedupCheck.within() + " of " + speedupCheck.cases()
                        + " cases within " + io.sparsim.reports.units.Units.percent(tolerance))
                .add("worst speedup error", speedupCheck.maxError(), Unit.FRACTION)
                .text("result", pass() ? "PASS" : "FAIL").build()));
        if (!figures.isEmpty()) {
            sections.add(new Section("Charts", figures));
        }
        sections.add(Section.of("Error by format", formatGrid()));
        if (!repeatability.isEmpty()) {
            sections.add(new Section("Run to run (files of one machine validated against one profile)", List.of(
                    new Note("Spread: a case's largest measurement over its smallest, minus one. No one prediction"
                            + " holds a speedup within the tolerance t of every run once its runs spread past"
                            + " (1 + t) / (1 - t) - 1; below that, a miss is the prediction's."),
                    repeatabilityGrid())));
        }
        for (FileRow f : files) {
            List<CaseRow> mine = cases.stream().filter(c -> c.file().equals(f.file())).toList();
            List<io.sparsim.reports.doc.Block> blocks = new ArrayList<>();
            f.notes().forEach(n -> blocks.add(new Note(n)));
            blocks.add(Fields.builder().add("MAPE", f.mape(), Unit.FRACTION)
                    .add("max |error|", f.maxAbsError(), Unit.FRACTION)
                    .text("result", f.mape() <= tolerance ? "PASS" : "FAIL").build());
            blocks.add(caseGrid(mine));
            sections.add(new Section(f.file() + " vs " + f.hw(), blocks));
        }
        return new Document("validate: predictions against measured runs", sections);
    }

    Grid formatGrid() {
        return Grid.over("formats", formats())
                .text("format", FormatRow::format)
                .col("cases", "cases", Unit.COUNT, FormatRow::cases)
                .col("mape", "MAPE", Unit.FRACTION, FormatRow::mape)
                .col("maxAbsError", "max |error|", Unit.FRACTION, FormatRow::maxAbsError)
                .col("speedupError", "speedup error", Unit.FRACTION, FormatRow::speedupError).build();
    }

    Grid repeatabilityGrid() {
        return Grid.over("repeatability", repeatability)
                .col("hw", "profile", Unit.TEXT, Repeatability::hwId)
                .col("measuredOn", "measured on", Unit.TEXT, Repeatability::measuredOn)
                .col("files", "files", Unit.COUNT, Repeatability::files)
                .col("cases", "cases", Unit.COUNT, Repeatability::cases)
                .col("medianTimeSpread", "time spread median", Unit.FRACTION, Repeatability::medianTimeSpread)
                .col("worstTimeSpread", "worst", Unit.FRACTION, Repeatability::worstTimeSpread)
                .col("medianSpeedupSpread", "speedup spread median", Unit.FRACTION,
                        Repeatability::medianSpeedupSpread)
                .col("worstSpeedupSpread", "worst", Unit.FRACTION, Repeatability::worstSpeedupSpread)
                .col("worstSpeedupCase", "its case", Unit.TEXT, Repeatability::worstSpeedupCase)
                .col("speedupsNoPredictionHolds", "speedups no prediction holds", Unit.TEXT,
                        r -> r.speedupsNoPredictionHolds() + " of " + r.speedupCases()).build();
    }

    static Grid caseGrid(List<CaseRow> rows) {
        return Grid.over("cases", rows)
                .text("id", CaseRow::id)
                .col("m", "m", Unit.COUNT, CaseRow::m)
                .text("format", CaseRow::format)
                .col("measuredSeconds", "measured p10", Unit.SECONDS, CaseRow::measuredSeconds)
                .col("predictedSeconds", "predicted", Unit.SECONDS, CaseRow::predictedSeconds)
                .col("error", "error", Unit.FRACTION, CaseRow::error)
                .col("measuredSpeedup", "speedup measured", Unit.RATIO, CaseRow::measuredSpeedup)
                .col("predictedSpeedup", "speedup predicted", Unit.RATIO, CaseRow::predictedSpeedup).build();
    }
}
