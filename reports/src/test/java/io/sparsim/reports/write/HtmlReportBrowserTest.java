package io.sparsim.reports.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.reports.doc.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders report pages in headless Chromium: every figure's SVG must lay out to a chart-sized box with its
 * axes, marks and labels, and the page must cause no console message (a self-contained page has no script
 * and fetches nothing, so any message is a broken page). Skipped, with the reason, where Chromium is missing.
 */
final class HtmlReportBrowserTest {
    /** Measures each figure after layout; added to a copy of the page only, so the report stays script-free. */
    private static final String PROBE = """
            <script>
            const figs = [...document.querySelectorAll('figure svg')];
            const drawn = figs.filter(s => { const b = s.getBBox();
              const marks = [...s.querySelectorAll('path,rect,line,polyline,text')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 || r.height > 0; });
              return b.width > 200 && b.height > 100 && marks.length >= 10; });
            document.body.setAttribute('data-figures', figs.length);
            document.body.setAttribute('data-drawn', drawn.length);
            </script>""";

    private HtmlReportBrowserTest() {}

    /** Writes {@code doc} as a report into {@code dir}, renders it and asserts {@code figures} charts drawn. */
    static void assertRendered(Path dir, String name, Object record, Document doc, int figures) throws Exception {
        Path page = ReportFiles.write(dir.resolve("report"), name, record, doc);
        String html = Files.readString(page);
        assertFalse(html.contains("<script"), "a report page carries no script");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "a report page fetches nothing");
        var chromium = Chromium.find();
        Assumptions.assumeTrue(chromium.isPresent(),
                "chromium is not installed (Debian package 'chromium'; .ci/run installs it): browser check skipped");
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"));
        Chromium.Run run = chromium.get().dumpDom(probed, dir);
        assertEquals(0, run.exitCode(), run.log());
        assertEquals(figures, attribute(run.stdout(), "data-figures"), "figures on the page");
        assertEquals(figures, attribute(run.stdout(), "data-drawn"), "figures drawn with axes and marks");
        Chromium.Run plain = chromium.get().dumpDom(page, dir);
        assertEquals(List.of(), plain.console(), "console messages of the report page");
        assertEquals(List.of(), run.console(), "console messages of the probed page");
        assertTrue(plain.stdout().contains("<svg"), "the page's DOM holds the charts");
    }

    private static int attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), () -> name + " missing from the DOM: the probe did not run");
        return Integer.parseInt(m.group(1));
    }
}
