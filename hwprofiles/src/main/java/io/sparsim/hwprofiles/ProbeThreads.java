package io.sparsim.hwprofiles;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a probe's work on several threads at once and times each thread by its own CPU time, not the wall clock: on a
 * busy VM another process holding a core would otherwise count as the probe's time (at load average 8 on 2 vCPUs the
 * wall clock put DRAM at 21 GB/s where the dense GEMV streamed 48, and the clock at 1.3 GHz).
 */
final class ProbeThreads {
    private static final ThreadMXBean CPU_TIME = ManagementFactory.getThreadMXBean();

    private ProbeThreads() {
    }

    /** Runs {@code work.accept(t)} on threads {@code t = 0 .. threads-1} at once; each thread's CPU seconds. */
    static double[] cpuSeconds(int threads, String what, IntConsumer work) {
        double[] seconds = new double[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                long t0 = CPU_TIME.getCurrentThreadCpuTime();
                work.accept(id);
                seconds[id] = (CPU_TIME.getCurrentThreadCpuTime() - t0) / 1e9;
            }, what + "-probe-" + t));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while probing " + what, e);
            }
        }
        return seconds;
    }

    /**
     * A probe's cached result, read from its properties file by {@code parse}; empty when the file is missing,
     * unreadable or not one this version wrote (then the probe runs again).
     */
    static <T> java.util.Optional<T> readCache(java.nio.file.Path file,
            java.util.function.Function<java.util.Properties, T> parse) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(in);
            return java.util.Optional.of(parse.apply(p));
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
