package io.sparsim.reports.sweep;

/**
 * One point of a sparsity sweep.
 *
 * @param sparsity             the swept fraction (0 = dense)
 * @param spec                 the sparsity spec simulated
 * @param tokensPerSecond      simulated throughput
 * @param speedupVsDense       dense step time over this step time, same machine and phase
 * @param flopSpeedup          dense FLOPs over useful FLOPs (the FLOP-proportional "theoretical" speedup)
 * @param boundBy              the bound that accounts for most of the step time
 */
public record SweepRow(String hw, String phase, double sparsity, String spec, double secondsPerStep,
                       double tokensPerSecond, double speedupVsDense, double flopSpeedup, String boundBy) {}
