package io.sparsim.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sparsim.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
    private static String fileError(Path p) {
        return assertThrows(BadInputException.class, () -> OutputPaths.checkFile("--trace", p)).getMessage();
    }

    private static String folderError(Path p) {
        return assertThrows(BadInputException.class, () -> OutputPaths.checkFolder("--out", p)).getMessage();
    }

    @Test
    void fileChecks(@TempDir Path dir) throws Exception {
        OutputPaths.checkFile("--trace", dir.resolve("t.json"));
        assertEquals("--trace: expected a file path, not a folder, got '" + dir + "'", fileError(dir));
        assertEquals("--trace: expected a path in an existing folder (" + dir.resolve("no") + " does not exist), got '"
                + dir.resolve("no/t.json") + "'", fileError(dir.resolve("no/t.json")));
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals("--trace: expected a path in a folder (" + file + " is a file), got '" + file.resolve("t.json")
                + "'", fileError(file.resolve("t.json")));
    }

    @Test
    void folderChecks(@TempDir Path dir) throws Exception {
        OutputPaths.checkFolder("--out", dir);
        OutputPaths.checkFolder("--out", dir.resolve("new"));
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertEquals("--out: expected a folder, not a file, got '" + file + "'", folderError(file));
        OutputPaths.checkFolder("--out", dir.resolve("a/b"));
        assertEquals("--out: expected a path in a folder (" + file + " is a file), got '" + file.resolve("a/b") + "'",
                folderError(file.resolve("a/b")));
    }

    @Test
    void permissionDenied(@TempDir Path dir) throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertEquals("--out: expected a writable folder (permission denied), got '" + ro + "'", folderError(ro));
    }
}
