package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CaseComparison;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.compare.ProfileResolver;
import io.sparsim.validation.compare.ValidationReport;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compare predictions with measured kernel runs; exit 1 when MAPE exceeds the tolerance.")
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--measurements", required = true, arity = "1..*", description = "measurement files")
    List<Path> files;

    @Option(names = "--hw", description = "profile id or file (default: matched to each file's host; "
            + "host-uncalibrated: this CPU's model without its calibration)")
    String hw;

    @Option(names = "--tolerance", defaultValue = "0.10", description = "MAPE gate (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--format", defaultValue = "table", description = "table|json")
    OutputFormat format;

    @Override
    public Integer call() {
        if (!(tolerance > 0)) {
            throw new BadInputException("--tolerance", "a positive fraction such as 0.10", tolerance);
        }
        List<ValidationReport> reports = validate(files, Optional.ofNullable(hw), false);
        var err = spec.commandLine().getErr();
        reports.forEach(r -> r.notes().forEach(n -> err.println("validate: " + r.source() + ": " + n)));
        boolean pass = reports.stream().allMatch(r -> r.mape() <= tolerance);
        String text = format == OutputFormat.json ? Json.write(json(reports, tolerance)) : text(reports, tolerance);
        spec.commandLine().getOut().print(text);
        return pass ? 0 : Main.EXIT_CHECK_FAILED;
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
            reports.add(new ValidationReport(f.toString(), r.profile().id(), r.notes(), cases));
        }
        return reports;
    }

    static Map<String, Object> json(List<ValidationReport> reports, double tolerance) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<CaseComparison> all = reports.stream().flatMap(r -> r.cases().stream()).toList();
        ValidationReport merged = new ValidationReport("all", reports.isEmpty() ? "" : reports.get(0).hwId(),
                List.of(), all);
        out.put("tolerance", tolerance);
        out.put("mape", merged.mape());
        out.put("maxAbsError", merged.maxAbsError());
        out.put("mapeByFormat", merged.mapeByFormat());
        out.put("speedupErrorByFormat", merged.speedupErrorByFormat());
        out.put("speedupCheck", merged.speedupCheck(tolerance));
        List<Map<String, Object>> files = new ArrayList<>();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (ValidationReport r : reports) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", r.source());
            f.put("hw", r.hwId());
            f.put("notes", r.notes());
            f.put("mape", r.mape());
            f.put("maxAbsError", r.maxAbsError());
            files.add(f);
            for (CaseComparison c : r.cases()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", c.measured().id());
                x.put("format", c.measured().format().id());
                x.put("m", c.measured().m());
                x.put("n", c.measured().n());
                x.put("k", c.measured().k());
                x.put("sparsity", c.measured().sparsity());
                x.put("kernel", c.kernel());
                x.put("measuredSeconds", c.measuredSeconds());
                x.put("measuredMedianSeconds", c.measured().medianSeconds());
                x.put("predictedSeconds", c.predictedSeconds());
                x.put("error", c.error());
                if (c.hasDenseTwin()) {
                    x.put("measuredSpeedup", c.measuredSpeedup());
                    x.put("predictedSpeedup", c.predictedSpeedup());
                }
                cases.add(x);
            }
        }
        out.put("files", files);
        out.put("cases", cases);
        return out;
    }

    static String text(List<ValidationReport> reports, double tolerance) {
        StringBuilder sb = new StringBuilder();
        for (ValidationReport r : reports) {
            List<CaseComparison> cs = r.cases();
            Table t = Table.create("cases",
                    StringColumn.create("id", cs.stream().map(c -> c.measured().id())),
                    IntColumn.create("m", cs.stream().mapToInt(c -> c.measured().m()).toArray()),
                    StringColumn.create("format", cs.stream().map(c -> c.measured().format().id())),
                    DoubleColumn.create("measured_p10_us", cs.stream().mapToDouble(c -> r2(c.measuredSeconds() * 1e6))),
                    DoubleColumn.create("predicted_us", cs.stream().mapToDouble(c -> r2(c.predictedSeconds() * 1e6))),
                    DoubleColumn.create("error_pct", cs.stream().mapToDouble(c -> r2(c.error() * 100))),
                    DoubleColumn.create("speedup_meas", cs.stream().mapToDouble(c -> r2(c.measuredSpeedup()))),
                    DoubleColumn.create("speedup_pred", cs.stream().mapToDouble(c -> r2(c.predictedSpeedup()))));
            sb.append(r.source()).append(" vs ").append(r.hwId()).append('\n');
            sb.append(TableText.terminal(t));
            sb.append(String.format(Locale.ROOT, "MAPE %.1f%% (tolerance %.1f%%), max |error| %.1f%%%n",
                    r.mape() * 100, tolerance * 100, r.maxAbsError() * 100));
            r.mapeByFormat().forEach((f, v) -> sb.append(String.format(Locale.ROOT, "  %-8s MAPE %.1f%%", f, v * 100))
                    .append(r.speedupErrorByFormat().containsKey(f) ? String.format(Locale.ROOT,
                            ", speedup-vs-dense error %.1f%%", r.speedupErrorByFormat().get(f) * 100) : "")
                    .append('\n'));
            var sc = r.speedupCheck(tolerance);
            sb.append(String.format(Locale.ROOT,
                    "speedup vs dense at 50/70/90%% sparsity: %d of %d cases within %.0f%%, max error %.1f%%%n",
                    sc.within(), sc.cases(), tolerance * 100, sc.maxError() * 100));
            sb.append(r.mape() <= tolerance ? "PASS\n\n" : "FAIL\n\n");
        }
        return sb.toString();
    }

    private static double r2(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 100) / 100.0;
    }
}
