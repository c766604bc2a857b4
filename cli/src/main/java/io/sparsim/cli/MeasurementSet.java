package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.TreeParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement files named as a set: a {@code NAME.set} file lists one measurement file per line (relative to its
 * own folder; {@code #} starts a comment). A calibration fitted on a set cites the set's name, so a committed
 * profile's provenance names one file under validation/measurements/ that lists the runs, not the runs.
 *
 * @param files     every measurement file: those of the sets, then the loose ones, in the order given
 * @param citation  how the fit names its inputs: sets by file name with their size, loose files by name
 */
record MeasurementSet(List<Path> files, String citation) {
    static final String SUFFIX = ".set";

    /** {@code args} with each {@code *.set} replaced by the files it lists. */
    static MeasurementSet expand(List<Path> args) {
        List<Path> files = new ArrayList<>();
        List<String> cited = new ArrayList<>();
        for (Path a : args) {
            String name = a.getFileName() == null ? a.toString() : a.getFileName().toString();
            if (!name.endsWith(SUFFIX)) {
                files.add(a);
                cited.add(name);
                continue;
            }
            List<Path> listed = read(a);
            files.addAll(listed);
            cited.add("the measurement set " + a + " (" + listed.size() + " file" + (listed.size() == 1 ? "" : "s")
                    + ")");
        }
        return new MeasurementSet(List.copyOf(files), String.join(", ", cited));
    }

    private static List<Path> read(Path set) {
        String text = TreeParser.readText(set, set.toString());
        Path dir = set.toAbsolutePath().getParent();
        List<Path> listed = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            Path f = dir.resolve(line).normalize();
            if (!Files.isRegularFile(f)) {
                throw new BadInputException("file", "a measurement file beside the set", line)
                        .at(set.toString(), i + 1);
            }
            listed.add(f);
        }
        if (listed.isEmpty()) {
            // a fit must not run on nothing
            throw new BadInputException("files", "at least one measurement file listed", "none").at(set.toString(), 0);
        }
        return listed;
    }
}
