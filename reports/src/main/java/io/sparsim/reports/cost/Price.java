package io.sparsim.reports.cost;

/** What one device costs per hour of use: rented, or owned and depreciated plus its electricity. */
public sealed interface Price permits Price.Rented, Price.Owned {

    /** Dollars per device-hour at {@code power}. */
    double dollarsPerDeviceHour(Power power);

    /** A cloud or rental rate that includes power. */
    record Rented(double dollarsPerDeviceHour) implements Price {
        @Override
        public double dollarsPerDeviceHour(Power power) {
            return dollarsPerDeviceHour;
        }
    }

    /**
     * Bought: the purchase price spread evenly over its service life (every hour of it charged, used or not)
     * plus electricity at its busy power.
     */
    record Owned(double capexDollars, double years, double dollarsPerKilowattHour) implements Price {
        static final double HOURS_PER_YEAR = 365.25 * 24;

        @Override
        public double dollarsPerDeviceHour(Power power) {
            return capexDollars / (years * HOURS_PER_YEAR) + power.busyWatts() / 1000 * dollarsPerKilowattHour;
        }
    }
}
