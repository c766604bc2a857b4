package io.sparsim.reports.doc;

import io.sparsim.reports.units.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table: typed columns of raw values. Text writers format each cell with its column's unit; CSV writes the
 * raw values under the column's key.
 *
 * @param name file-friendly name (the CSV file is {@code <report>-<name>.csv})
 */
public record Grid(String name, List<Column> columns, int rows) implements Block {
    public Grid {
        columns = List.copyOf(columns);
        for (Column c : columns) {
            if (c.values().size() != rows) {
                throw new IllegalArgumentException("column " + c.key() + " has " + c.values().size()
                        + " values, the grid " + rows + " rows");
            }
        }
    }

    /**
     * One column.
     *
     * @param key    machine name with its SI unit, as in JSON (e.g. {@code secondsPerStep})
     * @param label  human heading (e.g. {@code step time})
     */
    public record Column(String key, String label, Unit unit, List<Object> values) {
        public Column {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }

        /** True when the column holds numbers (right-aligned). */
        public boolean numeric() {
            return unit != Unit.TEXT;
        }
    }

    /** Builds a grid over {@code items}, one row each, column by column. */
    public static <T> Builder<T> over(String name, List<T> items) {
        return new Builder<>(name, items);
    }

    public static final class Builder<T> {
        private final String name;
        private final List<T> items;
        private final List<Column> columns = new ArrayList<>();

        private Builder(String name, List<T> items) {
            this.name = name;
            this.items = List.copyOf(items);
        }

        public Builder<T> col(String key, String label, Unit unit, Function<T, ?> value) {
            List<Object> values = new ArrayList<>(items.size());
            for (T item : items) {
                values.add(value.apply(item));
            }
            columns.add(new Column(key, label, unit, values));
            return this;
        }

        public Builder<T> text(String key, Function<T, ?> value) {
            return col(key, key, Unit.TEXT, value);
        }

        public Grid build() {
            return new Grid(name, columns, items.size());
        }
    }
}
