package io.sparsim.validation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.validation.measure.Measurement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileResolverTest {
    private static final String MODEL = "Intel(R) Xeon(R) Processor";
    private final ProfileRegistry registry = ProfileRegistry.bundled();

    /**
     * A run's own bandwidth probe is not used: on the shared dev host it ranged 24.7-27.0 GB/s over four
     * runs while the dense GEMV streamed 25.1-26.7 GB/s in them, so the calibration's figure is the steadier one.
     */
    @Test
    void cpuFileIsPredictedWithTheCommittedCalibrationAsIs() {
        CpuProfile calibration = registry.committedCalibrationFor("intel-xeon-processor", "1").orElseThrow();
        Measurement m = new Measurement(Map.of("backend", "cpu", "cpuModel", MODEL,
                "streamReadBytesPerSecond", "3.125e10"), List.of());
        assertEquals(calibration, new ProfileResolver(registry, true).resolve(m, Optional.empty()).profile());
    }

    /**
     * A file is checked against the calibration fitted on the kernels it ran (its recorded inner paths), whatever
     * paths this machine's probe would choose, and on the kernels version it recorded: the Zen 5 files of version 3
     * ran the scalar-load csr GEMV and the bitmask expand, filed as 3+csr-scalar+bitmask-expand; the same paths
     * unrecorded mean version 1, and the same version with the bitmask walk has no calibration.
     */
    @Test
    void cpuFileIsCheckedAgainstTheCalibrationOfTheKernelPathsItRan() {
        Measurement scalar = new Measurement(Map.of("backend", "cpu", "cpuModel", "AMD EPYC", "cpuKey",
                "amd-epyc-f26m2", "kernelsVersion", "3", "kernelPaths", "csrGemv=scalar,bitmaskGemv=expand"),
                List.of());
        assertEquals("calibrated-amd-epyc-f26m2-k3-csr-scalar-bitmask-expand",
                new ProfileResolver(registry, true).resolve(scalar, Optional.empty()).profile().id());
        Measurement versionOne = new Measurement(Map.of("backend", "cpu", "cpuModel", "AMD EPYC", "cpuKey",
                "amd-epyc-f26m2", "kernelPaths", "csrGemv=scalar,bitmaskGemv=expand"), List.of());
        org.junit.jupiter.api.Assertions.assertThrows(io.sparsim.core.BadInputException.class,
                () -> new ProfileResolver(registry, true).resolve(versionOne, Optional.empty()));
        Measurement walk = new Measurement(Map.of("backend", "cpu", "cpuModel", "AMD EPYC", "cpuKey",
                "amd-epyc-f26m2", "kernelsVersion", "3", "kernelPaths", "csrGemv=scalar"), List.of());
        io.sparsim.core.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sparsim.core.BadInputException.class,
                () -> new ProfileResolver(registry, true).resolve(walk, Optional.empty()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("AMD EPYC"), e.getMessage());
    }

    /**
     * {@code --hw host} on a CPU file warns where the host profile describes another machine than the file's: another
     * CPU, or this CPU with other kernels; a file of this CPU and these kernels gets no warning.
     */
    @Test
    void hostGivenByHwWarnsWhenTheFileRanOnAnotherCpuOrOtherKernels() {
        ProfileResolver resolver = new ProfileResolver(registry, false);
        String version = registry.calibrations().kernelsVersion();
        String base = version.split("\\+", 2)[0];
        String paths = io.sparsim.kernels.KernelPaths.ofVersion(version).text();
        Measurement same = new Measurement(Map.of("backend", "cpu", "cpuModel", registry.hostCpuModel(), "cpuKey",
                registry.hostCpuKey(), "kernelsVersion", base, "kernelPaths", paths), List.of());
        List<String> notes = resolver.resolve(same, Optional.of("host")).notes();
        assertEquals(List.of("profile host as given by --hw"), notes);

        Measurement otherPaths = new Measurement(Map.of("backend", "cpu", "cpuModel", registry.hostCpuModel(),
                "cpuKey", registry.hostCpuKey(), "kernelsVersion", "1", "kernelPaths", paths), List.of());
        String kernels = resolver.resolve(otherPaths, Optional.of("host")).notes().get(1);
        org.junit.jupiter.api.Assertions.assertTrue(kernels.startsWith("warning: the file ran kernels 1")
                && kernels.contains("describes kernels " + version), kernels);

        Measurement otherCpu = new Measurement(Map.of("backend", "cpu", "cpuModel", "Some Other CPU", "cpuKey",
                "some-other-cpu-f1m1", "kernelsVersion", base, "kernelPaths", paths), List.of());
        String cpu = resolver.resolve(otherCpu, Optional.of("host")).notes().get(1);
        org.junit.jupiter.api.Assertions.assertTrue(cpu.contains("ran on CPU some-other-cpu-f1m1")
                && cpu.contains(registry.hostCpuKey()), cpu);
        assertEquals(cpu, resolver.resolve(otherCpu, Optional.of("host-uncalibrated")).notes().get(1));
        // Another profile given by --hw is the user's explicit choice: no host warning.
        assertEquals(1, resolver.resolve(otherCpu, Optional.of("intel-xeon-8480plus")).notes().size());
    }
}
