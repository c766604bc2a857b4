package io.sparsim.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesFilesWithMode0644AndNoStagingLeft(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, "{}\n");
        assertEquals("{}\n", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        AtomicFiles.writeAll(dir.resolve("sub"), Map.of("x.csv", "1", "y.md", "2"));
        assertEquals("rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/x.csv"))));
        assertEquals(List.of("a.json", "sub"), names(dir));
        assertEquals(List.of("x.csv", "y.md"), names(dir.resolve("sub")));
    }

    @Test
    void aFailedSetLeavesTheOldFilesAndNoStaging(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Files.writeString(a, "old a");
        Path blocker = dir.resolve("b.json");
        Files.createDirectories(blocker.resolve("inner")); // a non-empty folder cannot be replaced by a file
        Map<Path, String> set = new LinkedHashMap<>();
        set.put(a, "new a");
        set.put(blocker, "new b");
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.writeAll(set));
        assertTrue(e.getMessage().startsWith(blocker.toAbsolutePath() + ": expected a writable path"), e.getMessage());
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of("a.csv", "b.json"), names(dir));
    }

    @Test
    void createsMissingFolders(@TempDir Path dir) throws Exception {
        AtomicFiles.write(dir.resolve("a/b/c.txt"), "x");
        assertEquals("x", Files.readString(dir.resolve("a/b/c.txt")));
    }

    @Test
    void aFailedSetLeavesNoNewFiles(@TempDir Path dir) throws Exception {
        Map<Path, String> set = new LinkedHashMap<>();
        set.put(dir.resolve("a.csv"), "a");
        Files.writeString(dir.resolve("afile"), "x");
        set.put(dir.resolve("afile/b.csv"), "b");
        assertThrows(BadInputException.class, () -> AtomicFiles.writeAll(set));
        assertEquals(List.of("afile"), names(dir));
    }
}
