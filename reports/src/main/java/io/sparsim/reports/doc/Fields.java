package io.sparsim.reports.doc;

import io.sparsim.reports.units.Unit;
import java.util.ArrayList;
import java.util.List;

/** Labelled values, one a line ("step time: 286.6 ms"). */
public record Fields(List<Field> fields) implements Block {
    public Fields {
        fields = List.copyOf(fields);
    }

    /** One labelled value; {@code value} is in the unit's SI base (seconds, bytes, ...). */
    public record Field(String label, Object value, Unit unit) {}

    public static Builder builder() {
        return new Builder();
    }

    /** Collects fields in order; null values are left out (a field the report does not have). */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        public Builder add(String label, Object value, Unit unit) {
            if (value != null) {
                fields.add(new Field(label, value, unit));
            }
            return this;
        }

        public Builder text(String label, Object value) {
            return add(label, value, Unit.TEXT);
        }

        public Fields build() {
            return new Fields(fields);
        }
    }
}
