package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate / check / calibrate on committed and fixture measurement files. */
class ValidationLoopTest {
    private static final Path COMMITTED = Path.of("..", "validation", "measurements");

    private static Path fixture(Path dir, String name) throws Exception {
        Path p = dir.resolve(Path.of(name).getFileName());
        try (InputStream in = ValidationLoopTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @Test
    void committedMeasurementsPassTheRegressionCheck() {
        CliRunner r = CliRunner.run("check", "--dir", COMMITTED.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("within tolerance"), r.out());
    }

    @Test
    void validateJsonHasMapeAndCasesAndUsesTheCommittedCalibration() throws Exception {
        CliRunner r = CliRunner.run("validate", "--measurements",
                COMMITTED.resolve("intel-xeon-processor-quick-187.json").toString(), "--format", "json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("mape").asDouble() <= 0.10, "MAPE " + j.get("mape"));
        assertEquals(58, j.get("cases").size());
        assertEquals("calibrated-intel-xeon-processor", j.get("files").get(0).get("hw").asText());
        assertEquals(0, r.code());
    }

    @Test
    void unknownCpuModelWarnsAndUsesTheUncalibratedHost(@TempDir Path dir) throws Exception {
        CliRunner r = CliRunner.run("validate", "--measurements",
                fixture(dir, "unknown-cpu-measurements.json").toString(), "--tolerance", "10");
        // Whether the gate passes depends on the machine the test runs on (the uncalibrated host probes its
        // memory); what must hold everywhere is a finished validation (0 or 1), never bad input.
        assertTrue(r.code() == 0 || r.code() == 1, r.code() + ": " + r.err());
        assertTrue(r.err().contains("warning: no committed calibration for CPU model 'Unknown CPU 9000'"), r.err());
        assertTrue(r.out().contains(" vs host"), r.out());
    }

    @Test
    void badMeasurementFileExitsTwoWithFileLineAndField(@TempDir Path dir) throws Exception {
        Path bad = fixture(dir, "bad/negative-time-measurements.json");
        CliRunner r = CliRunner.run("validate", "--measurements", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().matches("sparsim: .*negative-time-measurements\\.json:\\d+: cases\\[0\\]\\.medianSeconds: "
                + "expected a positive number of seconds, got '-1'\\n"), r.err());
    }

    /** The committed Intel calibration as a profile file: a CPU profile of the machine the Intel files came from. */
    private static final Path INTEL = Path.of("..", "hwprofiles", "src", "main", "resources", "io", "sparsim",
            "hwprofiles", "calibrations", "intel-xeon-processor.yaml");

    @Test
    void calibrateWritesAProfileThatLoads(@TempDir Path dir) {
        Path out = dir.resolve("cal.yaml");
        CliRunner r = CliRunner.run("calibrate", "--measurements",
                COMMITTED.resolve("intel-xeon-processor-quick-186.json").toString(), "--hw", INTEL.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("held-out MAPE"), r.out());
        assertEquals(0, CliRunner.run("profiles", "validate", out.toString()).code());
    }

    @Test
    void calibrateRefusesAnotherCpusMeasurementsUnlessForced(@TempDir Path dir) {
        Path out = dir.resolve("cal.yaml");
        String file = COMMITTED.resolve("intel-xeon-processor-quick-186.json").toString();
        CliRunner r = CliRunner.run("calibrate", "--measurements", file, "--hw", "amd-epyc-9654", "--out",
                out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("sparsim: " + file + ":"), r.err());
        assertTrue(r.err().contains("'Intel(R) Xeon(R) Processor'")
                && r.err().contains("'AMD EPYC 9654 (Genoa, 96 cores)'") && r.err().contains("--force"), r.err());
        assertEquals("", r.out());
        assertTrue(Files.notExists(out), "no partial output");
        CliRunner forced = CliRunner.run("calibrate", "--measurements", file, "--hw", "amd-epyc-9654", "--out",
                out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void calibrateRefusesAnotherCpuUnderTheSameGenericName() {
        // Zen 4 and Zen 5 VMs both call themselves "AMD EPYC": the family and model number tell them apart.
        io.sparsim.validation.measure.Measurement zen4 = new io.sparsim.validation.measure.Measurement(
                java.util.Map.of("backend", "cpu", "cpuModel", "AMD EPYC", "cpuKey", "amd-epyc-f25m17"),
                java.util.List.of());
        io.sparsim.core.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sparsim.core.BadInputException.class, () -> CalibrateCommand.requireSameCpu(Path.of("zen4.json"),
                        zen4, "host", "AMD EPYC", "amd-epyc-f26m2"));
        assertTrue(e.getMessage().contains("amd-epyc-f25m17") && e.getMessage().contains("amd-epyc-f26m2"),
                e.getMessage());
        CalibrateCommand.requireSameCpu(Path.of("zen5.json"), new io.sparsim.validation.measure.Measurement(
                java.util.Map.of("backend", "cpu", "cpuModel", "AMD EPYC", "cpuKey", "amd-epyc-f26m2"),
                java.util.List.of()), "host", "AMD EPYC", "amd-epyc-f26m2");
        // A file from before keys were recorded is matched by its model name.
        CalibrateCommand.requireSameCpu(Path.of("old.json"), new io.sparsim.validation.measure.Measurement(
                java.util.Map.of("backend", "cpu", "cpuModel", "AMD EPYC"), java.util.List.of()), "host", "AMD EPYC",
                "amd-epyc-f26m2");
    }

    @Test
    void calibrateRefusesABusyMachinesTimingsUnlessForced(@TempDir Path dir) {
        // The Intel calibration file with every other sample 1.8x slower, as a shared VM's neighbours make them.
        var reader = new io.sparsim.validation.measure.MeasurementReader();
        var steady = reader.read(COMMITTED.resolve("intel-xeon-processor-quick-186.json"));
        java.util.List<io.sparsim.validation.measure.MeasuredCase> cases = new java.util.ArrayList<>();
        for (var c : steady.cases()) {
            java.util.List<Double> s = new java.util.ArrayList<>();
            for (int i = 0; i < c.samplesSeconds().size(); i++) {
                s.add(c.samplesSeconds().get(i) * (i % 2 == 1 ? 1.8 : 1));
            }
            cases.add(io.sparsim.validation.measure.MeasuredCase.of(c.id(), c.m(), c.n(), c.k(), c.dtype(),
                    c.sparsity(), c.format(), c.threads(), s, c.backend()));
        }
        Path busy = dir.resolve("busy.json");
        new io.sparsim.validation.measure.MeasurementWriter().write(
                new io.sparsim.validation.measure.Measurement(steady.host(), cases), busy);
        Path out = dir.resolve("cal.yaml");
        CliRunner r = CliRunner.run("calibrate", "--measurements", busy.toString(), "--hw", INTEL.toString(), "--out",
                out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("sparsim: " + busy + ": cases: expected timings from a steady machine"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.notExists(out), "no partial output");
        CliRunner v = CliRunner.run("validate", "--measurements", busy.toString());
        assertTrue(v.err().contains("UNSTEADY"), v.err());
        CliRunner forced = CliRunner.run("calibrate", "--measurements", busy.toString(), "--hw", INTEL.toString(),
                "--out", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
    }
}
