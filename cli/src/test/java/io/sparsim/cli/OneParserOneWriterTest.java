package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
