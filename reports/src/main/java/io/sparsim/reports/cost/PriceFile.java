package io.sparsim.reports.cost;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's prices ({@code schema: sparsim/prices/v1}): per hardware id, either {@code perDeviceHour} (dollars)
 * or {@code capex} (dollars per device), {@code years} and {@code perKwh} (dollars). Sparsim ships no prices of
 * its own: costs appear only when a user gives this file.
 *
 * <pre>
 * schema: sparsim/prices/v1
 * note: what the figures are and where they came from
 * prices:
 *   nvidia-h100-sxm5-80gb: {perDeviceHour: 2.50}
 *   cerebras-wse3: {capex: 2500000, years: 4, perKwh: 0.10}
 * </pre>
 */
public record PriceFile(String source, String note, Map<String, Price> prices) {
    public static final String SCHEMA = "sparsim/prices/v1";

    public PriceFile {
        prices = Map.copyOf(prices);
    }

    /** The price of {@code hwId}, if the file gives one. */
    public Optional<Price> of(String hwId) {
        return Optional.ofNullable(prices.get(hwId));
    }

    /** Reads and checks {@code file}; errors name the file, line and field. */
    public static PriceFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException("--price", "a readable price file", file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String name = file.toString();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException("", "a mapping with schema, note and prices", text.isBlank() ? "an empty file"
                        : p.getText()).at(name, line(p));
            }
            String schema = null;
            String note = "";
            Map<String, Price> prices = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                JsonToken v = p.nextToken();
                switch (key) {
                    case "schema" -> schema = scalar(p, name, "schema");
                    case "note" -> note = scalar(p, name, "note");
                    case "prices" -> {
                        if (v != JsonToken.START_OBJECT) {
                            throw new BadInputException("prices", "a mapping of hardware id to price", p.getText())
                                    .at(name, line(p));
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String hw = p.currentName();
                            int hwLine = line(p);
                            p.nextToken();
                            if (prices.put(hw, price(p, name, hw)) != null) {
                                throw new BadInputException("prices." + hw, "one price per hardware id",
                                        "a second one").at(name, hwLine);
                            }
                        }
                    }
                    default -> throw new BadInputException(key, "one of schema, note, prices", key).at(name, keyLine);
                }
            }
            if (!SCHEMA.equals(schema)) {
                throw new BadInputException("schema", SCHEMA, schema == null ? "no schema" : schema).at(name, 1);
            }
            return new PriceFile(name, note, prices);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new BadInputException(null, "valid YAML", e.getOriginalMessage().lines().findFirst().orElse(""))
                    .at(name, loc == null ? 0 : Math.max(loc.getLineNr(), 0));
        } catch (IOException e) {
            throw new BadInputException(null, "valid YAML", e.getMessage()).at(name, 0);
        }
    }

    private static Price price(JsonParser p, String file, String hw) throws IOException {
        String field = "prices." + hw;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadInputException(field, "{perDeviceHour: D} or {capex: D, years: Y, perKwh: D}", p.getText())
                    .at(file, line(p));
        }
        int start = line(p);
        Map<String, Double> v = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            if (!Set.of("perDeviceHour", "capex", "years", "perKwh").contains(key)) {
                throw new BadInputException(field + "." + key, "one of perDeviceHour, capex, years, perKwh", key)
                        .at(file, keyLine);
            }
            p.nextToken();
            String text = p.getText();
            double x;
            try {
                x = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!(x >= 0) || Double.isInfinite(x) || (key.equals("years") && !(x > 0)) || text.length() > 30) {
                throw new BadInputException(field + "." + key, key.equals("years") ? "a positive number of years"
                        : "a non-negative number of dollars", text).at(file, keyLine);
            }
            v.put(key, x);
        }
        if (v.containsKey("perDeviceHour") && v.size() == 1) {
            return new Price.Rented(v.get("perDeviceHour"));
        }
        if (!v.containsKey("perDeviceHour") && v.keySet().equals(Set.of("capex", "years", "perKwh"))) {
            return new Price.Owned(v.get("capex"), v.get("years"), v.get("perKwh"));
        }
        throw new BadInputException(field, "either perDeviceHour alone or capex, years and perKwh together",
                String.join(", ", v.keySet())).at(file, start);
    }

    private static String scalar(JsonParser p, String file, String field) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            throw new BadInputException(field, "a single value", "a " + p.currentToken()).at(file, line(p));
        }
        return p.getText();
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 1);
    }
}
