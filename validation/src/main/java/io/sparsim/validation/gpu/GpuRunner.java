package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import io.sparsim.validation.measure.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and starts the Python GPU runner ({@value #SCRIPT}). Library code: output lines go to a
 * {@code Consumer<String>}; nothing is printed here.
 *
 * <p>The script is found, in order, at {@code $SPARSIM_GPU_RUNNER}, under {@code $SPARSIM_HOME} (the launcher sets
 * it to the repository root), as a classpath resource (extracted to a temporary file), or under the working
 * directory ({@code validation/src/main/python} or {@code src/main/python}, for tests run from a module folder).
 * The interpreter is {@code $SPARSIM_PYTHON} when set, else the first of {@code /usr/bin/python3} and
 * {@code python3} that can import torch (with CUDA, when CUDA is asked for): Debian's {@code python3-torch} lives
 * under {@code /usr/bin/python3}, which need not be the {@code python3} on the PATH.
 */
public final class GpuRunner {
    public static final String SCRIPT = "sparsim_gpu_runner.py";
    /** Where the build may place the script on the classpath. */
    public static final String RESOURCE = "/io/sparsim/validation/gpu/" + SCRIPT;
    private static final long PROBE_SECONDS = 120;
    private static final Pattern PROBE = Pattern.compile("SPARSIM_TORCH (\\S+) (True|False)");

    private GpuRunner() {
    }

    /** An interpreter that imports torch: its command, torch version and whether torch sees a CUDA device. */
    public record Interpreter(String command, String torchVersion, boolean cuda) {
    }

    /** Interpreter commands to try, in order. */
    public static List<String> candidates(Map<String, String> env) {
        String forced = env.get("SPARSIM_PYTHON");
        if (forced != null && !forced.isBlank()) {
            return List.of(forced);
        }
        return List.of("/usr/bin/python3", "python3");
    }

    /** Runs {@code command -c 'import torch'}; empty when it cannot import torch (or does not exist). */
    public static Optional<Interpreter> probe(String command) {
        String code = "import torch; print('SPARSIM_TORCH', torch.__version__, torch.cuda.is_available())";
        List<String> lines = new ArrayList<>();
        int rc;
        try {
            rc = ChildProcess.run(List.of(command, "-c", code), lines::add, PROBE_SECONDS);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (rc != 0) {
            return Optional.empty();
        }
        for (String l : lines) {
            Matcher m = PROBE.matcher(l);
            if (m.find()) {
                return Optional.of(new Interpreter(command, m.group(1), m.group(2).equals("True")));
            }
        }
        return Optional.empty();
    }

    /**
     * The first candidate that imports torch (and sees a CUDA device, if {@code needCuda}). {@code notes} receives
     * one line per candidate tried, for an error message that says what was found.
     */
    public static Optional<Interpreter> findTorch(Map<String, String> env, boolean needCuda, List<String> notes) {
        for (String c : candidates(env)) {
            Optional<Interpreter> p = probe(c);
            if (p.isEmpty()) {
                notes.add(c + ": cannot import torch");
            } else if (needCuda && !p.get().cuda()) {
                notes.add(c + ": torch " + p.get().torchVersion() + " sees no CUDA device");
            } else {
                return p;
            }
        }
        return Optional.empty();
    }

    /** The first candidate that runs at all (the runner's --dry-run needs no torch). */
    public static Optional<String> findPython(Map<String, String> env) {
        for (String c : candidates(env)) {
            try {
                if (ChildProcess.run(List.of(c, "-c", "import json, sys"), line -> { }, PROBE_SECONDS) == 0) {
                    return Optional.of(c);
                }
            } catch (UncheckedIOException e) {
                // not installed: try the next
            }
        }
        return Optional.empty();
    }

    /** The runner script; a classpath copy is extracted into {@code tempDir}. */
    public static Path locateScript(Map<String, String> env, Path workingDir, Path tempDir) {
        List<Path> tried = new ArrayList<>();
        String explicit = env.get("SPARSIM_GPU_RUNNER");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new BadInputException("SPARSIM_GPU_RUNNER", "the path of " + SCRIPT, explicit);
        }
        String home = env.get("SPARSIM_HOME");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home, "validation", "src", "main", "python", SCRIPT);
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p);
        }
        try (InputStream in = GpuRunner.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Path p = tempDir.resolve(SCRIPT);
                Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                return p;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + RESOURCE, e);
        }
        for (Path rel : List.of(Path.of("validation", "src", "main", "python", SCRIPT),
                Path.of("src", "main", "python", SCRIPT))) {
            Path p = workingDir.resolve(rel);
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p);
        }
        throw new BadInputException("SPARSIM_HOME", "the Sparsim repository root (holding "
                + "validation/src/main/python/" + SCRIPT + "), or SPARSIM_GPU_RUNNER set to the script", tried);
    }
}
