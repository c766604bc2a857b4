package io.sparsim.reports.cost;

import io.sparsim.hwprofiles.HardwareProfile;

/**
 * A device's electrical power as the planner charges it.
 *
 * @param busyWatts power while it works on the plan
 * @param idleWatts power while idle; NaN where no source gives it
 * @param basis     where {@code busyWatts} comes from: {@code tdp} (the profile's board/system power limit,
 *                  an upper bound on the draw) or {@code measured}
 */
public record Power(double busyWatts, double idleWatts, String basis) {
    public static final String TDP = "tdp";

    public Power {
        if (!(busyWatts > 0) || Double.isInfinite(busyWatts)) {
            throw new IllegalArgumentException("busy power must be positive and finite: " + busyWatts);
        }
    }

    /**
     * The power of {@code profile}. Profiles carry one figure, {@code powerWatts}: the board (GPU), socket (CPU)
     * or system (wafer) power limit from the vendor. No bundled source gives idle and busy draw, so every
     * figure is the limit, marked {@code tdp}: energies computed from it are upper bounds.
     */
    public static Power of(HardwareProfile profile) {
        return new Power(profile.powerWatts(), Double.NaN, TDP);
    }

    /** Joules for {@code devices} busy for {@code seconds}. */
    public double joules(int devices, double seconds) {
        return devices * busyWatts * seconds;
    }
}
