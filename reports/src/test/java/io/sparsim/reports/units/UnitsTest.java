package io.sparsim.reports.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void secondsPickTheirPrefixAndKeepFourDigits() {
        assertEquals("44.13 µs", Units.format(4.4128839380614394E-5, Unit.SECONDS));
        assertEquals("286.6 ms", Units.format(0.2866067402478944, Unit.SECONDS));
        assertEquals("17.27 ns", Units.format(1.727e-8, Unit.SECONDS));
        assertEquals("1582 s", Units.format(1581.890942779676, Unit.SECONDS));
        assertEquals("5.003 d", Units.format(432230.37, Unit.SECONDS));
    }

    @Test
    void rateUnitsCarrySiPrefixes() {
        assertEquals("57.17 ktok/s", Units.format(57165.4, Unit.TOKENS_PER_SECOND));
        assertEquals("821.2 TFLOP/s", Units.format(821.2e12, Unit.FLOPS_PER_SECOND));
        assertEquals("3.350 TB/s", Units.format(3.35e12, Unit.BYTES_PER_SECOND));
        assertEquals("23.00 kW", Units.format(23000.0, Unit.WATTS));
    }

    @Test
    void roundingThatCarriesMovesToTheNextPrefix() {
        assertEquals("1.000 MB", Units.format(999_999.0, Unit.BYTES));
        assertEquals("1.000 ms", Units.format(0.00099999, Unit.SECONDS));
    }

    @Test
    void ratiosPercentagesAndMoney() {
        assertEquals("1.812x", Units.format(1.8117983515619174, Unit.RATIO));
        assertEquals("87.8%", Units.format(0.8777229012443826, Unit.FRACTION));
        assertEquals("0.00%", Units.format(5.2e-9, Unit.FRACTION));
        assertEquals("$12.35", Units.format(12.345, Unit.DOLLARS));
        assertEquals("$1.235 M", Units.format(1_234_567.0, Unit.DOLLARS));
    }

    @Test
    void countsStayExactAndNonFiniteReadsAsNa() {
        assertEquals("6738415616", Units.format(6738415616L, Unit.COUNT));
        assertEquals("n/a", Units.format(Double.NaN, Unit.SECONDS));
        assertEquals("n/a", Units.format(Double.POSITIVE_INFINITY, Unit.RATIO));
    }
}
