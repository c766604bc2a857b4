package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.reports.text.Json;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.HostCalibrations;
import io.sparsim.validation.compare.ProfileResolver;
import io.sparsim.hwprofiles.HostDetector;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.validation.calibrate.Calibrator;
import io.sparsim.validation.cpu.CpuMeasureSuite;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import io.sparsim.validation.measure.MeasurementWriter;
import io.sparsim.validation.measure.Steadiness;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit a CPU or GPU profile's kernel efficiency parameters to measurements (shape-split) and "
                + "write the calibrated profile.",
            "--host: time a compact set of kernel cases on this machine (about two minutes on two cores), fit the "
                    + "host profile to them and write the calibration where the host profile looks first: "
                    + "$XDG_DATA_HOME/sparsim/calibrations/ (default ~/.local/share/sparsim/calibrations/), keyed "
                    + "by CPU model and kernels version."})
final class CalibrateCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** What to fit on: files measured before, or a run on this machine now. */
    static final class Source {
        @Option(names = "--measurements", required = true, arity = "1..*", description = "measurement files, or "
                + "NAME.set files listing them (the calibration then cites the set, not its files)")
        List<Path> files;

        @Option(names = "--host", required = true,
                description = "measure this machine's kernels now and calibrate the host profile")
        boolean host;

        @Option(names = "--references", required = true, description = "fit the GPU profiles' efficiency to the "
                + "published references (validation/references) and report the held-out half")
        boolean references;
    }

    @Option(names = "--references-dir", defaultValue = "${env:SPARSIM_HOME:-.}/validation/references",
            description = "with --references: folder of sparsim/reference/v1 files (default ${DEFAULT-VALUE})")
    Path referencesDir;

    @Option(names = "--split", defaultValue = "half", description = "with --references: half (fit one seeded half of "
            + "the shapes/models, report the other) or none (fit every entry) (default ${DEFAULT-VALUE})")
    String split;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--hw", description = "with --measurements: the CPU or GPU profile to fit (default host)")
    String hw;

    @Option(names = "--holdout", split = ",", description = "weight shapes KxN held out of the fit "
            + "(default: the last shape in sorted order)")
    List<String> holdout;

    @Option(names = "--out", description = "calibrated profile file to write (YAML); required with --measurements, "
            + "with --host default the user's calibration folder")
    Path out;

    @Option(names = "--force", description = "fit measurements taken on another CPU model than the profile's, or "
            + "timed while the machine was unsteady (see docs/validation.md)")
    boolean force;

    @Option(names = "--threads", description = "with --host: worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--format", defaultValue = "table", description = "table|json: the fit's summary (default "
            + "${DEFAULT-VALUE}; --references prints its report as text)")
    OutputFormat format;

    @Option(names = "--seed", defaultValue = "1", description = "with --host: seed of the random operands and masks; "
            + "with --references: seed of the half split")
    long seed;

    @Override
    public Integer call() {
        if (source.references) {
            if (!split.equals("half") && !split.equals("none")) {
                throw new BadInputException("--split", "half|none", split);
            }
            if (format == OutputFormat.json) {
                throw new BadInputException("--format", "table with --references (its report is text; 'validate "
                        + "--references --format json' gives every entry as JSON)", "json");
            }
            References.Calibration c = References.calibrate(referencesDir, split.equals("half"), seed);
            spec.commandLine().getOut().print(c.text());
            // A held-out entry outside its tolerance is a failed check, as in validate --references.
            return c.passes() ? 0 : Main.EXIT_CHECK_FAILED;
        }
        if (source.host) {
            return host();
        }
        print(measurements());
        return 0;
    }

    /**
     * What a fit did, for people and for {@code --format json}.
     *
     * @param kernels         with --host: the kernels version and the paths it ran (else null)
     * @param measuredSeconds with --host: seconds spent timing the kernels (else null)
     * @param totalSeconds    with --host: seconds in all, the probe and the fit included (else null)
     */
    record Fit(String hw, int trainCases, List<String> trainShapes, int heldOutCases, List<String> heldOutShapes,
               int controlCases, double trainMape, double initialTrainMape, double heldOutMape, String efficiency,
               String wrote, String kernels, Double measuredSeconds, Double totalSeconds) {
        Fit onHost(String kernels, double measuredSeconds, double totalSeconds) {
            return new Fit(hw, trainCases, trainShapes, heldOutCases, heldOutShapes, controlCases, trainMape,
                    initialTrainMape, heldOutMape, efficiency, wrote, kernels, measuredSeconds, totalSeconds);
        }
    }

    private void print(Fit f) {
        var out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.print(Json.write(f));
            return;
        }
        out.printf(Locale.ROOT, "fitted %s on %d cases (shapes %s), held out %d cases (shapes %s), %d controls not "
                        + "fitted (sparse formats on dense weights)%n"
                        + "train MAPE %.1f%% (before fit %.1f%%), held-out MAPE %.1f%%%n"
                        + "efficiency: %s%nwrote %s%n",
                f.hw(), f.trainCases(), f.trainShapes(), f.heldOutCases(), f.heldOutShapes(), f.controlCases(),
                f.trainMape() * 100, f.initialTrainMape() * 100, f.heldOutMape() * 100, f.efficiency(), f.wrote());
        if (f.kernels() != null) {
            out.printf(Locale.ROOT, "kernels version %s%nmeasured in %.0f s, %.0f s in all%n", f.kernels(),
                    f.measuredSeconds(), f.totalSeconds());
        }
    }

    private Fit measurements() {
        if (threads != null) {
            throw new BadInputException("--threads", "no value with --measurements (only --host measures)", threads);
        }
        if (out == null) {
            throw new BadInputException("--out", "the calibrated profile file to write", null);
        }
        OutputPaths.checkFile("--out", out);
        ProfileRegistry registry = ProfileRegistry.bundled();
        String hwId = hw == null ? ProfileRegistry.HOST : hw;
        HardwareProfile p = registry.get(hwId);
        MeasurementReader reader = new MeasurementReader();
        List<Measurement> read = new ArrayList<>();
        MeasurementSet set = MeasurementSet.expand(source.files);
        for (Path f : set.files()) {
            Measurement m = reader.read(f);
            if (p instanceof CpuProfile cpu && !force) {
                requireSameCpu(f, m, hwId, profileCpuModel(registry, hwId, cpu),
                        ProfileRegistry.HOST.equals(hwId) ? registry.hostCpuKey() : null);
                Steadiness st = Steadiness.of(m);
                if (!st.steady()) {
                    throw new BadInputException("cases", String.format(Locale.ROOT, "timings from a steady machine "
                            + "(median p90/p10 at most %.2f; --force to fit them anyway)", Steadiness.MAX_SPREAD),
                            String.format(Locale.ROOT, "%.2f over %d cases", st.medianSpread(), st.cases()))
                            .at(f.toString(), 0);
                }
            }
            read.add(m);
        }
        return fitAndWrite(p, read, set.files().stream().map(Path::toString).toList(), set.citation(), out,
                "sparsim calibrate", null);
    }

    /**
     * The CPU model a CPU profile describes: the detected one for {@code host}, else the profile's name without a
     * trailing "(host, ...)" note (a calibration file's name is "MODEL (host, calibrated)").
     */
    static String profileCpuModel(ProfileRegistry registry, String hwId, CpuProfile p) {
        if (ProfileRegistry.HOST.equals(hwId)) {
            return registry.hostCpuModel();
        }
        return p.name().replaceFirst("\\s*\\(host[^)]*\\)$", "");
    }

    /**
     * Refuses a CPU measurement file taken on another CPU than the target profile's: another model name, or, where
     * both sides know it ({@code profileKey} non-null and the file records {@code cpuKey}), another cpu family or
     * model number under the same name (Zen 4 and Zen 5 VMs are both "AMD EPYC").
     */
    static void requireSameCpu(Path file, Measurement m, String hwId, String profileModel, String profileKey) {
        if (!"cpu".equals(m.host().getOrDefault("backend", "cpu"))) {
            return;
        }
        String measured = m.host().get("cpuModel");
        if (measured == null) {
            return;
        }
        String measuredKey = ProfileResolver.cpuKey(m);
        boolean same = profileKey != null && m.host().containsKey("cpuKey") ? measuredKey.equals(profileKey)
                : HostCalibrations.nameOfKey(measuredKey).equals(HostCalibrations.slug(profileModel));
        if (!same) {
            throw new BadInputException("host.cpuModel", "the CPU of profile '" + hwId + "' ('" + profileModel + "'"
                    + (profileKey == null ? "" : ", " + profileKey) + "); fitting another machine's runs would mix "
                    + "machines (--force to fit them anyway)", "'" + measured + "', " + measuredKey)
                    .at(file.toString(), 0);
        }
    }

    private int host() {
        if (hw != null && !hw.equals(ProfileRegistry.HOST)) {
            throw new BadInputException("--hw", "host or nothing with --host (it calibrates this machine)", hw);
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new BadInputException("--threads", "a positive number of threads", n);
        }
        if (out != null) {
            OutputPaths.checkFile("--out", out);
        }
        var err = spec.commandLine().getErr();
        // The paths first: they are part of the kernels' version the calibration is filed under.
        io.sparsim.kernels.KernelPaths paths;
        try (io.sparsim.kernels.cpu.KernelPool pool = new io.sparsim.kernels.cpu.KernelPool(n)) {
            paths = KernelPathsSetup.ensure(pool, line -> err.println("calibrate: " + line));
        }
        ProfileRegistry registry = ProfileRegistry.bundled();
        HostDetector.Host host = HostDetector.detectSystemHost(paths);
        // Detected, with the probed DRAM rates and all-core clock the uncalibrated host model runs at.
        CpuProfile detected = (CpuProfile) registry.get(ProfileRegistry.HOST_UNCALIBRATED);
        String model = ProfileRegistry.cpuModel(detected);
        HostCalibrations calibrations = registry.calibrations();
        Path target = out != null ? out : calibrations.userFile(host.cpuKey()).orElseThrow(() -> new BadInputException(
                "--out", "a file to write (neither XDG_DATA_HOME nor HOME is set, so there is no user folder)", null));
        long t0 = System.nanoTime();
        err.println("calibrate: timing " + CpuMeasureSuite.cases(CpuMeasureSuite.Suite.CALIBRATE).size()
                + " kernel cases on " + n + " threads (" + model + ", " + host.cpuKey() + ", kernels version "
                + calibrations.kernelsVersion() + ")");
        Measurement m = MeasureCommand.measureForked(CpuMeasureSuite.Suite.CALIBRATE, n, seed,
                line -> err.println("calibrate: " + line));
        double measuredSeconds = (System.nanoTime() - t0) / 1e9;
        Path measurementFile = target.resolveSibling(target.getFileName().toString().replaceFirst("\\.ya?ml$", "")
                + ".measurements.json");
        new MeasurementWriter().write(m, measurementFile);
        Steadiness st = Steadiness.of(m);
        err.println("calibrate: " + st.describe());
        if (!st.steady() && !force) {
            // A fit to a busy machine's times would be filed as this CPU's calibration and used by every prediction.
            err.println("calibrate: nothing fitted or written; the timings are in " + measurementFile
                    + "; run again on a quiet machine (or --force to fit them anyway)");
            return Main.EXIT_CHECK_FAILED;
        }
        String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Fit fit = fitAndWrite(detected, List.of(m), List.of(measurementFile.toString()),
                measurementFile.getFileName().toString(), target, "sparsim calibrate --host", when);
        print(fit.onHost(calibrations.kernelsVersion() + " (paths " + paths.text() + ")", measuredSeconds,
                (System.nanoTime() - t0) / 1e9));
        return 0;
    }

    private Fit fitAndWrite(HardwareProfile p, List<Measurement> read, List<String> files, String provenance, Path to,
            String how, String when) {
        List<MeasuredCase> cases = new ArrayList<>();
        Map<String, String> host = new LinkedHashMap<>();
        double streamRead = 0;
        for (int i = 0; i < read.size(); i++) {
            Measurement m = read.get(i);
            host.putAll(m.host());
            streamRead = Math.max(streamRead, Calibrator.probedBandwidth(m, files.get(i)).orElse(0));
            cases.addAll(m.cases());
        }
        if (streamRead > 0) {
            // The best probe, as measure keeps the best over its rounds: pooled samples' p10 comes from the faster run.
            host.put(CpuMeasureSuite.STREAM_READ_KEY, String.format(Locale.ROOT, "%.4g", streamRead));
        }
        String model = host.getOrDefault("cpuModel", host.getOrDefault("gpuName", p.id()));
        Set<String> held = holdout == null ? Set.of() : new LinkedHashSet<>(holdout);
        Calibrator.Result r = Calibrator.fit(p, new Measurement(host, MeasuredCase.pool(cases)), held,
                provenance + " (" + how + (when == null ? "" : " at " + when) + ")");
        String id = "calibrated-" + host.getOrDefault("cpuKey", HostCalibrations.slug(model));
        String yaml = ProfileYaml.write(r.fitted(), id, "Calibrated by '" + how + "' on " + provenance + " (" + model
                + "). Spec values are as given; only efficiency" + (streamRead > 0 ? " and the probed bandwidth" : "")
                + " were fitted.");
        AtomicFiles.write(to, yaml);
        return new Fit(p.id(), r.trainCases(), r.trainShapes(), r.heldOutCases(), r.heldOutShapes(), r.controlCases(),
                r.trainMape(), r.initialTrainMape(), r.heldOutMape(), r.parameters(), to.toString(), null, null, null);
    }
}
