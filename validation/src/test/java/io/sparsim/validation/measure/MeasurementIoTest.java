package io.sparsim.validation.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementIoTest {
    @TempDir
    Path dir;

    private static Measurement sample() {
        MeasuredCase dense = MeasuredCase.of("gemm-m1-dense", 1, 11008, 4096, "fp32", "dense", Format.DENSE, 2,
                List.of(0.006, 0.0061, 0.0059, 0.0065), "cpu");
        MeasuredCase gpu = new MeasuredCase("gemm-m64-2of4", "gemm", 64, 4096, 4096, "bf16", "2:4", Format.TWO_FOUR,
                1, List.of(1.0e-5, 1.2e-5), 1.1e-5, 1.0e-5, 1.2e-5, "bf16", "cuda", "cuSPARSELt");
        return new Measurement(Map.of("cpuModel", "test cpu"), List.of(dense, gpu));
    }

    /** A valid file with one case, as text, so tests can break one field at a known line. */
    private static String validText() {
        return String.join("\n",
                "{",                                              // 1
                "  \"schema\": \"sparsim/measurements/v1\",",    // 2
                "  \"host\": {\"cpuModel\": \"x\", \"cores\": 2},", // 3
                "  \"cases\": [",                                 // 4
                "    {",                                          // 5
                "      \"id\": \"c1\",",                          // 6
                "      \"op\": \"gemm\",",                        // 7
                "      \"m\": 1, \"n\": 16, \"k\": 32,",          // 8
                "      \"dtype\": \"fp32\",",                     // 9
                "      \"sparsity\": \"unstructured:0.7\",",      // 10
                "      \"format\": \"csr\",",                     // 11
                "      \"threads\": 2,",                          // 12
                "      \"samplesSeconds\": [0.002, 0.001, 0.003],", // 13
                "      \"medianSeconds\": 0.002,",                // 14
                "      \"p10Seconds\": 0.0012,",                  // 15
                "      \"p90Seconds\": 0.0028",                   // 16
                "    }",                                          // 17
                "  ]",                                            // 18
                "}");
    }

    private BadInputException readBroken(String text) throws IOException {
        Path f = dir.resolve("m.json");
        Files.writeString(f, text);
        return assertThrows(BadInputException.class, () -> new MeasurementReader().read(f));
    }

    @Test
    void writeThenReadGivesTheSameMeasurement() {
        Path f = dir.resolve("out/run.json");
        Measurement m = sample();
        new MeasurementWriter().write(m, f);
        Measurement back = new MeasurementReader().read(f);
        assertEquals(m, back);
        assertEquals(0.00605, back.cases().get(0).medianSeconds(), 1e-15); // mean of the middle two of 4
    }

    @Test
    void validTextReads() throws IOException {
        Path f = dir.resolve("ok.json");
        Files.writeString(f, validText());
        Measurement m = new MeasurementReader().read(f);
        assertEquals("2", m.host().get("cores"));
        assertEquals(Format.CSR, m.cases().get(0).format());
        assertEquals(List.of(0.002, 0.001, 0.003), m.cases().get(0).samplesSeconds());
    }

    @Test
    void negativeMedianNamesFileLineAndField() throws IOException {
        BadInputException e = readBroken(validText().replace("\"medianSeconds\": 0.002", "\"medianSeconds\": -1"));
        assertTrue(e.getMessage().endsWith(
                "m.json:14: cases[0].medianSeconds: expected a positive number of seconds, got '-1'"), e.getMessage());
    }

    @Test
    void wrongSchemaIsRejected() throws IOException {
        BadInputException e = readBroken(validText().replace("measurements/v1", "measurements/v2"));
        assertTrue(e.getMessage().contains("m.json:2: schema: expected 'sparsim/measurements/v1', got "
                + "'sparsim/measurements/v2'"), e.getMessage());
    }

    @Test
    void missingFieldIsRejected() throws IOException {
        BadInputException e = readBroken(validText().replace("      \"dtype\": \"fp32\",\n", ""));
        assertTrue(e.getMessage().contains("m.json:5: cases[0].dtype: expected a value (the field is required)"),
                e.getMessage());
    }

    @Test
    void unknownFormatListsTheKnownOnes() throws IOException {
        BadInputException e = readBroken(validText().replace("\"csr\"", "\"coo\""));
        assertTrue(e.getMessage().contains("m.json:11: cases[0].format: expected one of dense, csr, bitmask, 2:4, "
                + "block16, got 'coo'"), e.getMessage());
    }

    @Test
    void negativeSampleIsRejectedAtItsLine() throws IOException {
        BadInputException e = readBroken(validText().replace("[0.002, 0.001, 0.003]", "[0.002, -0.001, 0.003]"));
        assertTrue(e.getMessage().contains("m.json:13: cases[0].samplesSeconds[1]: expected a positive number of "
                + "seconds, got '-0.001'"), e.getMessage());
    }

    @Test
    void unknownFieldAndBadSparsityAndJsonSyntaxAreRejected() throws IOException {
        assertTrue(readBroken(validText().replace("\"threads\": 2,", "\"threads\": 2, \"thread\": 3,"))
                .getMessage().contains("m.json:12: cases[0].thread: expected a known case field"));
        assertTrue(readBroken(validText().replace("unstructured:0.7", "unstructured:1.5"))
                .getMessage().contains("m.json:10: cases[0].sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got '1.5'"));
        assertTrue(readBroken(validText().replace("\"m\": 1,", "\"m\": 1.5,"))
                .getMessage().contains("m.json:8: cases[0].m: expected a positive integer, got '1.5'"));
        assertTrue(readBroken(validText().replace("\"op\": \"gemm\",", "\"op\": \"gemm\""))
                .getMessage().contains("m.json:8: expected well-formed JSON"));
    }

    @Test
    void inconsistentSummaryIsRejected() throws IOException {
        BadInputException e = readBroken(validText().replace("\"p10Seconds\": 0.0012", "\"p10Seconds\": 0.0025"));
        assertTrue(e.getMessage().contains("m.json:15: cases[0].p10Seconds: expected at most medianSeconds"),
                e.getMessage());
        BadInputException dup = readBroken(validText().replace("  ]", "  , " + caseObject() + "]"));
        assertTrue(dup.getMessage().contains("cases[1].id: expected an id not used by an earlier case, got 'c1'"),
                dup.getMessage());
    }

    private static String caseObject() {
        String t = validText();
        return t.substring(t.indexOf("    {"), t.indexOf("    }") + 5);
    }

    @Test
    void writerLeavesNoTemporaryFilesAndNoPartialFileOnFailure() throws IOException {
        Path f = dir.resolve("run.json");
        new MeasurementWriter().write(sample(), f);
        new MeasurementWriter().write(sample(), f); // replaces
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertThrows(BadInputException.class, () -> new MeasurementWriter().write(sample(), blocker.resolve("a.json")));
        assertFalse(Files.exists(blocker.resolve("a.json")));
    }

    @Test
    void sampleStatsInterpolateLikeNumpy() {
        List<Double> s = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertEquals(3.0, SampleStats.median(s));
        assertEquals(1.4, SampleStats.quantile(s, 0.1), 1e-12);
        assertEquals(4.6, SampleStats.quantile(s, 0.9), 1e-12);
    }
}
