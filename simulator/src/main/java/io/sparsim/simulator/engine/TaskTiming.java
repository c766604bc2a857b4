package io.sparsim.simulator.engine;

/**
 * When one task ran.
 *
 * @param id           task id
 * @param name         task name
 * @param lane         task lane
 * @param readySeconds when its last dependency ended (0 for roots)
 * @param startSeconds when it held every compute slot it needs (= ready when it needs none)
 * @param endSeconds   when its last demand was served
 */
public record TaskTiming(String id, String name, String lane, double readySeconds, double startSeconds,
                         double endSeconds) {

    /** Time from start to end, queueing excluded. */
    public double durationSeconds() {
        return endSeconds - startSeconds;
    }

    /** Time spent waiting for compute slots after becoming ready. */
    public double queuedSeconds() {
        return startSeconds - readySeconds;
    }
}
