package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.chart.ValidationCharts;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.write.ReportFiles;
import io.sparsim.reports.validation.ValidationSummary;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CaseComparison;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.compare.ProfileResolver;
import io.sparsim.validation.compare.ValidationReport;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compare predictions with measured kernel runs (exit 1 when MAPE exceeds the tolerance), or with "
                + "the published references (--references: exit 1 when a measured entry is outside its tolerance).")
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--measurements", arity = "1..*", description = "measurement files, or NAME.set files listing "
            + "them (no default: give files or --references)")
    List<Path> files;

    @Option(names = "--references", description = "validate against the published references instead")
    boolean references;

    @Option(names = "--references-dir", defaultValue = "${env:SPARSIM_HOME:-.}/validation/references",
            description = "folder of sparsim/reference/v1 files (default ${DEFAULT-VALUE})")
    Path referencesDir;

    @Option(names = "--group", description = "only this group of references: gpu-dense|gpu-2:4|gpu-unstructured|cpu|"
            + "wafer|end-to-end|claims (default: every group)")
    String group;

    @Option(names = "--doc", description = "also write the references page (Markdown, e.g. docs/references.md; "
            + "default: not written)")
    Path doc;

    @Option(names = "--hw", description = "profile id or file (default: matched to each file's host; "
            + "host-uncalibrated: this CPU's model without its calibration)")
    String hw;

    @Option(names = "--tolerance", defaultValue = "0.10", description = "MAPE gate (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--format", defaultValue = "table", description = "table|json (default ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(names = "--report", description = "also write an offline HTML report with charts (and its CSV and JSON) "
            + "into this folder (default: no report)")
    Path report;

    @Override
    public Integer call() {
        if (references == (files != null)) {
            throw new BadInputException("--measurements/--references", "exactly one of them",
                    references ? "both" : "neither");
        }
        if (references) {
            return References.validate(spec.commandLine().getOut(), referencesDir, Optional.ofNullable(group), format,
                    Optional.ofNullable(doc));
        }
        if (group != null || doc != null) {
            throw new BadInputException(group != null ? "--group" : "--doc", "--references alongside it",
                    "--measurements");
        }
        if (!(tolerance > 0)) {
            throw new BadInputException("--tolerance", "a positive fraction such as 0.10", tolerance);
        }
        if (report != null) {
            io.sparsim.core.files.OutputPaths.checkFolder("--report", report);
        }
        List<ValidationReport> reports = validate(MeasurementSet.expand(files).files(), Optional.ofNullable(hw), false);
        var err = spec.commandLine().getErr();
        reports.forEach(r -> r.notes().forEach(n -> err.println("validate: " + r.source() + ": " + n)));
        ValidationSummary summary = ValidationSummary.of(reports, tolerance);
        if (report != null) {
            ReportFiles.write(report, "validation", summary, summary.document(ValidationCharts.of(summary)));
            err.println("validate: wrote " + report.resolve("validation.html"));
        }
        String text = format == OutputFormat.json ? Json.write(summary) : TerminalWriter.write(summary.document());
        spec.commandLine().getOut().print(text);
        return summary.pass() ? 0 : Main.EXIT_CHECK_FAILED;
    }

    /**
     * Each file against its profile ({@link ProfileResolver}); {@code committedOnly} keeps the user's host
     * calibration out ({@code check}: the same on every machine).
     */
    static List<ValidationReport> validate(List<Path> files, Optional<String> hw, boolean committedOnly) {
        ProfileResolver resolver = new ProfileResolver(ProfileRegistry.bundled(), committedOnly);
        MeasurementReader reader = new MeasurementReader();
        List<ValidationReport> reports = new ArrayList<>();
        for (Path f : files) {
            Measurement m = reader.read(f);
            if (m.cases().isEmpty()) {
                // a gate must not pass on nothing
                throw new BadInputException("cases", "at least one measured case", "none").at(f.toString(), 0);
            }
            ProfileResolver.Resolved r = resolver.resolve(m, hw);
            List<CaseComparison> cases = new CasePredictor(r.profile(), Fidelity.FAST).compare(m);
            List<String> notes = new ArrayList<>(r.notes());
            // Judging a model by a busy machine's times blames the model for the neighbours: say so beside the result.
            notes.add(io.sparsim.validation.measure.Steadiness.of(m).describe());
            reports.add(new ValidationReport(f.toString(), r.profile().id(), ProfileResolver.machine(m), notes, cases));
        }
        return reports;
    }
}
