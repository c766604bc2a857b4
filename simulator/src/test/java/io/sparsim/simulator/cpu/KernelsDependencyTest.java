package io.sparsim.simulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The simulator reads the kernels' geometry only, never the Vector API kernels themselves (DESIGN.md arrows). */
class KernelsDependencyTest {
    /** The kernels' Vector-API-free shared types: geometry, ids and the probed inner paths. */
    private static final Set<String> ALLOWED = Set.of("io.sparsim.kernels.KernelGeometry", "io.sparsim.kernels.KernelId",
            "io.sparsim.kernels.KernelPaths");

    @Test
    void simulatorImportsOnlyKernelGeometryAndKernelId() throws Exception {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the simulator module: " + main.toAbsolutePath());
        List<String> offending;
        try (Stream<Path> files = Files.walk(main)) {
            offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().map(String::strip)
                            .filter(l -> l.contains("io.sparsim.kernels.") || l.contains("jdk.incubator.vector"))
                            .filter(l -> !(l.startsWith("import ") && ALLOWED.contains(
                                    l.substring("import ".length(), l.length() - 1))))
                            .filter(l -> l.startsWith("import ") || !l.startsWith("*") && !l.startsWith("//"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offending);
    }
}
