package io.sparsim.reports.plan;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ClusterProfile;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.reports.cost.Power;
import io.sparsim.reports.cost.PriceFile;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.wafer.WaferTarget;
import java.util.Optional;

/**
 * A hardware option as the planner sees it: what one device is (a GPU, a CPU socket, a wafer system), its dense
 * peak, its power and, when the user gave prices, its hourly cost.
 *
 * @param power    one device's power; for a cluster profile its node power shared over its devices (hosts,
 *                 switches and fans included), else the device's own
 * @param dollarsPerDeviceHour empty without a price for this id
 */
public record Machine(HardwareProfile profile, Power power, Optional<Double> dollarsPerDeviceHour) {

    public static Machine of(HardwareProfile profile, Optional<PriceFile> prices) {
        Power power = profile instanceof ClusterProfile c
                ? new Power(c.powerWatts() / c.devicesPerNode(), Double.NaN, Power.TDP)
                : Power.of(profile);
        Optional<Double> price = prices.flatMap(p -> p.of(profile.id())).map(p -> p.dollarsPerDeviceHour(power));
        return new Machine(profile, power, price);
    }

    public String id() {
        return profile.id();
    }

    public boolean wafer() {
        return profile instanceof WaferProfile;
    }

    /** True for profiles that join devices with tensor and pipeline parallelism (GPUs and GPU clusters). */
    public boolean multiDevice() {
        return profile instanceof GpuProfile || profile instanceof ClusterProfile;
    }

    /** Dense FLOP/s of one device at {@code precision}: the peak MFU is measured against. */
    public double densePeakFlopsPerSecond(Precision precision) {
        HardwareProfile p = profile instanceof ClusterProfile c ? c.device() : profile;
        if (p instanceof GpuProfile g) {
            if (!g.supports(precision)) {
                throw new BadInputException("--dtype", "a precision " + g.id() + " runs", precision.id());
            }
            return g.tensorRate(precision).dense().flopsPerSecond();
        }
        if (p instanceof CpuProfile c) {
            return c.sustainedPeak(precision).flopsPerSecond();
        }
        return new WaferTarget((WaferProfile) p, TargetOptions.DEFAULT).densePeakFlopsPerSecond(precision);
    }
}
