package io.sparsim.reports;

/**
 * Hears how far long work has come; the CLI shows it on stderr. Library code never prints, so it reports
 * here instead.
 */
public interface Progress {
    /** Nothing shown (tests, library use). */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {}

        @Override
        public void step(String label) {}

        @Override
        public void finish() {}
    };

    /** {@code total} steps of {@code task} begin. */
    void start(String task, long total);

    /** One step done; {@code label} says which. */
    void step(String label);

    /** The task is over (also after an error). */
    void finish();
}
