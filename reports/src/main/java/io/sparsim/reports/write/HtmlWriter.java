package io.sparsim.reports.write;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Figure;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Units;
import java.util.List;

/**
 * A self-contained HTML page: inline CSS, charts as inline SVG, no script and nothing fetched when it is
 * viewed (a planner may open it offline or mail it).
 */
public final class HtmlWriter {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;\
            color:#1d1d1f;padding:0 1em}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
            th,td{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td{white-space:nowrap}
            div.scroll{overflow-x:auto}
            table.fields th{font-weight:normal;color:#555}
            figure{margin:1em 0}figcaption{color:#555;font-size:.9em}
            figure svg{max-width:100%;height:auto}
            p.note{color:#444}footer{margin-top:3em;color:#888;font-size:.8em}
            """;

    private HtmlWriter() {}

    /** The page; {@code files} are the data files written beside it (linked at the foot). */
    public static String write(Document doc, List<String> files) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(doc.title())).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body>\n<h1>").append(esc(doc.title())).append("</h1>\n");
        for (Section s : doc.sections()) {
            sb.append("<section>");
            if (!s.title().isEmpty()) {
                sb.append("<h2>").append(esc(s.title())).append("</h2>\n");
            }
            for (Block b : s.blocks()) {
                if (b instanceof Fields f) {
                    fields(f, sb);
                } else if (b instanceof Grid g) {
                    grid(g, sb);
                } else if (b instanceof Note n) {
                    sb.append("<p class=\"note\">").append(esc(n.text())).append("</p>\n");
                } else if (b instanceof Figure fig) {
                    sb.append("<figure id=\"").append(esc(fig.name())).append("\">").append(stripProlog(fig.svg()))
                            .append("<figcaption>").append(esc(fig.title())).append("</figcaption></figure>\n");
                }
            }
            sb.append("</section>\n");
        }
        if (!files.isEmpty()) {
            sb.append("<footer>Data beside this page: ");
            for (int i = 0; i < files.size(); i++) {
                sb.append(i > 0 ? ", " : "").append("<a href=\"").append(esc(files.get(i))).append("\">")
                        .append(esc(files.get(i))).append("</a>");
            }
            sb.append(". Written by Sparsim.</footer>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void fields(Fields f, StringBuilder sb) {
        sb.append("<table class=\"fields\">");
        for (Fields.Field x : f.fields()) {
            sb.append("<tr><th>").append(esc(x.label())).append("</th><td>")
                    .append(esc(Units.format(x.value(), x.unit()))).append("</td></tr>");
        }
        sb.append("</table>\n");
    }

    private static void grid(Grid g, StringBuilder sb) {
        sb.append("<div class=\"scroll\"><table class=\"grid\" data-name=\"").append(esc(g.name())).append("\"><thead><tr>");
        for (Grid.Column c : g.columns()) {
            sb.append(c.numeric() ? "<th class=\"n\">" : "<th>").append(esc(c.label())).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (int r = 0; r < g.rows(); r++) {
            sb.append("<tr>");
            for (Grid.Column c : g.columns()) {
                sb.append(c.numeric() ? "<td class=\"n\">" : "<td>")
                        .append(esc(Units.format(c.values().get(r), c.unit()))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div>\n");
    }

    private static String stripProlog(String svg) {
        int i = svg.indexOf("<svg");
        return i > 0 ? svg.substring(i) : svg;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
