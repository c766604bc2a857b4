package io.sparsim.kernels.cpu;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * A small fixed set of worker threads for the kernels. {@link #parallelFor} hands out task indices
 * from a shared counter (dynamic, so a core slowed by another process takes fewer tasks), and the
 * calling thread works too, so {@code threads} threads run in all.
 *
 * <p>Workers are daemon threads; {@link #close()} stops them. {@link #common()} is one pool sized to
 * the machine, created on first use and never closed (like the JDK's common ForkJoin pool).
 */
public final class KernelPool implements AutoCloseable {
    /**
     * How long an idle thread spins (and the caller, waiting for the last task) before it parks. On the
     * 2-vCPU dev host an empty parallelFor right after the cache flush took 0.18–0.20 ms (p10) with parked
     * workers and 0.06 ms with spinning ones; warm, CSR at M = 1 on 4096×1024 took 189 / 53 µs at 50 / 90%
     * parked and 136 / 30 µs spinning. OpenMP runtimes spin for the same reason (KMP_BLOCKTIME). The
     * length is a bound, not a fitted figure: it only has to outlast the gap between consecutive calls (the
     * flush and the timed run follow each other within microseconds) and be short enough that an idle JVM
     * stops burning cores almost at once (only 2 ms was measured).
     */
    static final long SPIN_NANOS = 2_000_000;
    private final int threads;
    private final Thread[] workers;
    private final BlockingQueue<Runnable>[] inboxes;
    private final boolean shared;
    private volatile boolean closed;

    private static final class Common {
        static final KernelPool POOL = new KernelPool(Runtime.getRuntime().availableProcessors(), true);
    }

    /** A pool running {@code threads} threads in all (the caller plus {@code threads - 1} workers). */
    public KernelPool(int threads) {
        this(threads, false);
    }

    @SuppressWarnings("unchecked")
    private KernelPool(int threads, boolean shared) {
        this.shared = shared;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.inboxes = new BlockingQueue[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(1);
            inboxes[i] = inbox;
            Thread t = new Thread(() -> loop(inbox), "sparsim-kernel-" + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** The worker threads (for tests: whether idle workers park). */
    Thread[] workers() {
        return workers.clone();
    }

    /** The shared pool with one thread per available processor. */
    public static KernelPool common() {
        return Common.POOL;
    }

    public int threads() {
        return threads;
    }

    private void loop(BlockingQueue<Runnable> inbox) {
        while (!closed) {
            try {
                Runnable job = spinPoll(inbox);
                (job != null ? job : inbox.take()).run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The next job if one arrives within {@link #SPIN_NANOS}, else null (the caller then parks). */
    private static Runnable spinPoll(BlockingQueue<Runnable> inbox) {
        long until = System.nanoTime() + SPIN_NANOS;
        do {
            Runnable job = inbox.poll();
            if (job != null) {
                return job;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
        return null;
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)} on the pool's threads and
     * returns when all are done. Calls must not overlap on one pool (kernels call it once per multiply).
     * The first exception thrown by a task is rethrown here.
     */
    public void parallelFor(int tasks, IntConsumer body) {
        parallelFor(tasks, () -> null, (ignored, t) -> body.accept(t));
    }

    /**
     * As {@link #parallelFor(int, IntConsumer)}, with a scratch object made by {@code scratch} once per
     * participating thread and passed to every task that thread runs (kernels keep their small
     * buffers there instead of allocating per task, which made young GCs fire during timed runs).
     */
    public synchronized <S> void parallelFor(int tasks, Supplier<S> scratch, ObjIntConsumer<S> body) {
        if (closed) {
            throw new IllegalStateException("pool is closed");
        }
        if (tasks <= 0) {
            return;
        }
        int helpers = Math.min(workers.length, tasks - 1);
        if (helpers == 0) {
            S s = scratch.get();
            for (int t = 0; t < tasks; t++) {
                body.accept(s, t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger running = new AtomicInteger(helpers);
        Object done = new Object();
        Runnable drain = () -> {
            try {
                int t;
                S s = null;
                while (failure.get() == null && (t = next.getAndIncrement()) < tasks) {
                    if (s == null) {
                        s = scratch.get();
                    }
                    body.accept(s, t);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        Runnable helper = () -> {
            try {
                drain.run();
            } finally {
                if (running.decrementAndGet() == 0) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            }
        };
        for (int i = 0; i < helpers; i++) {
            if (!inboxes[i].offer(helper)) {
                throw new IllegalStateException("kernel worker busy");
            }
        }
        drain.run();
        long until = System.nanoTime() + SPIN_NANOS;
        while (running.get() > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        synchronized (done) {
            while (running.get() > 0) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for kernel workers", e);
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** Stops the workers; a no-op on the {@link #common()} pool, which lives as long as the JVM. */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
    }
}
