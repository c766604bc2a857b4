package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale-out acceptance cases through the CLI: memory in predict JSON, fits/doesNotFit, parallel flags. */
class ScaleOutCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String H100 = "nvidia-h100-sxm5-80gb";

    static JsonNode predict(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("predict", "--format", "json"));
        all.addAll(List.of(args));
        CliRunner r = CliRunner.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void seventyBDecodeOnOneH100DoesNotFitAndSaysSo() throws Exception {
        JsonNode j = predict("--hw", H100, "--model", "llama2-70b", "--phase", "decode", "--batch", "1", "--kv", "1024");
        assertFalse(j.get("memory").get("fits").asBoolean());
        assertEquals(2, j.get("doesNotFit").get("minDevices").asInt());
        assertFalse(j.has("tokensPerSecond"), "no rate for a configuration that does not fit");
        assertFalse(j.has("secondsPerStep"));
        assertTrue(j.get("memory").get("perDeviceBytes").asLong() > j.get("memory").get("capacityBytes").asLong());
        CliRunner table = CliRunner.run("predict", "--hw", H100, "--model", "llama2-70b", "--phase", "decode",
                "--kv", "1024");
        assertEquals(0, table.code());
        assertEquals(1, table.out().lines().filter(l -> l.startsWith("does not fit: ")).count(), table.out());
        assertFalse(table.out().contains("tokensPerSecond"));
    }

    @Test
    void memoryOnEveryTarget() throws Exception {
        for (String hw : List.of(H100, "amd-epyc-9654", "cerebras-wse3")) {
            JsonNode j = predict("--hw", hw, "--model", "llama2-7b", "--phase", "decode", "--kv", "128");
            JsonNode m = j.get("memory");
            assertTrue(m.get("fits").asBoolean(), hw);
            assertEquals(13_476_831_232L, m.get("components").get("weightsBytes").asLong(), hw);
            assertTrue(m.get("capacityBytes").asLong() > 0, hw);
            assertTrue(j.has("tokensPerSecond"), hw);
        }
        // The host's RAM is its capacity: 138 GB of llama2-70b weights exceed any build machine's.
        JsonNode host = predict("--hw", "host", "--model", "llama2-70b", "--phase", "decode", "--kv", "128");
        assertFalse(host.get("memory").get("fits").asBoolean());
        assertFalse(host.has("tokensPerSecond"));
    }

    @Test
    void flagsThatDoNotApplyAreErrorsNamingFlagAndTarget() {
        String[][] cases = {
            {"--systems", "8", "nvidia-h100-sxm5-80gb"},
            {"--mode", "resident", "nvidia-h100-sxm5-80gb"},
            {"--mode", "resident", "amd-epyc-9654"},
            {"--tp", "2", "amd-epyc-9654"},
            {"--tp", "2", "cerebras-wse3"},
            {"--dp", "2", "cerebras-wse3"},
            {"--zero", "3", "phase decode"},
            {"--recompute", "full", "phase decode"},
        };
        for (String[] c : cases) {
            String hw = c[2].startsWith("phase") ? H100 : c[2];
            CliRunner r = CliRunner.run("predict", "--hw", hw, "--model", "llama2-7b", "--phase", "decode", "--kv",
                    "128", c[0], c[1]);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.out());
            assertTrue(r.err().startsWith("sparsim: " + c[0] + ": ") && r.err().contains(c[2]), r.err());
            assertEquals("", r.out());
        }
        CliRunner sweep = CliRunner.run("sweep", "--phase", "train", "--kv", "512");
        assertEquals(2, sweep.code());
        assertTrue(sweep.err().contains("--kv"), sweep.err());
        CliRunner tooMany = CliRunner.run("predict", "--hw", H100, "--model", "llama2-70b", "--phase", "decode",
                "--kv", "128", "--tp", "8", "--dp", "2");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("cluster profile"), tooMany.err());
    }

    @Test
    void tensorParallelSeventyBFitsAndReportsItsSplit() throws Exception {
        JsonNode j = predict("--hw", H100, "--model", "llama2-70b", "--phase", "decode", "--kv", "1024", "--tp", "2");
        assertTrue(j.get("memory").get("fits").asBoolean());
        assertTrue(j.get("tokensPerSecond").asDouble() > 0);
        assertTrue(j.get("mapping").asText().startsWith("tp 2 x pp 1 x dp 1"), j.get("mapping").asText());
        JsonNode train = predict("--hw", H100, "--model", "llama2-7b", "--phase", "train", "--batch", "8", "--seq",
                "2048");
        assertFalse(train.get("memory").get("fits").asBoolean());
        JsonNode sharded = predict("--hw", H100, "--model", "llama2-7b", "--phase", "train", "--batch", "8", "--seq",
                "2048", "--dp", "8", "--zero", "3");
        assertTrue(sharded.get("memory").get("fits").asBoolean());
        assertTrue(sharded.has("tokensPerSecond"));
    }

    @Test
    void fullRecomputeTradesMemoryForAnotherForward() throws Exception {
        String[] base = {"--hw", H100, "--model", "llama2-7b", "--phase", "train", "--batch", "8", "--seq", "2048",
            "--dp", "8", "--zero", "1"};
        JsonNode none = predict(base);
        List<String> full = new ArrayList<>(List.of(base));
        full.addAll(List.of("--recompute", "full"));
        JsonNode rc = predict(full.toArray(String[]::new));
        assertTrue(rc.get("memory").get("components").get("activationsBytes").asLong()
                < none.get("memory").get("components").get("activationsBytes").asLong() / 5);
        double extra = rc.get("secondsPerStep").asDouble() - none.get("secondsPerStep").asDouble();
        double forward = 0;
        for (JsonNode op : none.get("ops")) {
            if (op.get("group").asText().equals("layer")) {
                forward += op.get("secondsAllRepeats").asDouble();
            }
        }
        assertEquals(forward, extra, 1e-9 + 1e-6 * forward, "one more forward of every layer");
    }

    @Test
    void sweepReportsPointsThatDoNotFitInsteadOfRates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CliRunner r = CliRunner.run("sweep", "--hw", H100 + ",amd-epyc-9654", "--model", "llama2-7b", "--phase",
                "train", "--sparsity-range", "0:0.5:0.5", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = JSON.readTree(dir.resolve("sweep.json").toFile());
        // Every point is a row; a point that does not fit carries its reason and no rate (only the CPU server's
        // 768 GB holds the step).
        assertEquals(4, json.get("rows").size());
        for (JsonNode row : json.get("rows")) {
            boolean cpu = row.get("hw").asText().equals("amd-epyc-9654");
            assertEquals(cpu, row.has("tokensPerSecond"), row.toString());
            assertEquals(!cpu, row.has("doesNotFit"), row.toString());
            if (!cpu) {
                assertTrue(row.get("doesNotFit").asText().contains("fits on"), row.toString());
            }
        }
        assertEquals(2, r.out().lines().filter(l -> l.contains("nvidia-h100") && l.contains("needs ")).count(),
                r.out());
    }
}
