package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan serve and plan train end to end: acceptance properties, the FLOP floor, golden JSON. */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void serve70bAtFiftyThousandTokensPerSecondMeetsTheSlosWithTensorParallelH100s() throws Exception {
        JsonNode plan = json("plan", "serve", "--model", "llama2-70b", "--hw", "nvidia-h100-sxm5-80gb", "--rate",
                "50000", "--input", "2048", "--output", "256", "--tpot-ms", "50", "--ttft-ms", "2000", "--sparsity",
                "dense,2:4", "--format", "json");
        assertEquals(2, plan.get("options").size());
        for (JsonNode o : plan.get("options")) {
            assertTrue(o.get("feasible").asBoolean(), o.toString());
            assertTrue(o.get("tp").asInt() >= 2, "70B bf16 weights (138 GB) need at least two 80 GB GPUs: " + o);
            assertTrue(o.get("tpotSeconds").asDouble() <= 0.050, o.toString());
            assertTrue(o.get("ttftSeconds").asDouble() <= 2.0, o.toString());
            assertTrue(o.get("tokensPerSecond").asDouble() >= 50_000, o.toString());
            assertEquals(o.get("devices").asInt(), o.get("replicas").asInt() * o.get("tp").asInt());
            assertTrue(o.get("memory").get("fits").asBoolean());
            assertEquals(o.get("powerWatts").asDouble() / o.get("tokensPerSecond").asDouble(),
                    o.get("joulesPerToken").asDouble(), 1e-9);
            assertFalse(o.has("costPerHour"), "no cost without a price file");
        }
    }

    @Test
    void anSloNoConfigurationMeetsSaysWhy() throws Exception {
        JsonNode plan = json("plan", "serve", "--model", "llama2-70b", "--hw", "nvidia-h100-sxm5-80gb", "--input",
                "2048", "--output", "256", "--tpot-ms", "1", "--format", "json");
        JsonNode o = plan.get("options").get(0);
        assertFalse(o.get("feasible").asBoolean());
        assertFalse(o.has("tokensPerSecond"), "no rate for an infeasible option");
        assertTrue(o.get("reason").asText().contains("time per output token is at least"), o.toString());
        assertTrue(o.get("reason").asText().contains("above the 1.000 ms SLO"), o.toString());
    }

    @Test
    void pricesGiveCostsFromTheUsersFile(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("p.yaml");
        Files.writeString(prices, "schema: sparsim/prices/v1\nnote: test\nprices:\n"
                + "  nvidia-h100-sxm5-80gb: {perDeviceHour: 2.0}\n");
        JsonNode o = json("plan", "serve", "--model", "llama2-7b", "--hw", "nvidia-h100-sxm5-80gb", "--input", "512",
                "--output", "128", "--tpot-ms", "30", "--price", prices.toString(), "--format", "json")
                .get("options").get(0);
        assertEquals(2.0 * o.get("devices").asInt(), o.get("costPerHour").asDouble(), 1e-12);
        assertEquals(o.get("costPerHour").asDouble() / (o.get("tokensPerSecond").asDouble() * 3600) * 1e6,
                o.get("costPerMillionTokens").asDouble(), 1e-9);
    }

    @Test
    void noTrainingOptionBeatsTheFlopFloor() throws Exception {
        JsonNode plan = json("plan", "train", "--model", "llama2-70b", "--hw", "cerebras-wse3,nvidia-dgx-h100",
                "--tokens", "150e9", "--days", "30", "--seq", "4096", "--sparsity", "dense,unstructured:0.7",
                "--format", "json");
        double params = plan.get("parameters").asDouble();
        double tokens = plan.get("tokens").asDouble();
        assertEquals(4, plan.get("options").size());
        for (JsonNode o : plan.get("options")) {
            assertTrue(o.get("feasible").asBoolean(), o.toString());
            assertTrue(o.get("days").asDouble() <= 30, o.toString());
            double devices = o.get("devices").asDouble();
            double peak = o.get("densePeakFlopsPerSecond").asDouble();
            double seconds = o.get("days").asDouble() * 86_400;
            // The FLOP floor: 6 x parameters x tokens at the dense peak of every device. A dense run cannot beat
            // it; a sparse run cannot beat the floor of the FLOPs it actually does.
            double density = o.get("flopsPerStep").asDouble() / o.get("denseFlopsPerStep").asDouble();
            double floor = 6 * params * tokens * (o.get("sparsity").asText().equals("dense") ? 1 : density)
                    / (devices * peak);
            assertTrue(seconds >= floor, o.get("hw") + " " + o.get("sparsity") + ": " + seconds + " s < floor "
                    + floor + " s");
            assertTrue(o.get("usefulMfu").asDouble() <= 1, o.toString());
            assertEquals(o.get("powerWatts").asDouble() * seconds / 3.6e9, o.get("energyMegawattHours").asDouble(),
                    1e-9 * o.get("energyMegawattHours").asDouble());
        }
    }

    @Test
    void serveJsonIsGolden() throws Exception {
        golden("plan-serve-llama2-7b.json", "plan", "serve", "--model", "llama2-7b", "--hw",
                "nvidia-h100-sxm5-80gb,amd-epyc-9654", "--rate", "2000", "--input", "512", "--output", "128",
                "--tpot-ms", "100", "--sparsity", "dense,2:4", "--format", "json");
    }

    @Test
    void trainJsonIsGolden() throws Exception {
        golden("plan-train-llama2-7b.json", "plan", "train", "--model", "llama2-7b", "--hw",
                "cerebras-wse3,nvidia-dgx-h100", "--tokens", "20e9", "--devices", "16", "--seq", "2048",
                "--sparsity", "dense,unstructured:0.5", "--format", "json");
    }

    /** The command's JSON equals the golden file: any change in a number is a visible diff in review. */
    private static void golden(String name, String... args) throws Exception {
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.code(), r.err());
        Path update = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "io", "sparsim", "cli",
                "golden", name);
        if (Boolean.getBoolean("sparsim.updateGolden")) {
            Files.writeString(update, r.out());
        }
        try (InputStream in = PlanCommandTest.class.getResourceAsStream("golden/" + name)) {
            assertTrue(in != null, "golden/" + name + " missing: run with -Dsparsim.updateGolden=true and review");
            GoldenJson.assertSameJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), r.out(), name);
        }
    }
}
