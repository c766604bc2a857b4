package io.sparsim.reports.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFileTest {
    private static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("prices.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void rentedAndOwnedPricesGiveDollarsPerDeviceHour(@TempDir Path dir) throws Exception {
        PriceFile p = PriceFile.read(write(dir, """
                schema: sparsim/prices/v1
                note: test figures
                prices:
                  nvidia-h100-sxm5-80gb: {perDeviceHour: 3.0}
                  cerebras-wse3: {capex: 876600, years: 10, perKwh: 0.5}
                """));
        Power h100 = Power.of(ProfileRegistry.bundled().get("nvidia-h100-sxm5-80gb"));
        assertEquals(3.0, p.of("nvidia-h100-sxm5-80gb").orElseThrow().dollarsPerDeviceHour(h100), 1e-12);
        Power wse = Power.of(ProfileRegistry.bundled().get("cerebras-wse3"));
        // 876,600 $ over 10 years of 8766 h is 10 $/h; 23 kW at 0.5 $/kWh is 11.5 $/h
        assertEquals(10 + wse.busyWatts() / 1000 * 0.5,
                p.of("cerebras-wse3").orElseThrow().dollarsPerDeviceHour(wse), 1e-9);
        assertTrue(p.of("amd-epyc-9654").isEmpty());
    }

    @Test
    void theExampleFileReadsAndSaysItIsAnExample() {
        PriceFile p = PriceFile.read(Path.of(System.getProperty("user.dir"), "..", "examples", "prices-example.yaml"));
        assertTrue(p.note().startsWith("EXAMPLE FIGURES ONLY"), p.note());
        assertTrue(p.of("cerebras-wse3").isPresent());
    }

    @Test
    void badFieldsNameFileLineAndField(@TempDir Path dir) throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> PriceFile.read(write(dir, """
                schema: sparsim/prices/v1
                prices:
                  nvidia-h100-sxm5-80gb: {perDeviceHour: -3}
                """)));
        assertTrue(e.getMessage().contains("prices.yaml:3"), e.getMessage());
        assertTrue(e.getMessage().contains("prices.nvidia-h100-sxm5-80gb.perDeviceHour"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> PriceFile.read(write(dir, """
                schema: sparsim/prices/v1
                prices:
                  cerebras-wse3: {capex: 100, perKwh: 0.1}
                """)));
        assertTrue(e.getMessage().contains("either perDeviceHour alone or capex, years and perKwh"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> PriceFile.read(write(dir, "schema: other/v1\nprices: {}\n")));
        assertTrue(e.getMessage().contains("sparsim/prices/v1"), e.getMessage());
    }

    @Test
    void everyBundledProfileHasAPositiveTdp() {
        for (String id : ProfileRegistry.bundled().ids()) {
            Power p = Power.of(ProfileRegistry.bundled().get(id));
            assertEquals(Power.TDP, p.basis());
            assertTrue(p.busyWatts() > 0, id);
        }
    }
}
