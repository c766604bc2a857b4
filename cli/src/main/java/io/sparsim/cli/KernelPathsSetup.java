package io.sparsim.cli;

import io.sparsim.core.files.AtomicFiles;
import io.sparsim.hwprofiles.HostCalibrations;
import io.sparsim.hwprofiles.HostDetector;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.kernels.KernelPaths;
import io.sparsim.kernels.cpu.KernelPool;
import io.sparsim.kernels.cpu.PathProbe;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CPU kernels' inner paths, decided before any kernel runs: from the {@code -D}{@value #PROPERTY} a parent
 * passes its forks, else this CPU's cached probe beside the calibrations (when cached by a JVM that, as this one,
 * has or lacks the Vector API's expand), else by running the probe (and caching it). The caller hands them to
 * whatever encodes or times kernels.
 */
final class KernelPathsSetup {
    /** The system property a measuring parent hands its forked JVMs, so they run the parent's paths. */
    static final String PROPERTY = "sparsim.kernelPaths";

    private KernelPathsSetup() {
    }

    static KernelPaths ensure(KernelPool pool, Consumer<String> progress) {
        Optional<KernelPaths> given = KernelPaths.parse(System.getProperty(PROPERTY));
        if (given.isPresent()) {
            return given.get();
        }
        Path dir = HostCalibrations.userDir(System.getenv());
        String key = HostDetector.cpuKey(HostDetector.readSystem().cpuinfo());
        Optional<Path> file = Optional.ofNullable(dir).map(d -> d.resolve(key + HostCalibrations.KERNEL_PATHS_SUFFIX));
        Optional<KernelPaths> cached = file.flatMap(HostCalibrations::cachedPaths);
        if (cached.isPresent()) {
            progress.accept("kernel paths " + cached.get().text() + " (probed earlier, cached in " + file.get() + ")");
            return cached.get();
        }
        PathProbe.Result r = PathProbe.run(pool);
        String base = HostCalibrations.classpathKernelsVersion();
        KernelPaths paths = base == null ? r.paths()
                : r.preferring(p -> ProfileRegistry.hasCalibration(dir, key, p.versionOf(base)));
        String describe = r.describe() + (paths.equals(r.paths()) ? ""
                : "; csr's two paths tied, so " + paths.text() + ", the paths this CPU has a calibration for");
        file.ifPresent(f -> AtomicFiles.write(f, HostCalibrations.pathsCacheText(paths, describe)));
        progress.accept("kernel paths probed: " + describe + file.map(f -> ", cached in " + f).orElse(""));
        return paths;
    }
}
