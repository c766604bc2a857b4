package io.sparsim.cli;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.validation.references.Reference;
import io.sparsim.validation.references.ReferencePredictor;
import io.sparsim.validation.references.ReferenceReader;
import io.sparsim.validation.references.ReferenceReport;
import io.sparsim.validation.references.ReferenceResult;
import io.sparsim.workloads.model.ModelCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code validate --references}: the published figures beside Sparsim's, through the code op and predict run. */
final class References {
    private References() {}

    /** Reads every reference file of {@code dir} against the bundled profiles and models. */
    static List<Reference> read(Path dir) {
        ProfileRegistry registry = ProfileRegistry.bundled();
        return new ReferenceReader(registry, ModelCatalog.bundled()).readDirectory(dir);
    }

    /** Predicts every entry with the bundled profiles. */
    static ReferenceReport report(List<Reference> refs) {
        ProfileRegistry registry = ProfileRegistry.bundled();
        return new ReferenceReport(new ReferencePredictor(registry::get, ModelCatalog.bundled()).predictAll(refs));
    }

    static int validate(PrintWriter out, Path dir, Optional<String> group, OutputFormat format, Optional<Path> doc) {
        List<Reference> all = read(dir);
        Optional<Reference.Group> g = group.map(x -> Reference.Group.parse(x, "--group"));
        ReferenceReport report = report(ReferencePredictor.select(all, g));
        String text = format == OutputFormat.json ? Json.write(report.toMap()) : table(report);
        if (doc.isPresent()) {
            AtomicFiles.write(doc.get(), g.isPresent() ? report(all).markdown() : report.markdown());
        }
        out.print(text);
        return report.passes() ? 0 : Main.EXIT_CHECK_FAILED;
    }

    /** What {@code calibrate --references} prints, and whether every measured entry it reports is within tolerance. */
    record Calibration(String text, boolean passes) {}

    /** {@code calibrate --references}: the fit and the error on the entries it did not see. */
    static Calibration calibrate(Path dir, boolean half, long seed) {
        ProfileRegistry registry = ProfileRegistry.bundled();
        var result = new io.sparsim.validation.references.ReferenceCalibrator(registry::get, ModelCatalog.bundled())
                .fit(read(dir), half, seed);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "split %s (seed %d): fitted on %s%n", half ? "half" : "none", seed,
                result.trainKeys()));
        if (half) {
            sb.append("held out: ").append(result.heldOutKeys()).append('\n');
        }
        result.fitted().forEach((id, p) -> sb.append("  ").append(id).append(": free ").append(result.free().get(id))
                .append("; ").append(io.sparsim.validation.references.ReferenceCalibrator.describe(p, null))
                .append('\n'));
        sb.append("\ntraining entries (fitted profiles):\n").append(table(result.train()));
        if (half) {
            sb.append("\nheld-out entries (fitted profiles; a fraction no training entry reached keeps its bundled "
                    + "value, itself fitted on every entry):\n").append(table(result.heldOut()));
            sb.append("held out but not independent (they need a fraction the training half did not fit): ")
                    .append(result.notIndependent().isEmpty() ? "none" : String.join(", ", result.notIndependent()))
                    .append('\n');
        }
        return new Calibration(sb.toString(), result.train().passes() && (!half || result.heldOut().passes()));
    }

    static String table(ReferenceReport report) {
        List<ReferenceResult> rs = report.results();
        Table t = Table.create("references",
                StringColumn.create("id", rs.stream().map(r -> r.reference().id())),
                StringColumn.create("kind", rs.stream().map(r -> r.reference().kind().id())),
                StringColumn.create("hardware", rs.stream().map(r -> r.reference().hardware())),
                StringColumn.create("published", rs.stream().map(r -> r.reference().value().isPresent()
                        ? ReferenceReport.figure(r.reference().metric(), r.reference().value().getAsDouble()) : "none")),
                StringColumn.create("predicted", rs.stream().map(r ->
                        ReferenceReport.figure(r.reference().metric(), r.predicted()))),
                StringColumn.create("error", rs.stream().map(ReferenceReport::error)),
                StringColumn.create("verdict", rs.stream().map(ReferenceResult::verdict)),
                StringColumn.create("kernel/bound", rs.stream().map(r -> r.detail().length() > 60
                        ? r.detail().substring(0, 57) + "..." : r.detail())));
        StringBuilder sb = new StringBuilder(TableText.terminal(t));
        sb.append('\n');
        for (ReferenceReport.GroupSummary s : report.summary()) {
            sb.append(String.format(Locale.ROOT, "%-17s %2d entries: measured %d of %d within tolerance (%d known "
                            + "misses), claims %d of %d within; mean |error| %s relative, %s speedup%n",
                    s.group().id(), s.entries(), s.measuredWithin(), s.measured(), s.knownMisses(), s.claimsAgreeing(),
                    s.claims(), Double.isNaN(s.meanAbsRelativeError()) ? "—"
                            : String.format(Locale.ROOT, "%.1f%%", s.meanAbsRelativeError() * 100),
                    Double.isNaN(s.meanAbsSpeedupError()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", s.meanAbsSpeedupError())));
        }
        List<String> failing = rs.stream().filter(ReferenceResult::fails).map(r -> r.reference().id()).toList();
        sb.append(failing.isEmpty() ? "PASS: every measured entry within its tolerance\n"
                : "FAIL: " + String.join(", ", failing) + "\n");
        return sb.toString();
    }
}
