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
}
