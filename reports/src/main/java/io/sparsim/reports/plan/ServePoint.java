package io.sparsim.reports.plan;

/**
 * One evaluated replica configuration: the planner's search space, kept for the latency/throughput chart.
 *
 * @param devicesPerReplica GPUs (tp x pp), CPU sockets or wafer systems of one replica
 */
public record ServePoint(String hw, String sparsity, int devicesPerReplica, int batch, double tpotSeconds,
                         double ttftSeconds, double tokensPerSecondPerDevice, boolean meetsSlo) {}
