package io.sparsim.reports.write;

import io.sparsim.reports.doc.Grid;

/** RFC 4180 CSV of a table's raw values (SI units, named in the column keys) for spreadsheets and scripts. */
public final class CsvWriter {
    private CsvWriter() {}

    public static String write(Grid g) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < g.columns().size(); c++) {
            sb.append(c > 0 ? "," : "").append(quote(g.columns().get(c).key()));
        }
        sb.append("\r\n");
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.columns().size(); c++) {
                Object v = g.columns().get(c).values().get(r);
                sb.append(c > 0 ? "," : "").append(quote(raw(v)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String raw(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        return v.toString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
