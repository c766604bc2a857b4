package io.sparsim.hwprofiles.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparsim.core.BadInputException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    private static final String BW = "a bandwidth like '3.35 TB/s' (units B/s, kB/s..PB/s, KiB/s..TiB/s, b/s..Pb/s)";

    @Test
    void sizesUseDecimalSiPrefixesAndBinaryIecPrefixes() {
        assertEquals(48 * 1024, Bytes.parse("48 KiB", "f").bytes());
        assertEquals(40 * 1024 * 1024, Bytes.parse("40 MiB", "f").bytes());
        assertEquals(44e9, Bytes.parse("44 GB", "f").bytes());
        assertEquals(50e6, Bytes.parse("50 MB", "f").bytes());
        assertEquals(48e3, Bytes.parse("48 kB", "f").bytes());
        assertEquals(1024.0 * 1024 * 1024 * 1024, Bytes.parse("1 TiB", "f").bytes());
        assertEquals(1500, Bytes.parse("1.5e3 B", "f").bytes());
        assertEquals(0, Bytes.parse("0 B", "f").bytes());
    }

    @Test
    void lowerCaseBIsBitsAndDividesByEight() {
        assertEquals(1, Bytes.parse("8 b", "f").bytes());
        assertEquals(125, Bytes.parse("1 kb", "f").bytes());
        assertEquals(1.5e11, Bandwidth.parse("1.2 Tb/s", "f").bytesPerSecond(), 1);
        assertEquals(1.2e12, Bandwidth.parse("1.2 TB/s", "f").bytesPerSecond(), 1);
        assertEquals(214e15 / 8, Bandwidth.parse("214 Pb/s", "f").bytesPerSecond(), 1e3);
    }

    @Test
    void bandwidthsFrequenciesRatesAndDurations() {
        assertEquals(3.35e12, Bandwidth.parse("3.35 TB/s", "f").bytesPerSecond(), 1);
        assertEquals(26e9, Bandwidth.parse("26 GB/s", "f").bytesPerSecond());
        assertEquals(21e15, Bandwidth.parse("21 PB/s", "f").bytesPerSecond());
        assertEquals(1024, Bandwidth.parse("1 KiB/s", "f").bytesPerSecond());
        assertEquals(1.1e9, Frequency.parse("1.1 GHz", "f").hertz(), 1e-3);
        assertEquals(1.83e9, Frequency.parse("1830 MHz", "f").hertz(), 1e-3);
        assertEquals(989.4e12, FlopRate.parse("989.4 TFLOP/s", "f").flopsPerSecond(), 1);
        assertEquals(1978.9e12, FlopRate.parse("1978.9 TOPS", "f").flopsPerSecond(), 1);
        assertEquals(125e15, FlopRate.parse("125 PFLOP/s", "f").flopsPerSecond());
        assertEquals(7e12, FlopRate.parse("7 TFLOPS", "f").flopsPerSecond());
        assertEquals(4e-6, Duration.parse("4 us", "f").seconds(), 1e-18);
        assertEquals(4e-6, Duration.parse("4 µs", "f").seconds(), 1e-18);
        assertEquals(2.5e-9, Duration.parse("2.5 ns", "f").seconds(), 1e-21);
        assertEquals(0.01, Duration.parse("10 ms", "f").seconds(), 1e-15);
        assertEquals(0.01, Duration.parse("10ms", "f").seconds(), 1e-15);
    }

    @Test
    void plainNumberWithoutUnitIsRejectedNamingFieldAndAcceptedUnits() {
        BadInputException e = assertThrows(BadInputException.class, () -> Bandwidth.parse("3.35", "gpu.hbm.bandwidth"));
        assertEquals("gpu.hbm.bandwidth: expected " + BW + ", got '3.35'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.35 tb/s", "3.35 TB", "3.35 TBps", "3,35 TB/s", "TB/s", "", "1e999 TB/s", "NaN GB/s",
        "3.35 TB/s extra", "48 KB/s", "1 Pib/s"})
    void malformedBandwidthsAreRejected(String text) {
        BadInputException e = assertThrows(BadInputException.class, () -> Bandwidth.parse(text, "bw"));
        assertEquals("bw: expected " + BW + ", got '" + text + "'", e.getMessage());
    }

    @Test
    void ambiguousOrWrongCaseUnitsAreRejectedForEveryType() {
        assertThrows(BadInputException.class, () -> Bytes.parse("48 KB", "f")); // K alone: 1000 or 1024?
        assertThrows(BadInputException.class, () -> Bytes.parse("48 kiB", "f"));
        assertThrows(BadInputException.class, () -> Bytes.parse("48 KiB/s", "f"));
        assertThrows(BadInputException.class, () -> Frequency.parse("1.1 ghz", "f"));
        assertThrows(BadInputException.class, () -> Frequency.parse("1.1", "f"));
        assertThrows(BadInputException.class, () -> FlopRate.parse("989.4 TB/s", "f"));
        assertThrows(BadInputException.class, () -> FlopRate.parse("989.4 tflops", "f"));
        assertThrows(BadInputException.class, () -> Duration.parse("4", "f"));
        assertThrows(BadInputException.class, () -> Duration.parse("4 min", "f"));
        assertThrows(BadInputException.class, () -> Bytes.parse(null, "f"));
    }

    @Test
    void ratesMustBePositiveAndSizesNonNegative() {
        assertEquals("hbm.bandwidth: expected a bandwidth greater than zero, got '0 TB/s'",
                assertThrows(BadInputException.class, () -> Bandwidth.parse("0 TB/s", "hbm.bandwidth")).getMessage());
        assertEquals("bw: expected a bandwidth greater than zero, got '-3.35 TB/s'",
                assertThrows(BadInputException.class, () -> Bandwidth.parse("-3.35 TB/s", "bw")).getMessage());
        assertEquals("clock: expected a frequency greater than zero, got '-1 GHz'",
                assertThrows(BadInputException.class, () -> Frequency.parse("-1 GHz", "clock")).getMessage());
        assertEquals("peak: expected a compute rate greater than zero, got '0 TFLOP/s'",
                assertThrows(BadInputException.class, () -> FlopRate.parse("0 TFLOP/s", "peak")).getMessage());
        assertEquals("t: expected a duration of zero or more, got '-4 us'",
                assertThrows(BadInputException.class, () -> Duration.parse("-4 us", "t")).getMessage());
        assertEquals("sram: expected a size of zero or more, got '-48 KiB'",
                assertThrows(BadInputException.class, () -> Bytes.parse("-48 KiB", "sram")).getMessage());
    }

    @Test
    void constructorsValidateTooSoEveryPathIsChecked() {
        assertEquals("bytesPerSecond: expected a bandwidth greater than zero, got '0.0'",
                assertThrows(BadInputException.class, () -> new Bandwidth(0)).getMessage());
        assertThrows(BadInputException.class, () -> new Frequency(Double.NaN));
        assertThrows(BadInputException.class, () -> new FlopRate(Double.POSITIVE_INFINITY));
        assertThrows(BadInputException.class, () -> new Bytes(-1));
        assertThrows(BadInputException.class, () -> new Duration(-1e-9));
    }

    @Test
    void formatPicksAReadablePrefixAndKeepsBinarySizesBinary() {
        assertEquals("48 KiB", new Bytes(49152).format());
        assertEquals("40 MiB", new Bytes(40 * 1024 * 1024).format());
        assertEquals("80 GB", new Bytes(80e9).format());
        assertEquals("50 MB", new Bytes(50e6).format());
        assertEquals("1.024 MB", new Bytes(1.024e6).format());
        assertEquals("1.5 MiB", new Bytes(1.5 * 1024 * 1024).format());
        assertEquals("0 B", new Bytes(0).format());
        assertEquals("3.35 TB/s", Bandwidth.parse("3.35 TB/s", "f").format());
        assertEquals("150 GB/s", Bandwidth.parse("1.2 Tb/s", "f").format());
        assertEquals("1.83 GHz", Frequency.parse("1830 MHz", "f").format());
        assertEquals("989.4 TFLOP/s", FlopRate.parse("989.4 TFLOP/s", "f").format());
        assertEquals("1978.9 TFLOP/s", FlopRate.parse("1978.9 TFLOP/s", "f").format());
        assertEquals("125 PFLOP/s", FlopRate.parse("125 PFLOP/s", "f").format());
        assertEquals("4 us", Duration.parse("4 us", "f").format());
        assertEquals("2.5 ns", Duration.parse("2.5 ns", "f").format());
        assertEquals("0 s", new Duration(0).format());
    }

    @Test
    void formatIsLocaleIndependent() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("3.35 TB/s", new Bandwidth(3.35e12).format());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void formattedValuesParseBackToTheSameValue() {
        for (String s : List.of("48 KiB", "44 GB", "80 GB", "141 GB", "40 MiB", "1 b", "1.5e3 B")) {
            Bytes b = Bytes.parse(s, "f");
            assertEquals(b.bytes(), Bytes.parse(b.format(), "f").bytes(), b.bytes() * 1e-12, s);
        }
        for (String s : List.of("3.35 TB/s", "2039 GB/s", "1.2 Tb/s", "214 Pb/s", "26 GB/s")) {
            Bandwidth b = Bandwidth.parse(s, "f");
            assertEquals(b.bytesPerSecond(), Bandwidth.parse(b.format(), "f").bytesPerSecond(),
                    b.bytesPerSecond() * 1e-12, s);
        }
        for (String s : List.of("989.4 TFLOP/s", "3957.8 TOPS", "66.9 TFLOP/s", "7.48 PFLOP/s")) {
            FlopRate f = FlopRate.parse(s, "f");
            assertEquals(f.flopsPerSecond(), FlopRate.parse(f.format(), "f").flopsPerSecond(),
                    f.flopsPerSecond() * 1e-12, s);
        }
    }
}
