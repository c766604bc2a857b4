package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reader parses with core's TreeParser and every writer writes with core's AtomicFiles: the old copies are gone. */
class OneParserOneWriterTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "io.sparsim.hwprofiles.Node", "io.sparsim.hwprofiles.TreeParser", "io.sparsim.workloads.YamlTree",
        "io.sparsim.validation.measure.JsonTree", "io.sparsim.reports.io.AtomicFiles",
        "io.sparsim.validation.measure.AtomicWrite",
        "io.sparsim.validation.measure.SparsitySpecs"})
    void oldParsersAndWritersAreGone(String name) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(name));
    }

    /** Writing a file or parsing a tree anywhere but core.files and core.tree. */
    private static final Pattern OWN_IO = Pattern.compile("\\bFiles\\.(write|newOutputStream|newBufferedWriter"
            + "|createTempFile)|FileOutputStream|FileWriter|readTree\\(|createParser\\(|new Yaml\\(");

    @Test
    void noSourceOutsideCoreWritesFilesOrParsesTreesItself() throws IOException {
        Path root = Path.of("..");
        List<String> found;
        try (Stream<Path> files = Files.walk(root, 12)) {
            found = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/core/src/main/java/io/sparsim/core/files/")
                            && !p.toString().contains("/core/src/main/java/io/sparsim/core/tree/"))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream().filter(l -> OWN_IO.matcher(l).find())
                                    .map(l -> root.relativize(p) + ": " + l.strip());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        assertEquals(List.of(), found, "write with core.files.AtomicFiles, parse with core.tree.TreeParser");
    }
}
