package io.sparsim.hwprofiles;

import io.sparsim.kernels.KernelPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@code host} profile's calibration comes from. A calibration is keyed by the CPU ({@link #key}: the
 * model name as /proc/cpuinfo gives it plus its cpu family and model number, since a VM's generic name such as
 * "AMD EPYC" covers both Zen 4 and Zen 5) and the version of Sparsim's CPU kernels it was fitted on; the host profile takes, in
 * this order, the user's calibration for this CPU ({@code $XDG_DATA_HOME/sparsim/calibrations/}, default
 * {@code ~/.local/share/sparsim/calibrations/}, written by {@code sparsim calibrate --host}), a committed one
 * ({@code calibrations/index.txt}), else none: the uncalibrated model.
 *
 * @param userDir        the user's calibration folder, or null when neither XDG_DATA_HOME nor HOME is set
 * @param kernelsVersion the CPU kernels' version on the class path, or null when the kernels are not there
 */
public record HostCalibrations(Path userDir, String kernelsVersion) {
    /** The kernels module's version resource (one source of truth: the kernels ship it). */
    static final String KERNELS_VERSION_RESOURCE = "/io/sparsim/kernels/version.txt";

    /** Which calibration the host profile carries. */
    public enum Kind {
        USER, COMMITTED, UNCALIBRATED
    }

    /**
     * What the host profile was built from: {@code kind}, the file ({@code where}, null when uncalibrated) and
     * the calibration's own account of itself (when, on what, train and held-out error).
     */
    public record Origin(Kind kind, String where, String detail) {
        /** One line for a person: "user calibration FILE (DETAIL)". */
        public String describe() {
            return switch (kind) {
                case USER -> "user calibration " + where + " (" + detail + ")";
                case COMMITTED -> "committed calibration " + where + " (" + detail + ")";
                case UNCALIBRATED -> "uncalibrated (" + detail + ")";
            };
        }
    }

    /** Suffix of the cached kernel-paths probe of a CPU, beside its calibrations. */
    public static final String KERNEL_PATHS_SUFFIX = ".kernel-paths";

    /**
     * The user folder from the environment and the kernels' version: the class path's, with this CPU's probed inner
     * paths ({@link KernelPaths#versionOf}) as cached beside the calibrations, else the default paths.
     */
    public static HostCalibrations fromEnvironment(Map<String, String> env) {
        Path dir = userDir(env);
        String base = classpathKernelsVersion();
        if (base == null) {
            return new HostCalibrations(dir, null);
        }
        KernelPaths paths = dir == null ? KernelPaths.DEFAULT
                : cachedPaths(dir.resolve(HostDetector.cpuKey(HostDetector.readSystem().cpuinfo())
                        + KERNEL_PATHS_SUFFIX)).orElse(KernelPaths.DEFAULT);
        return new HostCalibrations(dir, paths.versionOf(base));
    }

    /**
     * Whether this machine's kernel-path probe has run for {@code cpuKey} on this kind of JVM: its choice is cached in
     * the user folder and {@link #cachedPaths} takes it (a choice cached by a JVM of the other kind is probed again).
     */
    public boolean pathsProbed(String cpuKey) {
        return userDir != null && cpuKey != null && cachedPaths(userDir.resolve(cpuKey + KERNEL_PATHS_SUFFIX)).isPresent();
    }

    /**
     * The kernel paths cached in {@code file}, when it holds a readable choice made by a JVM that, as this one, has
     * (or lacks) the Vector API's expand: a choice made without it never tried the bitmask expand path, and one made
     * with it cannot run here without it.
     */
    public static Optional<KernelPaths> cachedPaths(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file);
            return text.lines().anyMatch(expandLine()::equals) ? KernelPaths.parse(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the kernel-path cache holds: the paths, whether this JVM has expand, and the probe's figures. */
    public static String pathsCacheText(KernelPaths paths, String describe) {
        return paths.text() + "\n" + expandLine() + "\n# " + describe + "\n";
    }

    private static String expandLine() {
        return "vectorExpand=" + (KernelPaths.jvmHasVectorExpand() ? "yes" : "no");
    }

    /** {@code $XDG_DATA_HOME/sparsim/calibrations}, else {@code $HOME/.local/share/sparsim/calibrations}. */
    public static Path userDir(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "sparsim", "calibrations");
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home, ".local", "share", "sparsim", "calibrations");
    }

    /**
     * The kernels' version of a measurement file that records none ({@code host.kernelsVersion}): files were first
     * written without it, all with version 1 of the kernels.
     */
    public static final String UNRECORDED_KERNELS_VERSION = "1";

    /** The host field of a CPU measurement file with the kernels' version it was timed with (paths not included). */
    public static final String KERNELS_VERSION_KEY = "kernelsVersion";

    /** The CPU kernels' version, or null when the kernels module is not on the class path. */
    public static String classpathKernelsVersion() {
        try (InputStream in = HostCalibrations.class.getResourceAsStream(KERNELS_VERSION_RESOURCE)) {
            if (in == null) {
                return null;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    return line.strip();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file-name-safe key of a CPU model: lower case, runs of other characters as one '-', "(R)" dropped. */
    public static String slug(String cpuModel) {
        return cpuModel.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
    }

    /**
     * The key of a CPU: {@link #slug} of its model name, then {@code -f<family>m<model>} from /proc/cpuinfo's
     * "cpu family" and "model" (e.g. {@code amd-epyc-f26m2}); the name alone when either number is unknown.
     */
    public static String key(String cpuModel, Integer family, Integer model) {
        String slug = slug(cpuModel == null ? "unknown CPU" : cpuModel);
        return family == null || model == null ? slug : slug + "-f" + family + "m" + model;
    }

    /** The key's model-name part: {@code amd-epyc} of {@code amd-epyc-f26m2}. */
    public static String nameOfKey(String key) {
        return key.replaceFirst("-f\\d+m\\d+$", "");
    }

    /** The user's calibration file for the CPU {@code cpuKey} on these kernels (whether or not it exists). */
    public Optional<Path> userFile(String cpuKey) {
        if (userDir == null || kernelsVersion == null || cpuKey == null) {
            return Optional.empty();
        }
        return Optional.of(userDir.resolve(cpuKey + ".kernels-" + kernelsVersion + ".yaml"));
    }

    /** The cached DRAM bandwidth probe of the CPU {@code cpuKey}, beside its calibrations. */
    public Optional<Path> bandwidthCache(String cpuKey) {
        return cached(cpuKey, ".bandwidth");
    }

    /** A probe result of the CPU {@code cpuKey} cached beside its calibrations, named {@code <key><suffix>}. */
    public Optional<Path> cached(String cpuKey, String suffix) {
        if (userDir == null || cpuKey == null) {
            return Optional.empty();
        }
        return Optional.of(userDir.resolve(cpuKey + suffix));
    }

    /** The user's calibration file for the CPU {@code cpuKey}, when one exists. */
    Optional<Path> existingUserFile(String cpuKey) {
        return userFile(cpuKey).filter(Files::isRegularFile);
    }
}
