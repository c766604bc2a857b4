package io.sparsim.reports.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes report files so a reader never sees a half-written one: temp file beside it, then rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes every file of {@code contents} (name to text) into {@code dir}; all are staged before any is moved. */
    public static void writeAll(Path dir, Map<String, String> contents) {
        try {
            Files.createDirectories(dir);
            Map<Path, Path> staged = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : contents.entrySet()) {
                Path tmp = Files.createTempFile(dir, "." + e.getKey(), ".tmp");
                Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
                staged.put(tmp, dir.resolve(e.getKey()));
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                move(e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir, e);
        }
    }

    /** Writes one file atomically. */
    public static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        writeAll(dir, Map.of(file.getFileName().toString(), text));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
