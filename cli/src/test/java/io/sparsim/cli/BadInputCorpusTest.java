package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: malformed profile, workload and measurement files and bad flags, each run end to
 * end through the CLI. Every case must exit 2 with nothing on stdout, exactly one stderr line that names
 * the file and line where a file's content is at fault (and no Java exception), and leave no output file.
 */
class BadInputCorpusTest {
    @TempDir
    static Path dir;

    /** One malformed input: a file (null for flag-only cases), the command, and a fragment of the one error line. */
    record Case(String name, String file, byte[] content, Function<Case, List<String>> args, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String PROFILE = """
            schema: sparsim/hwprofile/v1
            id: my-gpu
            name: a derated H100
            kind: gpu
            extends: nvidia-h100-sxm5-80gb
            gpu:
              hbm: {capacity: 80 GB, bandwidth: 3.35 TB/s}
              efficiency:
                hbm: 0.8
            sources:
              - what: efficiency.hbm
                value: "0.8"
                estimate: what-if
            """;

    static final String WORKLOAD = """
            schema: sparsim/workload/v1
            model: llama2-7b
            phase: {kind: train, batch: 8, seq: 2048}
            precision: bf16
            sparsity: dense
            schedule:
              kind: ladder
              totalSteps: 10000
              steps:
                - {until: 3000, rate: 0.6}
            """;

    static final String MEASUREMENT = """
            {
              "schema": "sparsim/measurements/v1",
              "host": {"cpuModel": "x", "cores": 2},
              "cases": [
                {
                  "id": "c1",
                  "op": "gemm",
                  "m": 1, "n": 16, "k": 32,
                  "dtype": "fp32",
                  "sparsity": "unstructured:0.7",
                  "format": "csr",
                  "threads": 2,
                  "samplesSeconds": [0.002, 0.001, 0.003],
                  "medianSeconds": 0.002,
                  "p10Seconds": 0.0012,
                  "p90Seconds": 0.0028
                }
              ]
            }
            """;

    private static final Path OUT = Path.of("out");

    /** The command that reads a file of {@code kind}: profile, workload or measurement. */
    private static Function<Case, List<String>> reader(String kind) {
        return switch (kind) {
            case "profile" -> c -> List.of("profiles", "validate", dir.resolve(c.file()).toString());
            case "workload" -> c -> List.of("predict", "--hw", "h100", "--workload", dir.resolve(c.file()).toString());
            default -> c -> List.of("validate", "--measurements", dir.resolve(c.file()).toString());
        };
    }

    /** The same, with a trace asked for: no trace may be left when the input is bad. */
    private static Function<Case, List<String>> traced(Function<Case, List<String>> command) {
        return c -> Stream.concat(command.apply(c).stream(),
                Stream.of("--trace", dir.resolve(OUT).resolve(c.file() + ".trace.json").toString())).toList();
    }

    static Case profile(String name, String text, String expected) {
        return bytes("profile", name, text.getBytes(StandardCharsets.UTF_8), expected);
    }

    static Case profileFor(String name, String text, String expected) {
        return new Case("predict with profile " + name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8),
                traced(c -> List.of("predict", "--hw", dir.resolve(c.file()).toString(), "--model", "llama2-7b",
                        "--phase", "decode")), expected);
    }

    static Case workload(String name, String text, String expected) {
        return new Case("workload " + name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8),
                traced(reader("workload")), expected);
    }

    static Case measurement(String name, String text, String expected) {
        return bytes("measurement", name, text.getBytes(StandardCharsets.UTF_8), expected);
    }

    static Case bytes(String kind, String name, byte[] content, String expected) {
        return new Case(kind + " " + name, name + (kind.equals("measurement") ? ".json" : ".yaml"), content,
                reader(kind), expected);
    }

    /** A measurement set ({@code NAME.set}) given to calibrate: the set's own errors name it and its line. */
    static Case measurementSet(String name, String text, String expected) {
        return new Case("measurement set " + name, name + ".set", text.getBytes(StandardCharsets.UTF_8),
                c -> List.of("calibrate", "--measurements", dir.resolve(c.file()).toString(), "--hw",
                        "xeon-8480plus", "--out", out("cal.yaml")), expected);
    }

    static Case flags(String name, String expected, String... args) {
        return new Case("flags " + name, null, null, c -> List.of(args), expected);
    }

    /** {@code op gemm} on h100, M = {@code m}, N = K = 8, with {@code extra} flags. */
    static Case gemm(String name, String expected, String m, String... extra) {
        return flags(name, expected, Stream.concat(Stream.of("op", "gemm", "--hw", "h100", "--m", m, "--n", "8",
                "--k", "8"), Stream.of(extra)).toArray(String[]::new));
    }

    /** {@code predict} of llama2-7b on {@code hw} in {@code phase}, with {@code extra} flags. */
    static Case predict(String name, String expected, String hw, String phase, String... extra) {
        return flags(name, expected, Stream.concat(Stream.of("predict", "--hw", hw, "--model", "llama2-7b",
                "--phase", phase), Stream.of(extra)).toArray(String[]::new));
    }

    private static String out(String name) {
        return dir.resolve(OUT).resolve(name).toString();
    }

    static String aliasBomb() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = "*" + (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9,
                    prev))).append("]\n");
        }
        return sb.toString();
    }

    static Stream<Case> corpus() {
        List<Case> cs = new ArrayList<>();
        String p = PROFILE;
        // ---- profile files
        cs.add(profile("empty", "", "expected a profile mapping"));
        cs.add(profile("blank", "\n\n   \n", "expected a profile mapping"));
        cs.add(profile("comment-only", "# nothing\n", "expected a profile mapping"));
        cs.add(profile("top-list", "- a\n- b\n", "expected a profile mapping"));
        cs.add(profile("top-scalar", "hello\n", "expected a profile mapping"));
        cs.add(profile("truncated", p.substring(0, p.indexOf("efficiency:") + 6), "expected"));
        cs.add(profile("truncated-flow", p.replace("{capacity: 80 GB, bandwidth: 3.35 TB/s}", "{capacity: 80 GB,"),
                "expected well-formed YAML"));
        cs.add(profile("bad-indent", p.replace("  efficiency:\n    hbm", "  efficiency:\nhbm"), "expected"));
        cs.add(profile("tab-indent", p.replace("  efficiency:", "\tefficiency:"), "expected well-formed YAML"));
        cs.add(profile("alias-bomb", aliasBomb(), "anchors and aliases are not accepted"));
        cs.add(profile("alias-value", p.replace("name: a derated H100", "name: &n a derated H100\nx: *n"),
                "anchors and aliases"));
        cs.add(profile("merge-key", p.replace("gpu:\n", "base: &b {sms: 1}\ngpu:\n  <<: *b\n"), "anchors and aliases"));
        cs.add(profile("duplicate-top-key", p.replace("kind: gpu\n", "kind: gpu\nkind: cpu\n"),
                "kind: expected each key once per mapping (first at line 4)"));
        cs.add(profile("duplicate-nested-key", p.replace("    hbm: 0.8\n", "    hbm: 0.8\n    hbm: 0.7\n"),
                "gpu.efficiency.hbm: expected each key once"));
        cs.add(profile("huge-number", p.replace("hbm: 0.8", "hbm: " + "9".repeat(500)), "a number of at most"));
        cs.add(profile("huge-quantity", p.replace("3.35 TB/s", "3" + "0".repeat(300) + " TB/s"), "a number of at most"));
        cs.add(profile("nan-efficiency", p.replace("hbm: 0.8", "hbm: .nan"), "gpu.efficiency.hbm"));
        cs.add(profile("nan-word", p.replace("hbm: 0.8", "hbm: NaN"), "gpu.efficiency.hbm"));
        cs.add(profile("inf-efficiency", p.replace("hbm: 0.8", "hbm: .inf"), "gpu.efficiency.hbm"));
        cs.add(profile("zero-efficiency", p.replace("hbm: 0.8", "hbm: 0"), "gpu.efficiency.hbm: expected a fraction"));
        cs.add(profile("negative-efficiency", p.replace("hbm: 0.8", "hbm: -0.5"), "gpu.efficiency.hbm"));
        cs.add(profile("efficiency-above-one", p.replace("hbm: 0.8", "hbm: 1.5"), "gpu.efficiency.hbm"));
        cs.add(profile("efficiency-text", p.replace("hbm: 0.8", "hbm: high"), "gpu.efficiency.hbm"));
        cs.add(profile("efficiency-list", p.replace("hbm: 0.8", "hbm: [0.8]"), "gpu.efficiency.hbm"));
        cs.add(profile("efficiency-map", p.replace("hbm: 0.8", "hbm: {a: 1}"), "gpu.efficiency.hbm"));
        cs.add(profile("bandwidth-no-unit", p.replace("3.35 TB/s", "3.35"), "gpu.hbm.bandwidth: expected a bandwidth"));
        cs.add(profile("bandwidth-wrong-unit", p.replace("3.35 TB/s", "3.35 GHz"), "gpu.hbm.bandwidth"));
        cs.add(profile("bandwidth-zero", p.replace("3.35 TB/s", "0 TB/s"), "greater than zero"));
        cs.add(profile("bandwidth-negative", p.replace("3.35 TB/s", "-3.35 TB/s"), "gpu.hbm.bandwidth"));
        cs.add(profile("bandwidth-tiny", p.replace("3.35 TB/s", "1e-300 TB/s"), "physically possible"));
        cs.add(profile("bandwidth-huge", p.replace("3.35 TB/s", "1e300 TB/s"), "gpu.hbm.bandwidth"));
        cs.add(profile("bandwidth-nan", p.replace("3.35 TB/s", "NaN TB/s"), "gpu.hbm.bandwidth"));
        cs.add(profile("capacity-huge", p.replace("80 GB", "1e30 GB"), "physically possible"));
        cs.add(profile("capacity-text", p.replace("80 GB", "lots"), "gpu.hbm.capacity"));
        cs.add(profile("unknown-key", p.replace("  efficiency:", "  turbo: 2\n  efficiency:"), "gpu.turbo"));
        cs.add(profile("unknown-top-key", p + "extra: 1\n", "extra"));
        cs.add(profile("wrong-schema", p.replace("hwprofile/v1", "hwprofile/v9"), "schema: expected"));
        cs.add(profile("schema-list", p.replace("schema: sparsim/hwprofile/v1", "schema: [1]"), "schema"));
        cs.add(profile("missing-schema", p.replace("schema: sparsim/hwprofile/v1\n", ""), "schema"));
        cs.add(profile("missing-id", p.replace("id: my-gpu\n", ""), "id"));
        cs.add(profile("id-null", p.replace("id: my-gpu", "id: ~"), "id"));
        cs.add(profile("wrong-kind", p.replace("kind: gpu", "kind: tpu"), "kind"));
        cs.add(profile("kind-mismatch", p.replace("kind: gpu", "kind: cpu"), "expected"));
        cs.add(profile("extends-unknown", p.replace("extends: nvidia-h100-sxm5-80gb", "extends: nvidia-h900"),
                "extends: expected a parent profile id"));
        cs.add(profile("extends-self", p.replace("extends: nvidia-h100-sxm5-80gb", "extends: my-gpu"), "extends"));
        cs.add(profile("no-parent", p.replace("extends: nvidia-h100-sxm5-80gb\n", ""), "gpu."));
        cs.add(profile("sources-scalar", p.substring(0, p.indexOf("sources:")) + "sources: none\n", "sources"));
        cs.add(profile("source-without-citation", p.replace("    estimate: what-if\n", ""), "sources[0]"));
        cs.add(profile("deep-nesting", p.replace("hbm: 0.8", "hbm: " + "[".repeat(60) + "]".repeat(60)),
                "levels of nesting"));
        cs.add(profile("long-string", p.replace("a derated H100", "x".repeat(20000)), "at most 16384 characters"));
        cs.add(profile("two-documents", p + "---\nschema: x\n", "a single YAML document"));
        cs.add(profile("unclosed-list", "schema: sparsim/hwprofile/v1\nid: [unclosed\nname: x\n", "expected well-formed"));
        cs.add(bytes("profile", "nul-bytes", (p + "\0\0\0").getBytes(StandardCharsets.UTF_8), "binary"));
        cs.add(bytes("profile", "binary", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0},
                "UTF-8 text"));
        cs.add(bytes("profile", "latin1", "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1), "UTF-8 text"));
        cs.add(bytes("profile", "control-char", "schema: \u0007\n".getBytes(StandardCharsets.UTF_8),
                "expected well-formed YAML"));
        cs.add(profileFor("bandwidth-tiny", p.replace("3.35 TB/s", "1e-30 TB/s"), "physically possible"));
        cs.add(profileFor("duplicate-key", p.replace("kind: gpu\n", "kind: gpu\nkind: gpu\n"), "each key once"));
        cs.add(profileFor("truncated", p.substring(0, 40), "expected"));
        // ---- workload files
        String w = WORKLOAD;
        cs.add(workload("empty", "", "expected a mapping starting 'schema: sparsim/workload/v1'"));
        cs.add(workload("list", "- 1\n", "expected a mapping starting"));
        cs.add(workload("truncated", w.substring(0, w.indexOf("steps:") + 10), "expected"));
        cs.add(workload("alias", w.replace("batch: 8", "batch: &b 8").replace("seq: 2048", "seq: *b"),
                "anchors and aliases"));
        cs.add(workload("alias-bomb", "schema: sparsim/workload/v1\n" + aliasBomb(), "anchors and aliases"));
        cs.add(workload("duplicate-key", w.replace("model: llama2-7b\n", "model: llama2-7b\nmodel: llama2-13b\n"),
                "model: expected each key once"));
        cs.add(workload("wrong-schema", w.replace("workload/v1", "workload/v0"), "schema"));
        cs.add(workload("unknown-model", w.replace("llama2-7b", "llama9-7b"), "model"));
        cs.add(workload("model-number", w.replace("model: llama2-7b", "model: 7"), "model"));
        cs.add(workload("unknown-phase", w.replace("kind: train", "kind: serve"), "phase.kind"));
        cs.add(workload("phase-scalar", w.replace("{kind: train, batch: 8, seq: 2048}", "train"), "phase"));
        cs.add(workload("batch-zero", w.replace("batch: 8", "batch: 0"), "phase.batch"));
        cs.add(workload("batch-negative", w.replace("batch: 8", "batch: -8"), "phase.batch"));
        cs.add(workload("batch-huge", w.replace("batch: 8", "batch: 99999999999999999999"), "phase.batch"));
        cs.add(workload("batch-float", w.replace("batch: 8", "batch: 8.5"), "phase.batch"));
        cs.add(workload("batch-nan", w.replace("batch: 8", "batch: .nan"), "phase.batch"));
        cs.add(workload("batch-text", w.replace("batch: 8", "batch: eight"), "phase.batch"));
        cs.add(workload("seq-zero", w.replace("seq: 2048", "seq: 0"), "phase.seq"));
        cs.add(workload("seq-huge-number", w.replace("seq: 2048", "seq: " + "1".repeat(200)), "a number of at most"));
        cs.add(workload("kv-in-train", w.replace("seq: 2048}", "seq: 2048, kv: 9}"), "phase.kv"));
        cs.add(workload("bad-precision", w.replace("precision: bf16", "precision: fp4"), "precision"));
        cs.add(workload("bad-sparsity", w.replace("sparsity: dense", "sparsity: unstructured:1.5"), "sparsity"));
        cs.add(workload("nm-reversed", w.replace("sparsity: dense", "sparsity: 4:2"), "sparsity"));
        cs.add(workload("nm-zero", w.replace("sparsity: dense", "sparsity: 0:4"), "sparsity"));
        cs.add(workload("sparsity-nan", w.replace("sparsity: dense", "sparsity: unstructured:NaN"), "sparsity"));
        cs.add(workload("sparsity-empty-term", w.replace("sparsity: dense", "sparsity: 2:4+"), "sparsity"));
        cs.add(workload("sparsity-unknown-layer", w.replace("sparsity: dense", "sparsity: ffn=2:4"), "sparsity"));
        cs.add(workload("unknown-key", w + "extra: 1\n", "extra"));
        cs.add(workload("schedule-kind", w.replace("kind: ladder", "kind: step"), "schedule.kind"));
        cs.add(workload("schedule-rate", w.replace("rate: 0.6", "rate: 1.5"), "schedule.steps[0].rate"));
        cs.add(workload("schedule-until-text", w.replace("until: 3000", "until: soon"), "schedule.steps[0].until"));
        cs.add(workload("schedule-steps-map", w.replace("  steps:\n    - {until: 3000, rate: 0.6}\n", "  steps: {}\n"),
                "schedule.steps"));
        cs.add(workload("schedule-total-zero", w.replace("totalSteps: 10000", "totalSteps: 0"), "schedule.totalSteps"));
        cs.add(bytes("workload", "binary", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, "UTF-8 text"));
        cs.add(bytes("workload", "nul", ("schema: sparsim/workload/v1\n\0").getBytes(StandardCharsets.UTF_8), "binary"));
        // ---- measurement files
        String m = MEASUREMENT;
        cs.add(measurement("empty", "", "expected a JSON object with schema, host and cases"));
        cs.add(measurement("array", "[]", "expected"));
        cs.add(measurement("truncated", m.substring(0, m.length() / 2), "expected well-formed JSON"));
        cs.add(measurement("trailing-comma", m.replace("\"p90Seconds\": 0.0028", "\"p90Seconds\": 0.0028,"),
                "expected well-formed JSON"));
        cs.add(measurement("two-objects", m + m, "a single JSON document"));
        cs.add(measurement("duplicate-field", m.replace("\"op\": \"gemm\",", "\"op\": \"gemm\", \"op\": \"gemm\","),
                "cases[0].op: expected each key once"));
        cs.add(measurement("no-cases", m.replace(m.substring(m.indexOf("["), m.lastIndexOf("]") + 1), "[]"),
                "cases: expected at least one measured case"));
        cs.add(measurement("cases-object", m.replace(m.substring(m.indexOf("["), m.lastIndexOf("]") + 1), "{}"),
                "cases"));
        cs.add(measurement("wrong-schema", m.replace("measurements/v1", "measurements/v2"), "schema"));
        cs.add(measurement("unknown-field", m.replace("\"threads\": 2,", "\"threads\": 2, \"thread\": 3,"),
                "cases[0].thread"));
        cs.add(measurement("m-float", m.replace("\"m\": 1,", "\"m\": 1.5,"), "cases[0].m"));
        cs.add(measurement("m-zero", m.replace("\"m\": 1,", "\"m\": 0,"), "cases[0].m"));
        cs.add(measurement("m-huge", m.replace("\"m\": 1,", "\"m\": 99999999999999999999,"), "cases[0].m"));
        cs.add(measurement("m-string", m.replace("\"m\": 1,", "\"m\": \"1\","), "cases[0].m"));
        cs.add(measurement("long-number", m.replace("\"m\": 1,", "\"m\": " + "1".repeat(2000) + ","),
                "a number of at most"));
        cs.add(measurement("nan-median", m.replace("\"medianSeconds\": 0.002", "\"medianSeconds\": NaN"),
                "expected well-formed JSON"));
        cs.add(measurement("negative-sample", m.replace("[0.002, 0.001, 0.003]", "[0.002, -0.001, 0.003]"),
                "cases[0].samplesSeconds[1]"));
        cs.add(measurement("huge-sample", m.replace("[0.002, 0.001, 0.003]", "[0.002, 1e999, 0.003]"),
                "cases[0].samplesSeconds[1]"));
        cs.add(measurement("empty-samples", m.replace("[0.002, 0.001, 0.003]", "[]"), "cases[0].samplesSeconds"));
        cs.add(measurement("median-outside", m.replace("\"medianSeconds\": 0.002", "\"medianSeconds\": 9"),
                "cases[0].p90Seconds: expected at least medianSeconds"));
        cs.add(measurement("bad-sparsity", m.replace("unstructured:0.7", "unstructured:7"), "cases[0].sparsity"));
        cs.add(measurement("targeted-sparsity", m.replace("unstructured:0.7", "mlp=2:4"), "cases[0].sparsity"));
        cs.add(measurement("bad-format", m.replace("\"csr\"", "\"coo\""), "cases[0].format"));
        cs.add(measurement("bad-op", m.replace("\"gemm\"", "\"conv\""), "cases[0].op"));
        cs.add(measurement("threads-negative", m.replace("\"threads\": 2", "\"threads\": -2"), "cases[0].threads"));
        cs.add(measurement("host-null", m.replace("\"cores\": 2", "\"cores\": null"), "host.cores"));
        cs.add(measurement("deep", "{\"schema\": " + "[".repeat(100) + "]".repeat(100) + "}", "nesting"));
        cs.add(bytes("measurement", "binary", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, "UTF-8 text"));
        cs.add(bytes("measurement", "utf16", "{\"a\": 1}".getBytes(StandardCharsets.UTF_16), "UTF-8 text"));
        cs.add(measurementSet("missing-file", "# the set\nno-such-run.json\n",
                "file: expected a measurement file beside the set, got 'no-such-run.json'"));
        cs.add(measurementSet("comments-only", "# nothing listed\n\n", "expected at least one measurement file"));
        // ---- flags
        cs.add(flags("bare predict", "Missing required option", "predict"));
        cs.add(gemm("m zero", "--m: expected a positive integer", "0"));
        cs.add(gemm("m negative", "--m: expected a positive integer", "-4"));
        cs.add(flags("m huge", "--m: expected a positive integer up to", "op", "gemm", "--hw", "h100", "--m",
                "1000000000", "--n", "1000000000", "--k", "1000000000"));
        cs.add(gemm("m overflow", "--m", "99999999999999999999"));
        cs.add(gemm("m non-numeric", "--m", "eight"));
        cs.add(gemm("sparsity nan", "--sparsity", "8", "--sparsity", "unstructured:NaN"));
        cs.add(gemm("sparsity huge N:M", "--sparsity", "8", "--sparsity", "1:99999999999"));
        cs.add(gemm("dtype", "--dtype", "8", "--dtype", "fp4"));
        cs.add(gemm("fidelity", "--fidelity", "8", "--fidelity", "exact"));
        cs.add(predict("hw unknown", "hw: expected a profile id or alias", "h900", "decode"));
        cs.add(predict("hw empty", "hw", "", "decode"));
        cs.add(flags("model unknown", "--model", "predict", "--hw", "h100", "--model", "gpt-5", "--phase", "decode"));
        cs.add(predict("phase unknown", "--phase", "h100", "serve"));
        cs.add(predict("batch zero", "--batch", "h100", "decode", "--batch", "0"));
        cs.add(predict("batch negative", "--batch", "h100", "decode", "--batch", "-1"));
        cs.add(predict("batch non-numeric", "--batch", "h100", "decode", "--batch", "many"));
        cs.add(predict("batch overflow", "--batch", "h100", "decode", "--batch", "3000000000"));
        cs.add(predict("kv zero", "--kv", "h100", "decode", "--kv", "0"));
        cs.add(predict("kv with prefill", "--kv", "h100", "prefill", "--kv", "9"));
        cs.add(predict("seq and kv with decode", "--seq", "h100", "decode", "--seq", "9", "--kv", "9"));
        cs.add(predict("systems zero", "--systems", "wse3", "decode", "--systems", "0"));
        cs.add(predict("mode unknown", "--mode", "wse3", "decode", "--mode", "teleport"));
        cs.add(flags("workload missing", "expected an existing file", "predict", "--hw", "h100", "--workload",
                "no-such-workload.yaml"));
        cs.add(predict("trace into a folder", "--trace: expected a file path, not a folder", "h100", "decode",
                "--trace", System.getProperty("java.io.tmpdir")));
        cs.add(predict("trace in a missing folder", "--trace: expected a path in an existing folder", "h100",
                "decode", "--trace", out("missing/t.json")));
        cs.add(flags("sweep out is a file", "--out: expected a folder, not a file", "sweep", "--out",
                dir.resolve("afile").toString()));
        cs.add(flags("sweep out under a file", "--out: expected a path in a folder", "sweep", "--out",
                dir.resolve("afile").resolve("sub").toString()));
        cs.add(flags("sweep tiny step", "(at most 1000 steps)", "sweep", "--sparsity-range",
                "0:0.9:0.0000001", "--out", out("s1")));
        cs.add(flags("sweep too many points", "--sparsity-range: expected at most 2000 simulations", "sweep", "--hw",
                "h100,a100,h200,wse2,wse3,epyc-9654,xeon-8480plus", "--sparsity-range", "0:0.9:0.001", "--out",
                out("s2")));
        cs.add(flags("sweep negative step", "--sparsity-range", "sweep", "--sparsity-range", "0:0.9:-0.1", "--out",
                out("s3")));
        cs.add(flags("sweep nan range", "--sparsity-range", "sweep", "--sparsity-range", "NaN:0.5:0.1", "--out",
                out("s4")));
        cs.add(flags("sweep batch zero", "batch", "sweep", "--batch", "0", "--out", out("s5")));
        cs.add(flags("sweep unknown phase", "--phase", "sweep", "--phase", "serve", "--out", out("s6")));
        cs.add(flags("sweep unknown hw", "hw", "sweep", "--hw", "h100,nope", "--out", out("s7")));
        cs.add(flags("sweep bad pattern", "--pattern", "sweep", "--pattern", "block:0x0", "--out", out("s8")));
        cs.add(flags("validate tolerance negative", "--tolerance", "validate", "--tolerance", "-1", "--measurements",
                "x.json"));
        cs.add(flags("validate missing file", "expected an existing file", "validate", "--measurements",
                "no-such.json"));
        cs.add(flags("validate a folder", "expected a file, got 'a folder'", "validate", "--measurements",
                System.getProperty("java.io.tmpdir")));
        cs.add(flags("check empty folder", "--dir: expected a folder holding measurement files", "check", "--dir",
                dir.resolve(OUT).toString()));
        cs.add(flags("calibrate out is a folder", "--out: expected a file path, not a folder", "calibrate",
                "--measurements", "x.json", "--out", System.getProperty("java.io.tmpdir")));
        cs.add(flags("calibrate references as json", "--format: expected table with --references", "calibrate",
                "--references", "--format", "json"));
        cs.add(flags("paths A/B with an output file", "--out: expected no value with --paths-ab", "measure",
                "--backend", "cpu", "--paths-ab", "--out", dir.resolve("ab.json").toString()));
        cs.add(flags("paths A/B on the gpu backend", "--paths-ab: expected no value with --backend gpu", "measure",
                "--backend", "gpu", "--paths-ab"));
        cs.add(flags("format unknown", "--format", "models", "show", "llama2-7b", "--format", "xml"));
        cs.add(predict("unknown option", "Unknown option", "h100", "decode", "--turbo"));
        cs.add(flags("unknown command", "Unmatched argument", "simulate"));
        cs.add(flags("profiles show unknown", "hw: expected a profile id or alias", "profiles", "show", "h900"));
        return cs.stream();
    }

    @Test
    void theCorpusHoldsAtLeastAHundredDistinctInputs() {
        Set<String> seen = new HashSet<>();
        for (Case c : corpus().toList()) {
            assertTrue(seen.add(c.name() + "|" + (c.content() == null ? String.join(" ", c.args().apply(c))
                    : new String(c.content(), StandardCharsets.ISO_8859_1))), "duplicate case " + c.name());
        }
        assertTrue(seen.size() >= 100, "corpus size " + seen.size());
    }

    private static final Pattern FILE_LINE = Pattern.compile("sparsim: \\S+:\\d+: .*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void exitsTwoWithOneLineAndNoOutput(Case c) throws IOException {
        Files.createDirectories(dir.resolve(OUT));
        Files.writeString(dir.resolve("afile"), "x");
        if (c.file() != null) {
            Files.write(dir.resolve(c.file()), c.content());
        }
        CliRunner r = CliRunner.run(c.args().apply(c).toArray(String[]::new));
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
        String err = r.err();
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "one line: " + err);
        assertTrue(err.contains(c.expected()), () -> "expected '" + c.expected() + "' in: " + err);
        assertFalse(err.matches("(?s).*(Exception|java\\.|\\tat ).*"), () -> "names a Java exception: " + err);
        boolean wholeFile = err.contains("expected an existing file") || err.contains("at least one measured case")
                || err.contains("at least one measurement file");
        if (c.file() != null && !wholeFile) {
            String line = err.strip();
            assertTrue(line.startsWith("sparsim: " + dir.resolve(c.file()) + ":"), () -> "names the file: " + line);
            assertTrue(FILE_LINE.matcher(line).matches(), () -> "file:line: " + line);
        }
        try (Stream<Path> left = Files.list(dir.resolve(OUT))) {
            assertEquals(List.of(), left.toList(), "no output file left");
        }
    }
}
