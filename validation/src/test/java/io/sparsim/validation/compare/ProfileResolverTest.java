package io.sparsim.validation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private final ProfileResolver resolver = new ProfileResolver(registry);

    @Test
    void cpuFileIsPredictedWithTheCalibrationAndItsOwnProbedBandwidth() {
        CpuProfile calibration = registry.calibrationFor(MODEL).orElseThrow();
        Measurement m = new Measurement(Map.of("backend", "cpu", "cpuModel", MODEL,
                "streamReadBytesPerSecond", "3.125e10"), List.of());
        CpuProfile p = (CpuProfile) resolver.resolve(m, Optional.empty()).profile();
        assertEquals(3.125e10, p.memory().bandwidth().bytesPerSecond(), 1);
        assertEquals(calibration.efficiency(), p.efficiency());
        assertTrue(p.sources().stream().anyMatch(s -> s.what().equals("memory.bandwidth")
                && s.toString().contains("probed")), p.sources().toString());
    }

    @Test
    void cpuFileWithoutProbeKeepsTheCalibrationsBandwidth() {
        CpuProfile calibration = registry.calibrationFor(MODEL).orElseThrow();
        Measurement m = new Measurement(Map.of("backend", "cpu", "cpuModel", MODEL), List.of());
        assertEquals(calibration, resolver.resolve(m, Optional.empty()).profile());
    }
}
