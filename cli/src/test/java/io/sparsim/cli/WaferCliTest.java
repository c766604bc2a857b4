package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 22's wafer cases as a new user typed them: --systems, --mode, the crashes, sweep --mode. */
class WaferCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode predict(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "predict";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--format";
        all[args.length + 2] = "json";
        CliRunner r = CliRunner.run(all);
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    private static CliRunner bad(String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out(), "no partial output");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        return r;
    }

    @Test
    void residentHonoursSystemsOrNamesTheMinimum() throws Exception {
        for (String n : new String[] {"1", "2"}) {
            CliRunner r = bad("predict", "--hw", "cerebras-wse3", "--model", "llama2-70b", "--phase", "decode",
                    "--kv", "1024", "--mode", "resident", "--systems", n);
            assertTrue(r.err().startsWith("sparsim: --systems: expected at least 4 systems of cerebras-wse3 to hold "
                    + "llama2-70b resident"), r.err());
        }
        JsonNode eight = predict("--hw", "cerebras-wse3", "--model", "llama2-70b", "--phase", "decode", "--kv", "1024",
                "--mode", "resident", "--systems", "8");
        assertTrue(eight.get("mapping").asText().startsWith("resident, layer-pipelined on 8 system(s)"),
                eight.get("mapping").asText());
        JsonNode auto = predict("--hw", "cerebras-wse3", "--model", "llama2-70b", "--phase", "decode", "--kv", "1024",
                "--mode", "resident", "--systems", "auto");
        assertTrue(auto.get("mapping").asText().contains("4 system(s) chosen by --systems auto"),
                auto.get("mapping").asText());
    }

    @Test
    void sparseSpeedupComparesLikeWithLike() throws Exception {
        JsonNode p = predict("--hw", "cerebras-wse3", "--model", "llama2-70b", "--phase", "decode", "--kv", "1024",
                "--mode", "resident", "--systems", "auto", "--sparsity", "unstructured:0.7");
        assertTrue(p.get("speedupVsDense").asDouble() >= 1, p.toString());
        double last = 1;
        for (String s : new String[] {"unstructured:0.5", "unstructured:0.7", "unstructured:0.9"}) {
            JsonNode q = predict("--hw", "cerebras-wse3", "--model", "llama2-7b", "--phase", "decode", "--kv", "1024",
                    "--batch", "8", "--mode", "resident", "--sparsity", s);
            double speedup = q.get("speedupVsDense").asDouble();
            assertTrue(speedup >= last, s + ": " + speedup + " after " + last);
            last = speedup;
        }
    }

    @Test
    void theCrashesAreHonestAnswers() throws Exception {
        CliRunner train = bad("predict", "--hw", "cerebras-wse3", "--model", "llama2-7b", "--phase", "train",
                "--batch", "1", "--seq", "2048", "--mode", "resident");
        assertTrue(train.err().startsWith("sparsim: --mode: expected weight-streaming or auto for a training step"),
                train.err());
        JsonNode huge = predict("--hw", "cerebras-wse3", "--model", "llama3-70b", "--phase", "decode", "--batch",
                "4096", "--kv", "32768", "--mode", "resident");
        assertFalse(huge.get("memory").get("fits").asBoolean());
        assertFalse(huge.has("tokensPerSecond"), "no rate for a configuration that does not fit");
        assertTrue(huge.get("doesNotFit").get("reason").asText().startsWith("resident needs at least"),
                huge.toString());
        assertTrue(huge.get("doesNotFit").get("minDevices").asInt() > 1000, huge.toString());
    }

    @Test
    void modeAndSystemsAreWaferFlags() {
        CliRunner gpu = bad("predict", "--hw", "nvidia-h100-sxm5-80gb", "--model", "llama2-7b", "--phase", "decode",
                "--kv", "1024", "--mode", "resident");
        assertTrue(gpu.err().startsWith("sparsim: --mode: expected no --mode for nvidia-h100-sxm5-80gb (a gpu"),
                gpu.err());
        CliRunner cpu = bad("predict", "--hw", "amd-epyc-9654", "--model", "llama2-7b", "--phase", "decode", "--kv",
                "1024", "--systems", "8");
        assertTrue(cpu.err().startsWith("sparsim: --systems: expected no --systems for amd-epyc-9654 (a cpu"),
                cpu.err());
        bad("predict", "--hw", "cerebras-wse3", "--model", "llama2-7b", "--phase", "decode", "--kv", "1024",
                "--systems", "0");
    }

    @Test
    void decodeDefaultsToResident() throws Exception {
        JsonNode p = predict("--hw", "cerebras-wse3", "--model", "llama2-7b", "--phase", "decode", "--kv", "1024");
        assertTrue(p.get("mapping").asText().startsWith("mode auto chose resident"), p.get("mapping").asText());
        assertTrue(p.get("tokensPerSecond").asDouble() > 1000, p.toString());
    }

    @Test
    void sweepTakesTheMode(@TempDir Path dir) throws Exception {
        double[] rates = new double[2];
        String[] modes = {"auto", "weight-streaming"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve(modes[i]);
            CliRunner r = CliRunner.run("sweep", "--hw", "cerebras-wse3", "--model", "llama2-7b", "--phase", "decode",
                    "--batch", "1", "--sparsity-range", "0:0.5:0.5", "--mode", modes[i], "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode json = JSON.readTree(Files.readString(out.resolve("sweep.json")));
            assertEquals(modes[i], json.get("rows").get(0).get("mode").asText());
            rates[i] = json.get("rows").get(0).get("tokensPerSecond").asDouble();
        }
        assertTrue(rates[0] > 50 * rates[1], "resident decode against weight streaming: " + rates[0] + " vs "
                + rates[1]);
    }
}
