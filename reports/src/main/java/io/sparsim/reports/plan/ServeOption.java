package io.sparsim.reports.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.reports.predict.MemoryReport;

/**
 * The chosen serving configuration of one hardware option and sparsity, or why there is none.
 *
 * @param devices                  devices in all: replicas x devices per replica (GPUs, CPU sockets, wafer systems)
 * @param tp                       tensor-parallel degree of a replica (1 off GPUs)
 * @param pp                       pipeline stages of a replica (1 off GPUs)
 * @param systemsPerReplica        wafer systems one replica runs on; null off wafers
 * @param batch                    sequences decoded together per replica (continuous batching)
 * @param tokensPerSecond          output tokens per second of all replicas
 * @param ttftSeconds              time to first token: waiting for the running decode step, then the prefill
 * @param tpotSeconds              time per output token: a decode step plus the prefills interleaved per step
 * @param memory                   one device's memory at the chosen batch; null on wafers (the target checks)
 * @param powerWatts               all devices busy (profile power, marked tdp: an upper bound)
 * @param costPerHour              dollars per hour; null without a price file
 * @param reason                   why no configuration is feasible; null when one is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServeOption(String hw, String sparsity, String dtype, Integer devices, Integer tp, Integer pp,
                          Integer systemsPerReplica, Integer replicas, Integer batch, Double tokensPerSecond,
                          Double tokensPerSecondPerDevice, Double ttftSeconds, Double tpotSeconds,
                          MemoryReport memory, Double powerWatts, String powerBasis, Double joulesPerToken,
                          Double costPerHour, Double costPerMillionTokens, boolean feasible, String reason) {

    static ServeOption infeasible(String hw, String sparsity, String dtype, String reason) {
        return new ServeOption(hw, sparsity, dtype, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, false, reason);
    }
}
