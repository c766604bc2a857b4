package io.sparsim.validation.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CaseComparison;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.compare.ProfileResolver;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The committed synthetic GPU file (invented timings, labelled so in its host description) goes through the same
 * steps as {@code sparsim validate}: strict read, profile matched by GPU name, every case predicted.
 */
class SyntheticGpuFixtureTest {
    static final String FIXTURE = "synthetic-h100-measurements.json";

    @Test
    void syntheticGpuFileIsReadMatchedToTheH100ProfileAndPredicted() throws Exception {
        Path file = Path.of(SyntheticGpuFixtureTest.class.getResource(FIXTURE).toURI());
        Measurement m = new MeasurementReader().read(file);
        assertTrue(m.host().get("synthetic").startsWith("SYNTHETIC: invented timings"), m.host().toString());
        assertEquals("cuda", m.host().get("backend"));
        ProfileResolver.Resolved r = new ProfileResolver(ProfileRegistry.bundled(), false).resolve(m, Optional.empty());
        assertEquals("nvidia-h100-sxm5-80gb", r.profile().id());
        List<CaseComparison> cases = new CasePredictor(r.profile(), Fidelity.FAST).compare(m);
        assertEquals(m.cases().size(), cases.size());
        for (CaseComparison c : cases) {
            assertTrue(c.predictedSeconds() > 0 && Double.isFinite(c.error()), c.measured().id());
            String expectedKernel = switch (c.measured().format()) {
                case DENSE -> "cublas-dense";
                case TWO_FOUR -> "cusparselt-2:4";
                case CSR -> "cusparse-csr";
                default -> "none";
            };
            assertEquals(expectedKernel, c.kernel(), c.measured().id());
            if (c.measured().format() != Format.DENSE) {
                assertTrue(c.hasDenseTwin(), "bf16 sparse cases have a dense bf16 twin: " + c.measured().id());
            }
        }
    }
}
