package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.validation.measure.MeasurementReader;
import io.sparsim.workloads.WorkloadLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the profile, workload and measurement readers with mutated valid files: characters inserted,
 * deleted or replaced, YAML/JSON tokens spliced in (anchors, aliases, brackets, tabs, NaN, huge numbers,
 * NUL), truncation. Whatever the input, a reader returns a value or throws BadInputException; any other
 * exception (a crash) fails the property, and jqwik shrinks it to a small reproducer.
 */
class ReaderFuzzTest {
    private static final List<String> TOKENS = List.of(":", ": ", "- ", "&a ", "*a", "<<: *a", "{", "}", "[", "]",
            ",", "\t", "\n", "  ", "\"", "'", "#", "~", "null", "NaN", ".nan", ".inf", "-1", "0", "1e999",
            "9".repeat(60), "\0", "\u00e9", "\uFEFF", "---\n", "!!binary ", "? ", "|\n", ">\n", "%YAML 1.1\n");

    /** One edit of a text: {@code kind} 0 insert token, 1 delete a run, 2 replace a char, 3 truncate. */
    record Edit(int kind, double at, int token, int length) {
        String apply(String s) {
            int i = (int) (at * s.length());
            return switch (kind) {
                case 0 -> s.substring(0, i) + TOKENS.get(token) + s.substring(i);
                case 1 -> s.substring(0, i) + s.substring(Math.min(s.length(), i + length));
                case 2 -> i < s.length() ? s.substring(0, i) + TOKENS.get(token) + s.substring(i + 1) : s;
                default -> s.substring(0, i);
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, TOKENS.size() - 1),
                Arbitraries.integers().between(1, 40)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(6);
    }

    private static String mutate(String text, List<Edit> edits) {
        String s = text;
        for (Edit e : edits) {
            s = e.apply(s);
        }
        return s;
    }

    private static void onlyBadInput(Runnable read) {
        try {
            read.run();
        } catch (BadInputException expected) {
            // the one exception a reader may throw for bad input
        }
    }

    @Property(tries = 300)
    void profileReaderThrowsOnlyBadInput(@ForAll("edits") List<Edit> edits) throws Exception {
        Path f = Files.createTempFile("fuzz", ".yaml");
        try {
            Files.writeString(f, mutate(BadInputCorpusTest.PROFILE, edits), StandardCharsets.UTF_8);
            onlyBadInput(() -> ProfileRegistry.bundled().load(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 300)
    void profileJsonReaderThrowsOnlyBadInput(@ForAll("edits") List<Edit> edits) throws Exception {
        Path f = Files.createTempFile("fuzz", ".json");
        String json = "{\"schema\": \"sparsim/hwprofile/v1\", \"id\": \"x\", \"name\": \"x\", \"kind\": \"gpu\", "
                + "\"extends\": \"nvidia-h100-sxm5-80gb\", \"gpu\": {\"efficiency\": {\"hbm\": 0.8}},\n"
                + "\"sources\": [{\"what\": \"efficiency.hbm\", \"value\": \"0.8\", \"estimate\": \"x\"}]}";
        try {
            Files.writeString(f, mutate(json, edits), StandardCharsets.UTF_8);
            onlyBadInput(() -> ProfileRegistry.bundled().load(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 400)
    void workloadReaderThrowsOnlyBadInput(@ForAll("edits") List<Edit> edits) {
        onlyBadInput(() -> WorkloadLoader.bundled().parse("w.yaml", mutate(BadInputCorpusTest.WORKLOAD, edits)));
    }

    @Property(tries = 400)
    void measurementReaderThrowsOnlyBadInput(@ForAll("edits") List<Edit> edits) {
        onlyBadInput(() -> new MeasurementReader().read(mutate(BadInputCorpusTest.MEASUREMENT, edits), "m.json"));
    }
}
