package io.sparsim.validation.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A child process whose output is passed on line by line: the GPU runner, and the CPU suite's forked JVMs. */
public final class ChildProcess {
    private ChildProcess() {
    }

    /**
     * Runs {@code command} with stdout and stderr merged, passing each line to {@code lines} as it arrives;
     * returns the exit code. {@code timeoutSeconds} of 0 waits without limit; on timeout the process is
     * destroyed and 124 returned.
     */
    public static int run(List<String> command, Consumer<String> lines, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process went away; its exit code says how
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean done;
            if (timeoutSeconds > 0) {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } else {
                p.waitFor();
                done = true;
            }
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
                reader.join(TimeUnit.SECONDS.toMillis(5));
                return 124;
            }
            reader.join();
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        }
    }
}
