package io.sparsim.simulator.engine;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Max-min fair processor sharing on one bandwidth, in O(log n) per arrival, departure or share change.
 *
 * <p>Flows whose own cap is at most the fair share run at their cap ("capped" set C, kept by absolute finish
 * time); all others ("uncapped" set U) progress at the same share s = (rate - sum of C caps) / |U|. U is kept
 * in virtual time: V is the service every U flow has received since the last rebase, a U flow's tag is the V at
 * which it completes, so a share change only updates V and never touches the flows. Remaining work is always
 * derived from (tag - V) or (finish - now) × cap, never accumulated step by step, so no drift builds up; at a
 * completion V snaps to the finishing tag. C is the prefix of flows by cap (water-filling), so rebalancing moves
 * only the largest-cap C flows out and the smallest-cap U flows in.
 */
final class BandwidthState {

    /** A flow whose remaining work is within this fraction of its work completes now (rounding, ties). */
    static final double RELATIVE_EPSILON = 1e-9;

    final double rate;
    final double latencySeconds;

    private final FlowHeap uncappedByTag = new FlowHeap(0, (a, b) -> a.tag < b.tag || a.tag == b.tag && a.demand < b.demand);
    private final FlowHeap uncappedByCap = new FlowHeap(1, (a, b) -> a.cap < b.cap || a.cap == b.cap && a.demand < b.demand);
    private final FlowHeap cappedByFinish = new FlowHeap(2, (a, b) -> a.finish < b.finish || a.finish == b.finish && a.demand < b.demand);
    private final FlowHeap cappedByCapDesc = new FlowHeap(3, (a, b) -> a.cap > b.cap || a.cap == b.cap && a.demand > b.demand);

    private double virtualWork;
    private double sumCapped;
    private double lastTime;

    double served;
    double busySeconds;

    // Wake scheduling: the event in the queue is valid only while its version is current.
    long version;
    double scheduledTime = Double.NaN;
    private boolean targetUncapped;
    private boolean targetCapped;
    boolean dirty;

    // Aggregate service rate over time, one sample per change, for the trace.
    private double[] sampleTimes = new double[8];
    private double[] sampleRates = new double[8];
    private int samples;

    BandwidthState(double rate, double latencySeconds) {
        this.rate = rate;
        this.latencySeconds = latencySeconds;
    }

    private double share() {
        int n = uncappedByTag.size();
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // Invariant keeps sumCapped < rate; the floor only guards rounding.
        return Math.max(rate - sumCapped, rate * 1e-12) / n;
    }

    private double totalRate() {
        int n = uncappedByTag.size();
        return (n == 0 ? 0 : share() * n) + sumCapped;
    }

    /** Moves the clock to {@code t}, accounting service and virtual time under the current shares. */
    void advance(double t) {
        double dt = t - lastTime;
        if (dt > 0) {
            int n = uncappedByTag.size();
            if (n > 0 || !cappedByFinish.isEmpty()) {
                busySeconds += dt;
                double s = n > 0 ? share() : 0;
                virtualWork += s * dt;
                served += (s * n + sumCapped) * dt;
            }
            lastTime = t;
        }
    }

    /** A new flow with work > 0 arrives at {@code t}; shares are fixed later by {@link #settle}. */
    void add(Flow f, double t) {
        advance(t);
        insertUncapped(f, f.work);
    }

    private void insertUncapped(Flow f, double remaining) {
        f.tag = virtualWork + remaining;
        uncappedByTag.add(f);
        if (f.cap != Double.POSITIVE_INFINITY) {
            uncappedByCap.add(f);
        }
    }

    private void removeUncapped(Flow f) {
        uncappedByTag.remove(f);
        if (uncappedByCap.contains(f)) {
            uncappedByCap.remove(f);
        }
        if (uncappedByTag.isEmpty()) {
            virtualWork = 0; // rebase: keeps tags small so (tag - V) stays precise
        }
    }

    private void insertCapped(Flow f, double remaining, double t) {
        f.finish = t + remaining / f.cap;
        cappedByFinish.add(f);
        cappedByCapDesc.add(f);
        sumCapped += f.cap;
    }

    private void removeCapped(Flow f) {
        cappedByFinish.remove(f);
        cappedByCapDesc.remove(f);
        sumCapped = cappedByFinish.isEmpty() ? 0 : sumCapped - f.cap;
    }

    /** Water-filling: shares only grow while flows move, so each flow moves at most once per settle. */
    private void rebalance(double t) {
        while (!cappedByCapDesc.isEmpty() && cappedByCapDesc.peek().cap > share()) {
            Flow f = cappedByCapDesc.peek();
            double remaining = Math.max(0, (f.finish - t) * f.cap);
            removeCapped(f);
            insertUncapped(f, remaining);
        }
        while (!uncappedByCap.isEmpty() && uncappedByCap.peek().cap <= share()) {
            Flow f = uncappedByCap.peek();
            double remaining = Math.max(0, f.tag - virtualWork);
            removeUncapped(f);
            insertCapped(f, remaining, t);
        }
    }

    /**
     * Recomputes shares after the changes at {@code t} and returns the next completion time
     * ({@code +Infinity} when idle).
     */
    double settle(double t) {
        advance(t);
        rebalance(t);
        double nextUncapped = Double.POSITIVE_INFINITY;
        double nextCapped = Double.POSITIVE_INFINITY;
        if (!uncappedByTag.isEmpty()) {
            nextUncapped = t + Math.max(0, uncappedByTag.peek().tag - virtualWork) / share();
        }
        if (!cappedByFinish.isEmpty()) {
            nextCapped = Math.max(t, cappedByFinish.peek().finish);
        }
        targetUncapped = nextUncapped <= nextCapped && nextUncapped != Double.POSITIVE_INFINITY;
        targetCapped = nextCapped <= nextUncapped && nextCapped != Double.POSITIVE_INFINITY;
        sample(t, totalRate());
        return Math.min(nextUncapped, nextCapped);
    }

    /** Completes the flows due at {@code t}; the predicted head always completes, so every wake makes progress. */
    void wake(double t, Consumer<Flow> done) {
        advance(t);
        if (targetUncapped && !uncappedByTag.isEmpty()) {
            virtualWork = Math.max(virtualWork, uncappedByTag.peek().tag);
        }
        while (!uncappedByTag.isEmpty()) {
            Flow f = uncappedByTag.peek();
            if (f.tag - virtualWork > RELATIVE_EPSILON * f.work) {
                break;
            }
            removeUncapped(f);
            done.accept(f);
        }
        if (targetCapped && !cappedByFinish.isEmpty()) {
            Flow f = cappedByFinish.peek();
            removeCapped(f);
            done.accept(f);
        }
        while (!cappedByFinish.isEmpty()) {
            Flow f = cappedByFinish.peek();
            if ((f.finish - t) * f.cap > RELATIVE_EPSILON * f.work) {
                break;
            }
            removeCapped(f);
            done.accept(f);
        }
        scheduledTime = Double.NaN;
        targetUncapped = false;
        targetCapped = false;
    }

    private void sample(double t, double aggregateRate) {
        if (samples > 0 && sampleRates[samples - 1] == aggregateRate) {
            return;
        }
        if (samples > 0 && sampleTimes[samples - 1] == t) {
            sampleRates[samples - 1] = aggregateRate;
            return;
        }
        if (samples == sampleTimes.length) {
            sampleTimes = Arrays.copyOf(sampleTimes, samples * 2);
            sampleRates = Arrays.copyOf(sampleRates, samples * 2);
        }
        sampleTimes[samples] = t;
        sampleRates[samples] = aggregateRate;
        samples++;
    }

    double[] sampleTimes() {
        return Arrays.copyOf(sampleTimes, samples);
    }

    double[] sampleRates() {
        return Arrays.copyOf(sampleRates, samples);
    }
}
