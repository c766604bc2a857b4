package io.sparsim.cli;

import io.sparsim.reports.text.Json;
import io.sparsim.reports.validation.CheckReport;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.validation.compare.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Regression check: every committed measurement file against the projection, within the "
                + "tolerance its directory's tolerances.txt gives (default 0.10); exit 1 on a miss.")
final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:SPARSIM_HOME:-.}/validation/measurements",
            description = "folder of committed measurement files (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--format", defaultValue = "table", description = "table|json (default ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new io.sparsim.core.BadInputException("--dir", "a readable folder of measurement files",
                    dir + " (" + e.getClass().getSimpleName() + ")");
        }
        if (files.isEmpty()) {
            // a gate must not pass on nothing
            throw new io.sparsim.core.BadInputException("--dir", "a folder holding measurement files (*.json)",
                    dir.toString());
        }
        Tolerances tolerances = Tolerances.read(dir.resolve("tolerances.txt"));
        List<CheckReport.FileCheck> checks = new ArrayList<>();
        ProgressBar bar = ProgressBar.on(spec.commandLine().getErr());
        bar.start("check", files.size());
        for (Path f : files) {
            ValidationReport r = ValidateCommand.validate(List.of(f), Optional.empty(), true).get(0);
            double tol = tolerances.of(f.getFileName().toString());
            checks.add(new CheckReport.FileCheck(f.getFileName().toString(), r.hwId(), r.cases().size(), r.mape(),
                    r.maxAbsError(), tol, r.mape() <= tol));
            bar.step(f.getFileName().toString());
        }
        bar.finish();
        CheckReport report = CheckReport.of(dir.toString(), checks);
        spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(report)
                : TerminalWriter.write(report.document()));
        return report.pass() ? 0 : Main.EXIT_CHECK_FAILED;
    }

    /** Per-file MAPE tolerances: lines "FILE TOLERANCE"; files not listed get 0.10. */
    record Tolerances(java.util.Map<String, Double> byFile) {
        static final double DEFAULT = 0.10;

        static Tolerances read(Path file) {
            java.util.Map<String, Double> m = new java.util.HashMap<>();
            if (Files.isRegularFile(file)) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.split("\\s+");
                    try {
                        if (parts.length != 2) {
                            throw new NumberFormatException();
                        }
                        double t = Double.parseDouble(parts[1]);
                        if (!(t > 0 && t < 10)) {
                            throw new NumberFormatException();
                        }
                        m.put(parts[0], t);
                    } catch (NumberFormatException e) {
                        throw new io.sparsim.core.BadInputException("tolerance", "'FILE FRACTION' with a fraction in (0, 10) such as 'x.json 0.10'",
                                line).at(file.toString(), i + 1);
                    }
                }
            }
            return new Tolerances(m);
        }

        double of(String name) {
            return byFile.getOrDefault(name, DEFAULT);
        }
    }
}
