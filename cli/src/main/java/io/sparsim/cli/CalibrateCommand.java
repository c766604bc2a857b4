package io.sparsim.cli;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.validation.calibrate.Calibrator;
import io.sparsim.validation.cpu.CpuMeasureSuite;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit a CPU or GPU profile's kernel efficiency parameters to measurements (shape-split) and write "
                + "the calibrated profile.")
final class CalibrateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--measurements", required = true, arity = "1..*", description = "measurement files")
    List<Path> files;

    @Option(names = "--hw", defaultValue = "host", description = "the CPU or GPU profile to fit (default ${DEFAULT-VALUE})")
    String hw;

    @Option(names = "--holdout", split = ",", description = "weight shapes KxN held out of the fit "
            + "(default: the last shape in sorted order)")
    List<String> holdout;

    @Option(names = "--out", required = true, description = "calibrated profile file to write (YAML)")
    Path out;

    @Override
    public void run() {
        OutputPaths.checkFile("--out", out);
        HardwareProfile p = ProfileRegistry.bundled().get(hw);
        MeasurementReader reader = new MeasurementReader();
        List<MeasuredCase> cases = new ArrayList<>();
        Map<String, String> host = new LinkedHashMap<>();
        double streamRead = 0;
        for (Path f : files) {
            Measurement m = reader.read(f);
            host.putAll(m.host());
            streamRead = Math.max(streamRead, Calibrator.probedBandwidth(m, f.toString()).orElse(0));
            cases.addAll(m.cases());
        }
        if (streamRead > 0) {
            // The best probe, as measure keeps the best over its rounds: pooled samples' p10 comes from the faster run.
            host.put(CpuMeasureSuite.STREAM_READ_KEY, String.format(Locale.ROOT, "%.4g", streamRead));
        }
        String provenance = String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
        Calibrator.Result r = Calibrator.fit(p, new Measurement(host, MeasuredCase.pool(cases)),
                holdout == null ? java.util.Set.of() : new LinkedHashSet<>(holdout), provenance);
        String model = host.getOrDefault("cpuModel", host.getOrDefault("gpuName", p.id()));
        String id = "calibrated-" + model.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String yaml = ProfileYaml.write(r.fitted(), id, "Calibrated by 'sparsim calibrate' on " + provenance
                + " (" + model + "). Spec values are as given; only efficiency was fitted.");
        AtomicFiles.write(out, yaml);
        spec.commandLine().getOut().printf(Locale.ROOT,
                "fitted %s on %d cases (shapes %s), held out %d cases (shapes %s), %d controls not fitted "
                        + "(sparse formats on dense weights)%n"
                        + "train MAPE %.1f%% (before fit %.1f%%), held-out MAPE %.1f%%%n"
                        + "efficiency: %s%nwrote %s%n",
                p.id(), r.trainCases(), r.trainShapes(), r.heldOutCases(), r.heldOutShapes(), r.controlCases(),
                r.trainMape() * 100,
                r.initialTrainMape() * 100, r.heldOutMape() * 100, r.parameters(), out);
    }
}
