package io.sparsim.reports.write;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Units;
import java.util.ArrayList;
import java.util.List;

/** Lays a document out for a terminal: labelled sections, aligned fields, aligned tables; charts left out. */
public final class TerminalWriter {
    private TerminalWriter() {}

    public static String write(Document doc) {
        StringBuilder sb = new StringBuilder();
        if (!doc.title().isEmpty()) {
            sb.append(doc.title()).append('\n');
        }
        for (Section s : doc.sections()) {
            String indent = "";
            if (!s.title().isEmpty()) {
                sb.append('\n').append(s.title()).append('\n');
                indent = "  ";
            }
            for (Block b : s.blocks()) {
                // A terminal shows no charts (Figure); the HTML page does.
                if (b instanceof Fields f) {
                    fields(f, indent, sb);
                } else if (b instanceof Grid g) {
                    sb.append(indentLines(grid(g), indent));
                } else if (b instanceof Note n) {
                    sb.append(indent).append(n.text()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void fields(Fields f, String indent, StringBuilder sb) {
        int width = f.fields().stream().mapToInt(x -> x.label().length()).max().orElse(0);
        for (Fields.Field x : f.fields()) {
            String value = Units.format(x.value(), x.unit());
            sb.append(indent).append(x.label()).append(':').append(" ".repeat(width - x.label().length() + 1))
                    .append(value).append('\n');
        }
    }

    /** An aligned table of {@code g}'s formatted cells, numbers right-aligned, with a rule under the header. */
    public static String grid(Grid g) {
        List<String[]> rows = new ArrayList<>();
        boolean[] right = new boolean[g.columns().size()];
        String[] header = new String[right.length];
        for (int c = 0; c < right.length; c++) {
            header[c] = g.columns().get(c).label();
            right[c] = g.columns().get(c).numeric();
        }
        rows.add(header);
        for (int r = 0; r < g.rows(); r++) {
            String[] row = new String[right.length];
            for (int c = 0; c < right.length; c++) {
                Grid.Column col = g.columns().get(c);
                row[c] = Units.format(col.values().get(r), col.unit());
            }
            rows.add(row);
        }
        return align(rows, right);
    }

    /** Aligned columns with a header rule; {@code rows.get(0)} is the header. */
    public static String align(List<String[]> rows, boolean[] right) {
        int cols = right.length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String s = rows.get(r)[c];
                String fill = " ".repeat(width[c] - s.length());
                line.append(right[c] ? fill + s : s + fill);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < cols; c++) {
                    rule.append(c > 0 ? "  " : "").append("-".repeat(width[c]));
                }
                sb.append(rule).append('\n');
            }
        }
        return sb.toString();
    }

    private static String indentLines(String text, String indent) {
        if (indent.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(indent).append(line);
            }
            sb.append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }
}
