package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole CLI scenarios, run in-process. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRunner ok(String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + " failed: " + r.err());
        return r;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(ok(args).out());
    }

    @Test
    void profilesListNamesTheEightProfiles() throws Exception {
        JsonNode list = json("profiles", "list", "--format", "json");
        List<String> ids = new java.util.ArrayList<>();
        list.forEach(n -> ids.add(n.get("id").asText()));
        assertEquals(List.of("cerebras-wse2", "cerebras-wse3", "nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb",
                "nvidia-h200-sxm-141gb", "nvidia-rtx-3060", "amd-mi300x",
                "amd-epyc-9654", "intel-xeon-8480plus", "nvidia-dgx-a100", "nvidia-dgx-h100",
                "nvidia-hgx-h200", "amd-epyc-9654-2s", "cerebras-cs3-cluster", "host"), ids);
        String table = ok("profiles", "list").out();
        for (String id : ids) {
            assertTrue(table.contains(id), id);
        }
    }

    @Test
    void profilesShowH100HasDenseAndSparsePeaksAndHbmWithSources() {
        String out = ok("profiles", "show", "nvidia-h100-sxm5-80gb").out();
        assertTrue(out.contains("989.4 TFLOP/s"), out);
        assertTrue(out.contains("1978.9 TFLOP/s"), out);
        assertTrue(out.contains("3.35 TB/s"), out);
        assertTrue(out.contains("sources:"), out);
    }

    @Test
    void modelsShowReportsExactParameterCounts() throws Exception {
        Map<String, Long> expected = Map.of("llama2-7b", 6738415616L, "llama2-13b", 13015864320L,
                "llama2-70b", 68976648192L, "llama3-8b", 8030261248L, "llama3-70b", 70553706496L);
        for (var e : expected.entrySet()) {
            JsonNode m = json("models", "show", e.getKey(), "--format", "json");
            assertEquals(e.getValue(), m.get("parameters").asLong(), e.getKey());
            for (String field : List.of("id", "layers", "hidden", "intermediate", "heads", "kvHeads", "vocab")) {
                assertTrue(m.has(field), field);
            }
        }
    }

    @Test
    void versionAndHelpExitZero() {
        assertTrue(ok("--version").out().startsWith("sparsim "));
        assertTrue(ok("--help").out().contains("predict"));
    }

    @Test
    void sweepWritesCsvJsonAndMarkdown(@TempDir Path dir) throws Exception {
        CliRunner r = ok("sweep", "--hw", "nvidia-h100-sxm5-80gb", "--model", "tiny-llama", "--phase", "decode",
                "--sparsity-range", "0:0.5:0.5", "--out", dir.toString());
        assertTrue(r.out().contains("speedup") && r.out().contains("ktok/s"), r.out());
        assertEquals(3, Files.readAllLines(dir.resolve("sweep.csv")).size());
        assertTrue(Files.readString(dir.resolve("sweep.md")).contains("| hw |"));
        assertEquals(2, JSON.readTree(dir.resolve("sweep.json").toFile()).get("rows").size());
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f)), f + " is ordinary data: mode 0644");
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "the three files and no staging file");
        }
    }

    @Test
    void bareSparsimPrintsOneHintAndHelpShowsEveryDefault() {
        CliRunner bare = CliRunner.run();
        assertEquals(2, bare.code());
        assertEquals("sparsim: missing command (see 'sparsim --help')\n", bare.err());
        String help = ok("predict", "--help").out();
        for (String flag : List.of("--batch", "--seq", "--kv", "--dtype", "--fidelity", "--format", "--sparsity",
                "--seed")) {
            int at = help.indexOf("\n      " + flag + "=") + 1;
            String entry = help.substring(at, help.indexOf("\n      --", at + 1) < 0 ? help.length()
                    : help.indexOf("\n      --", at + 1));
            assertTrue(entry.contains("default") || entry.contains("Default:"), () -> flag + " shows no default: " + entry);
        }
        String sweep = ok("sweep", "--help").out();
        for (String shared : List.of("--batch", "--seq", "--kv")) {
            String d = "default " + switch (shared) {
                case "--batch" -> Flags.BATCH;
                case "--seq" -> Flags.SEQ;
                default -> Flags.KV;
            } + ")";
            int p = help.indexOf("\n      " + shared + "=");
            int s = sweep.indexOf("\n      " + shared + "=");
            assertTrue(help.substring(p, help.indexOf("\n      --", p + 1)).replace("\n", " ").replaceAll(" +", " ")
                    .contains(d) && sweep.substring(s, sweep.indexOf("\n      --", s + 1)).replace("\n", " ")
                    .replaceAll(" +", " ").contains(d), "predict and sweep share " + shared + "'s default");
        }
    }

    /** Every option that takes a value and may be left out says, in --help, what leaving it out means. */
    @Test
    void everyCommandsHelpShowsEachOptionalValuesDefault() {
        List<String> missing = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(new picocli.CommandLine(new Main()));
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.poll();
            todo.addAll(c.getSubcommands().values());
            for (picocli.CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                if (o.required() || o.usageHelp() || o.versionHelp() || o.arity().max() == 0 || o.hidden()) {
                    continue;
                }
                String name = c.getCommandSpec().qualifiedName().replaceFirst("^sparsim ?", "");
                List<String> args = new java.util.ArrayList<>(name.isEmpty() ? List.of() : List.of(name.split(" ")));
                args.add("--help");
                String help = CliRunner.run(args.toArray(String[]::new)).out();
                var at = java.util.regex.Pattern.compile("\\n(  -\\w, |      )" + o.longestName() + "=").matcher(help);
                String entry = "";
                if (at.find()) {
                    var next = java.util.regex.Pattern.compile("\\n(  -\\w, |      )--?\\w").matcher(help);
                    entry = help.substring(at.start(), next.find(at.end()) ? next.start() : help.length());
                }
                if (!entry.toLowerCase(java.util.Locale.ROOT).contains("default")) {
                    missing.add(name + " " + o.longestName());
                }
            }
        }
        assertEquals(List.of(), missing, "options whose --help says nothing of their default");
    }

    @Test
    void profilesValidateAnswersInJson() throws Exception {
        CliRunner r = CliRunner.run("profiles", "validate", "../hwprofiles/src/main/resources/io/sparsim/hwprofiles/"
                + "calibrations/intel-xeon-processor.yaml", "--format", "json");
        assertEquals(0, r.code(), r.err());
        var valid = JSON.readTree(r.out()).get("valid");
        assertEquals(1, valid.size());
        assertEquals("calibrated-intel-xeon-processor", valid.get(0).get("id").asText());
        assertEquals("cpu", valid.get(0).get("kind").asText());
    }

    @Test
    void profilesListShowsAliasesThatHwAccepts(@TempDir Path dir) {
        String list = ok("profiles", "list").out();
        assertTrue(list.contains("h100") && list.contains("wse3") && list.contains("epyc-9654"), list);
        assertTrue(ok("op", "gemm", "--hw", "epyc-9654", "--m", "8", "--n", "8", "--k", "8").out()
                .contains("amd-epyc-9654"));
    }

    @Test
    void sweepOverListsRunsEveryCombinationAndPrintsJson(@TempDir Path dir) throws Exception {
        JsonNode j = json("sweep", "--hw", "nvidia-h100-sxm5-80gb", "--model", "tiny-llama", "--phase",
                "decode,prefill", "--batch", "1,8", "--seq", "128", "--kv", "64,256", "--dtype", "bf16,fp8",
                "--pattern", "unstructured,2:4,block:16x16,omission", "--sparsity-range", "0:0.5:0.5",
                "--out", dir.toString(), "--format", "json");
        // (decode: 2 batches x 2 kv + prefill: 2 batches x 1 seq) x 2 dtypes = 12 configurations, each with
        // 4 patterns x (dense + one sparse point)
        assertEquals(12 * 4 * 2, j.get("rows").size());
        java.util.Set<String> specs = new java.util.TreeSet<>();
        j.get("rows").forEach(row -> specs.add(row.get("spec").asText()));
        assertTrue(specs.containsAll(List.of("dense", "2:4", "unstructured:0.5", "block:16x16:0.5", "omission:0.5")),
                specs.toString());
        for (JsonNode row : j.get("rows")) {
            if (row.get("sparsity").asDouble() == 0) {
                assertEquals(1.0, row.get("speedupVsDense").asDouble(), 1e-12, row.toString());
            }
        }
    }

    @Test
    void reportFlagsWriteThePageWithItsData(@TempDir Path dir) throws Exception {
        ok("sweep", "--hw", "nvidia-h100-sxm5-80gb", "--model", "tiny-llama", "--phase", "decode",
                "--sparsity-range", "0:0.5:0.5", "--out", dir.resolve("out").toString(), "--report",
                dir.resolve("sweep").toString());
        String measurements = System.getProperty("user.dir") + "/../validation/measurements";
        Path first;
        try (var s = Files.list(Path.of(measurements))) {
            first = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        ok("validate", "--measurements", first.toString(), "--report", dir.resolve("validate").toString());
        ok("plan", "serve", "--model", "tiny-llama", "--hw", "nvidia-h100-sxm5-80gb", "--input", "64", "--output",
                "16", "--report", dir.resolve("plan").toString());
        for (String page : List.of("sweep/sweep", "validate/validation", "plan/plan-serve")) {
            String html = Files.readString(dir.resolve(page + ".html"));
            assertTrue(html.contains("<svg"), page + " has its charts inline");
            assertTrue(Files.exists(dir.resolve(page + ".json")), page + ".json beside it");
        }
    }

    @Test
    void checkPrintsJson() throws Exception {
        JsonNode j = json("check", "--dir", System.getProperty("user.dir") + "/../validation/measurements",
                "--format", "json");
        assertTrue(j.get("pass").asBoolean());
        assertTrue(j.get("files").size() > 0);
    }

    @Test
    void predictTraceIsChromeTraceJson(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.json");
        ok("predict", "--hw", "nvidia-h100-sxm5-80gb", "--model", "tiny-llama", "--phase", "decode", "--kv", "64",
                "--trace", trace.toString());
        JsonNode events = JSON.readTree(trace.toFile()).get("traceEvents");
        assertTrue(events.size() > 10, "trace events");
    }
}
