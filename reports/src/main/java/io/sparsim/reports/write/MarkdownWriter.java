package io.sparsim.reports.write;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Figure;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Units;

/** GitHub-flavoured Markdown: headings per section, fields as a list, tables with units in the cells. */
public final class MarkdownWriter {
    private MarkdownWriter() {}

    public static String write(Document doc) {
        StringBuilder sb = new StringBuilder("# ").append(doc.title()).append("\n");
        for (Section s : doc.sections()) {
            if (!s.title().isEmpty()) {
                sb.append("\n## ").append(s.title()).append("\n");
            }
            for (Block b : s.blocks()) {
                sb.append('\n');
                if (b instanceof Fields f) {
                    f.fields().forEach(x -> sb.append("- ").append(x.label()).append(": ")
                            .append(cell(Units.format(x.value(), x.unit()))).append('\n'));
                } else if (b instanceof Grid g) {
                    sb.append(grid(g));
                } else if (b instanceof Note n) {
                    sb.append(n.text()).append('\n');
                } else if (b instanceof Figure fig) {
                    sb.append("(chart: ").append(fig.title()).append(", in the HTML report)\n");
                }
            }
        }
        return sb.toString();
    }

    public static String grid(Grid g) {
        StringBuilder sb = new StringBuilder("|");
        g.columns().forEach(c -> sb.append(' ').append(cell(c.label())).append(" |"));
        sb.append("\n|");
        g.columns().forEach(c -> sb.append(c.numeric() ? "---:|" : "---|"));
        sb.append('\n');
        for (int r = 0; r < g.rows(); r++) {
            sb.append('|');
            for (Grid.Column c : g.columns()) {
                sb.append(' ').append(cell(Units.format(c.values().get(r), c.unit()))).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
