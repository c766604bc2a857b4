package io.sparsim.validation.compare;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Kind;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.validation.measure.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the profile a measurement file is predicted with: {@code --hw} when given; for a CPU file measured on
 * this machine's CPU model with the kernel paths this machine runs, the {@code host} profile as it resolves (the
 * user's calibration, a committed one, or uncalibrated), unless {@link #committedOnly}; otherwise the committed
 * calibration of the file's CPU model and kernel paths (so a check is the same on any machine), else the detected
 * host with a warning; for a GPU file the bundled GPU profile whose model (A100, H100, H200) the file's GPU name
 * contains.
 */
public final class ProfileResolver {
    private static final Pattern GPU_MODEL = Pattern.compile("\\b([A-Z]\\d{2,3})\\b");

    private final ProfileRegistry registry;
    /** Predict CPU files with committed calibrations only, never the user's (what {@code check} does). */
    private final boolean committedOnly;

    public ProfileResolver(ProfileRegistry registry, boolean committedOnly) {
        this.registry = registry;
        this.committedOnly = committedOnly;
    }

    /** The profile and how it was chosen. */
    public record Resolved(HardwareProfile profile, List<String> notes) {}

    /**
     * The calibration key of the CPU a measurement file was taken on: its recorded {@code cpuKey}, else (files
     * from before keys were recorded) the slug of its model name.
     */
    public static String cpuKey(Measurement m) {
        String key = m.host().get("cpuKey");
        return key != null ? key : io.sparsim.hwprofiles.HostCalibrations.key(m.host().get("cpuModel"), null, null);
    }

    /**
     * The kernels' version a CPU file was measured with: the one it records ({@code host.kernelsVersion}; files from
     * before it was recorded ran version 1), with the inner paths it records ({@code host.kernelPaths}; files from
     * before the probe ran the default paths).
     */
    static String kernelsVersion(Measurement m) {
        String base = m.host().getOrDefault(io.sparsim.hwprofiles.HostCalibrations.KERNELS_VERSION_KEY,
                io.sparsim.hwprofiles.HostCalibrations.UNRECORDED_KERNELS_VERSION);
        return io.sparsim.kernels.KernelPaths.parse(m.host().get("kernelPaths"))
                .orElse(io.sparsim.kernels.KernelPaths.DEFAULT).versionOf(base);
    }

    /**
     * The machine a file was measured on, as far as its host fields say: the CPU's calibration key and the kernels'
     * version (with their inner paths), or the GPU's name. Runs of one machine differ by noise only; runs of two
     * differ by the machine.
     */
    public static String machine(Measurement m) {
        if (m.host().getOrDefault("backend", "cpu").equals("cpu")) {
            return cpuKey(m) + ", kernels " + kernelsVersion(m);
        }
        return m.host().getOrDefault("gpuName", "unnamed GPU");
    }

    /**
     * A warning where {@code host} (or {@code host-uncalibrated}) describes another machine than the one a CPU file
     * ran on: another CPU, or this CPU with other kernels (another version, or other inner paths: a JDK 25 file, which
     * ran the bitmask expand, read from a JDK 17 shell, whose host model walks the bits and predicts that kernel at
     * M = 1 three times slower).
     */
    Optional<String> otherMachine(Measurement m) {
        String key = cpuKey(m);
        if (!key.equals(registry.hostCpuKey())) {
            return Optional.of("warning: the file ran on CPU " + key + ", the host profile describes this machine's "
                    + registry.hostCpuKey() + "; without --hw it is checked against its own CPU's calibration");
        }
        String ran = kernelsVersion(m);
        String here = registry.calibrations().kernelsVersion();
        if (!ran.equals(here)) {
            return Optional.of("warning: the file ran kernels " + ran + ", the host profile describes kernels " + here
                    + " (the inner paths this JVM runs); without --hw it is checked against the calibration of the "
                    + "kernels it ran");
        }
        return Optional.empty();
    }

    public Resolved resolve(Measurement m, Optional<String> hw) {
        List<String> notes = new ArrayList<>();
        if (hw.isPresent()) {
            HardwareProfile p = registry.get(hw.get());
            notes.add("profile " + p.id() + " as given by --hw");
            if (p.id().equals(ProfileRegistry.HOST) && m.host().getOrDefault("backend", "cpu").equals("cpu")) {
                otherMachine(m).ifPresent(notes::add);
            }
            return new Resolved(p, notes);
        }
        String backend = m.host().getOrDefault("backend", "cpu");
        if (backend.equals("cpu")) {
            String model = m.host().get("cpuModel");
            String key = cpuKey(m);
            // The host profile describes the kernels this machine runs now; a file of this CPU taken with other
            // inner paths is checked against the calibration of the paths it ran.
            if (!committedOnly && model != null && otherMachine(m).isEmpty()) {
                notes.add("host profile of this CPU ('" + model + "'): " + registry.hostOrigin().describe());
                return new Resolved(registry.get(ProfileRegistry.HOST), notes);
            }
            var calibration = registry.committedCalibrationFor(key, kernelsVersion(m));
            if (calibration.isPresent()) {
                notes.add("committed calibration for CPU model '" + model + "' (" + calibration.get().name() + ")");
                return new Resolved(calibration.get(), notes);
            }
            if (committedOnly) {
                throw new io.sparsim.core.BadInputException("host.cpuModel", "a CPU model with a committed "
                        + "calibration (hwprofiles calibrations/index.txt), committed with its measurement files", model);
            }
            notes.add("warning: no committed calibration for CPU model '" + model
                    + "'; using the uncalibrated host profile");
            return new Resolved(registry.get(ProfileRegistry.HOST), notes);
        }
        String gpu = m.host().getOrDefault("gpuName", "");
        Matcher g = GPU_MODEL.matcher(gpu);
        while (g.find()) {
            String token = g.group(1);
            for (String id : registry.ids()) {
                HardwareProfile p = registry.get(id);
                if (p.kind() == Kind.GPU && p.name().contains(" " + token + " ")) {
                    notes.add("profile " + p.id() + " matched to GPU '" + gpu + "'");
                    return new Resolved(p, notes);
                }
            }
        }
        throw new io.sparsim.core.BadInputException("host.gpuName",
                "a GPU name containing a bundled model (A100, H100, H200), or --hw", gpu);
    }
}
