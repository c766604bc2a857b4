package io.sparsim.reports.validation;

import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import java.util.List;

/** What {@code sparsim check} answers: each committed measurement file's MAPE against its tolerance. */
public record CheckReport(String dir, boolean pass, List<FileCheck> files) {
    public CheckReport {
        files = List.copyOf(files);
    }

    /** One file: cases, error and the tolerance it is held to. */
    public record FileCheck(String file, String hw, int cases, double mape, double maxAbsError, double tolerance,
                            boolean pass) {}

    public static CheckReport of(String dir, List<FileCheck> files) {
        return new CheckReport(dir, files.stream().allMatch(FileCheck::pass), files);
    }

    public Document document() {
        Grid g = Grid.over("check", files)
                .text("result", f -> f.pass() ? "PASS" : "FAIL")
                .text("file", FileCheck::file)
                .text("hw", FileCheck::hw)
                .col("cases", "cases", Unit.COUNT, FileCheck::cases)
                .col("mape", "MAPE", Unit.FRACTION, FileCheck::mape)
                .col("maxAbsError", "max |error|", Unit.FRACTION, FileCheck::maxAbsError)
                .col("tolerance", "tolerance", Unit.FRACTION, FileCheck::tolerance).build();
        String verdict = files.isEmpty() ? "no measurement files in " + dir
                : pass ? "all " + files.size() + " file(s) within tolerance" : "FAILED";
        return new Document("check: committed measurements against the projection", List.of(
                Section.of("", g), Section.of("", Fields.builder().text("check", verdict).build())));
    }
}
