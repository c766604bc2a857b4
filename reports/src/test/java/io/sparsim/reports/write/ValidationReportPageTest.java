package io.sparsim.reports.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.chart.ValidationCharts;
import io.sparsim.reports.validation.ValidationSummary;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.compare.ProfileResolver;
import io.sparsim.validation.compare.ValidationReport;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationReportPageTest {
    @Test
    void validationPageDrawsTheScatterAndTheSpeedupCharts(@TempDir Path dir) throws Exception {
        Path measurements = Path.of(System.getProperty("user.dir"), "..", "validation", "measurements");
        Path file;
        try (var s = Files.list(measurements)) {
            file = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        Measurement m = new MeasurementReader().read(file);
        ProfileResolver.Resolved r = new ProfileResolver(ProfileRegistry.bundled(), true).resolve(m, Optional.empty());
        ValidationReport report = new ValidationReport(file.getFileName().toString(), r.profile().id(),
                ProfileResolver.machine(m), r.notes(),
                new CasePredictor(r.profile(), Fidelity.FAST).compare(m));
        // The file twice, as two runs against one profile: the run-to-run table appears, every spread 0.
        ValidationSummary v = ValidationSummary.of(List.of(report, report), 0.10);
        var doc = v.document(ValidationCharts.of(v));
        HtmlReportBrowserTest.assertRendered(dir, "validation", v, doc, 2);
        String html = Files.readString(dir.resolve("report/validation.html"));
        assertTrue(html.contains("Error by format"), "the per-format error table");
        assertTrue(Files.exists(dir.resolve("report/validation-formats.csv")));
        assertTrue(html.contains("Run to run"), "the run-to-run table");
        List<String> rows = Files.readAllLines(dir.resolve("report/validation-repeatability.csv"));
        assertEquals(2, rows.size(), "a header and the one profile's row");
        assertTrue(rows.get(1).contains(",2,") && rows.get(1).contains(",0.0,0.0,0.0,0.0,"),
                "two identical runs spread by nothing: " + rows.get(1));
    }
}
