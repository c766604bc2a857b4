package io.sparsim.reports.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.reports.predict.MemoryReport;

/**
 * The chosen training configuration of one hardware option and sparsity, or why there is none.
 *
 * @param devices       GPUs, CPU sockets or wafer systems
 * @param zero          ZeRO stage (0 off GPUs)
 * @param stepSeconds   one optimizer step of the global batch (the mean over a SAT ladder's rungs)
 * @param days          wall-clock days for all steps
 * @param mfu           dense model FLOPs per second over the devices' dense peak (the usual MFU)
 * @param usefulMfu     FLOPs actually done (zeros skipped, omitted parts left out) over the dense peak
 * @param energyMegawattHours all devices busy for the whole run at their (tdp-marked) power
 * @param cost          dollars for the run; null without a price file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainOption(String hw, String sparsity, String dtype, Integer devices, Integer tp, Integer pp, Integer dp,
                          Integer zero, Integer globalBatch, Long steps, Double stepSeconds, Double days, Double mfu,
                          Double usefulMfu, Double densePeakFlopsPerSecond, Double flopsPerStep,
                          Double denseFlopsPerStep, MemoryReport memory, Double powerWatts, String powerBasis,
                          Double energyMegawattHours, Double costPerHour, Double cost, boolean feasible,
                          String reason) {

    static TrainOption infeasible(String hw, String sparsity, String dtype, String reason) {
        return new TrainOption(hw, sparsity, dtype, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, false, reason);
    }
}
