package io.sparsim.core.files;

import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one writer of output files. A reader never sees a half-written file: each file is staged beside its
 * target and renamed into place. Files are ordinary data, mode 0644 (a staged temp file is owner-only).
 * Several files are replaced as a set: all are staged before any is moved, and if one move fails the
 * files already moved are put back as they were. Staging files are removed after an error, and by a
 * shutdown hook if the process is interrupted while writing.
 */
public final class AtomicFiles {
    /** Mode of every file written: read-write for the owner, readable by all. */
    public static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String STAGING = ".sparsim-staging";

    private AtomicFiles() {
    }

    /** Writes one file. */
    public static void write(Path file, String text) {
        writeAll(Map.of(file, text));
    }

    /** Writes every file of {@code contents} (name to text) into {@code dir}, creating the folder if needed. */
    public static void writeAll(Path dir, Map<String, String> contents) {
        Map<Path, String> files = new LinkedHashMap<>();
        contents.forEach((name, text) -> files.put(dir.resolve(name), text));
        writeAll(files);
    }

    /**
     * Replaces all {@code files} (path to text) as a set: either all are written or none is changed. Missing
     * folders are created (the CLI refuses a missing folder before any work, with the flag's name).
     */
    public static void writeAll(Map<Path, String> files) {
        for (Path p : files.keySet()) {
            try {
                Files.createDirectories(p.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw cannotWrite(p, e);
            }
        }
        List<Path> staged = new ArrayList<>();
        List<Path[]> replaced = new ArrayList<>();
        Thread cleanup = new Thread(() -> staged.forEach(AtomicFiles::deleteQuietly));
        boolean hooked = addHook(cleanup);
        try {
            Map<Path, Path> moves = new LinkedHashMap<>();
            for (Map.Entry<Path, String> e : files.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                Path tmp = stage(target, e.getValue(), staged);
                moves.put(tmp, target);
            }
            for (Map.Entry<Path, Path> m : moves.entrySet()) {
                Path target = m.getValue();
                Path backup = null;
                try {
                    if (Files.exists(target)) {
                        backup = Files.createTempFile(target.getParent(), "." + target.getFileName(), STAGING);
                        staged.add(backup);
                        move(target, backup);
                    }
                    move(m.getKey(), target);
                    replaced.add(new Path[] {target, backup});
                } catch (IOException e) {
                    if (backup != null && Files.exists(backup) && !Files.exists(target)) {
                        moveQuietly(backup, target);
                    }
                    restore(replaced);
                    throw cannotWrite(target, e);
                }
            }
        } finally {
            staged.forEach(AtomicFiles::deleteQuietly);
            if (hooked) {
                removeHook(cleanup);
            }
        }
    }

    private static Path stage(Path target, String text, List<Path> staged) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), STAGING);
            staged.add(tmp);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, MODE);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the platform's default permissions apply
            }
            return tmp;
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    /** Puts back the files replaced before a later move failed: the previous content, or no file. */
    private static void restore(List<Path[]> replaced) {
        for (Path[] r : replaced) {
            if (r[1] != null) {
                moveQuietly(r[1], r[0]);
            } else {
                deleteQuietly(r[0]);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void moveQuietly(Path from, Path to) {
        try {
            move(from, to);
        } catch (IOException e) {
            // the first error is the one to report
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the first error is the one to report
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // already shutting down: the finally block cleans up
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs and finds nothing left
        }
    }

    static BadInputException cannotWrite(Path path, IOException e) {
        return new BadInputException(null, "a writable path", OutputPaths.reason(e)).at(path.toString(), 0);
    }
}
