package io.sparsim.reports.text;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvWriteOptions;

/** Renders Tablesaw tables as text: an aligned terminal table, GitHub Markdown or CSV. */
public final class TableText {
    private TableText() {}

    /** Aligned columns with a header rule; numeric columns are right-aligned. */
    public static String terminal(Table table) {
        return io.sparsim.reports.write.TerminalWriter.align(cells(table), numericColumns(table));
    }

    /** A GitHub-flavoured Markdown table. */
    public static String markdown(Table table) {
        List<String[]> rows = cells(table);
        boolean[] right = numericColumns(table);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            sb.append('|');
            for (String cell : rows.get(r)) {
                sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (boolean rt : right) {
                    sb.append(rt ? "---:|" : "---|");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** RFC 4180 CSV with a header row. */
    public static String csv(Table table) {
        StringWriter out = new StringWriter();
        try {
            table.write().csv(CsvWriteOptions.builder(out).header(true).build());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
        return out.toString();
    }

    private static List<String[]> cells(Table table) {
        List<String[]> rows = new ArrayList<>();
        rows.add(table.columnNames().toArray(new String[0]));
        for (int r = 0; r < table.rowCount(); r++) {
            String[] row = new String[table.columnCount()];
            for (int c = 0; c < row.length; c++) {
                row[c] = table.column(c).getString(r);
            }
            rows.add(row);
        }
        return rows;
    }

    private static boolean[] numericColumns(Table table) {
        boolean[] right = new boolean[table.columnCount()];
        for (int c = 0; c < right.length; c++) {
            Column<?> col = table.column(c);
            right[c] = col.type().name().matches("INTEGER|LONG|DOUBLE|FLOAT|SHORT");
        }
        return right;
    }
}
