package io.sparsim.core.files;

import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks of output paths, made before any work starts, so a bad {@code --out} is an error in the first
 * millisecond and not after a whole sweep. Each error names the path as the user gave it.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code file} (given with {@code flag}) can be written: its folder exists and is writable, it is no folder. */
    public static void checkFile(String flag, Path file) {
        String shown = file.toString();
        if (shown.isBlank()) {
            throw new BadInputException(flag, "a file path", shown);
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(flag, "a file path, not a folder", shown);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new BadInputException(flag, "a writable file (permission denied)", shown);
        }
        Path parent = file.toAbsolutePath().getParent();
        checkParent(flag, shown, parent);
    }

    /**
     * {@code dir} (given with {@code flag}) can hold output files: an existing writable folder, or a new one
     * whose nearest existing ancestor is a writable folder (missing folders are created, as {@code mkdir -p}).
     */
    public static void checkFolder(String flag, Path dir) {
        String shown = dir.toString();
        if (shown.isBlank()) {
            throw new BadInputException(flag, "a folder path", shown);
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException(flag, "a folder, not a file", shown);
            }
            if (!Files.isWritable(dir)) {
                throw new BadInputException(flag, "a writable folder (permission denied)", shown);
            }
            return;
        }
        Path ancestor = dir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null) {
            checkParent(flag, shown, ancestor);
        }
    }

    private static void checkParent(String flag, String shown, Path parent) {
        if (parent == null) {
            return;
        }
        if (!Files.exists(parent)) {
            throw new BadInputException(flag, "a path in an existing folder (" + parent + " does not exist)", shown);
        }
        if (!Files.isDirectory(parent)) {
            throw new BadInputException(flag, "a path in a folder (" + parent + " is a file)", shown);
        }
        if (!Files.isWritable(parent)) {
            throw new BadInputException(flag, "a path in a writable folder (" + parent + ": permission denied)",
                    shown);
        }
    }

    /** A short reason for an I/O failure, without the Java exception's name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "an I/O error" : e.getMessage();
    }
}
