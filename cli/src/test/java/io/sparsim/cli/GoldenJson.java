package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Compares a command's JSON with its golden file by value: JDK 17 and JDK 19+ print some doubles with different
 * digits (Double.toString became shortest-repr in JDK 19), so the text may differ where every number is the same.
 */
final class GoldenJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenJson() {
    }

    static void assertSameJson(String expected, String actual, String message) throws IOException {
        JsonNode e = MAPPER.readTree(expected);
        JsonNode a = MAPPER.readTree(actual);
        if (!e.equals(a)) {
            assertEquals(expected, actual, message); // fails, showing the text difference
        }
    }
}
