package io.sparsim.reports.cost;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.TreeParser;
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

    /** Reads and checks {@code file} through core's one line-tracking parser; errors name file, line and field. */
    public static PriceFile read(Path file) {
        MapNode root = TreeParser.readMap(file, file.toString(), "a mapping with schema, note and prices");
        String name = file.toString();
        for (Node.Entry e : root.entries().values()) {
            if (!Set.of("schema", "note", "prices").contains(e.key())) {
                throw new BadInputException(e.key(), "one of schema, note, prices", e.key()).at(e.file(), e.line());
            }
        }
        Node schema = root.get("schema");
        if (!(schema instanceof Node.Scalar sc) || !SCHEMA.equals(sc.text())) {
            throw new BadInputException("schema", SCHEMA, schema == null ? "no schema" : schema.describe())
                    .at(name, schema == null ? 1 : schema.line());
        }
        Node note = root.get("note");
        if (note != null && !(note instanceof Node.Scalar)) {
            throw new BadInputException("note", "one line of text", note.describe()).at(note.file(), note.line());
        }
        Node list = root.get("prices");
        if (!(list instanceof MapNode prices)) {
            throw new BadInputException("prices", "a mapping of hardware id to price", list == null ? "no prices"
                    : list.describe()).at(name, list == null ? 1 : list.line());
        }
        Map<String, Price> out = new LinkedHashMap<>();
        for (Node.Entry e : prices.entries().values()) {
            out.put(e.key(), price(e));
        }
        return new PriceFile(name, note == null ? "" : ((Node.Scalar) note).text(), out);
    }

    private static Price price(Node.Entry entry) {
        String field = "prices." + entry.key();
        if (!(entry.value() instanceof MapNode m)) {
            throw new BadInputException(field, "{perDeviceHour: D} or {capex: D, years: Y, perKwh: D}",
                    entry.value().describe()).at(entry.file(), entry.line());
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            String key = e.key();
            if (!Set.of("perDeviceHour", "capex", "years", "perKwh").contains(key)) {
                throw new BadInputException(field + "." + key, "one of perDeviceHour, capex, years, perKwh", key)
                        .at(e.file(), e.line());
            }
            double x = e.value() instanceof Node.Scalar sc && sc.type() == Node.Type.NUMBER
                    ? Double.parseDouble(sc.text()) : Double.NaN;
            if (!(x >= 0) || Double.isInfinite(x) || (key.equals("years") && !(x > 0))) {
                throw new BadInputException(field + "." + key, key.equals("years") ? "a positive number of years"
                        : "a non-negative number of dollars", e.value().describe()).at(e.file(), e.line());
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
                String.join(", ", v.keySet())).at(entry.file(), entry.line());
    }
}
