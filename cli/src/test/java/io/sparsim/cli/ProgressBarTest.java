package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private long now;

    @Test
    void workUnderTwoSecondsShowsNothing() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), false, () -> now);
        bar.start("sweep", 10);
        for (int i = 0; i < 10; i++) {
            now += 150_000_000L;
            bar.step("p" + i);
        }
        bar.finish();
        assertEquals("", out.toString());
    }

    @Test
    void plainLinesWhenNotATerminal() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), false, () -> now);
        bar.start("sweep", 100);
        for (int i = 0; i < 100; i++) {
            now += 1_000_000_000L;
            bar.step("p" + i);
        }
        bar.finish();
        String s = out.toString();
        assertTrue(!s.contains("\r") && !s.contains("\033"), s);
        assertTrue(s.startsWith("sweep: 2/100 (2%) after 2 s: p1\n"), s);
        // one line every 5 s of a 100 s run, plus the final line
        assertEquals(21, s.lines().count(), s);
        assertTrue(s.endsWith("sweep: 100/100 done in 100.0 s\n"), s);
    }

    @Test
    void aTerminalRedrawsOneLineAndClearsIt() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), true, () -> now);
        bar.start("sweep", 4);
        for (int i = 0; i < 4; i++) {
            now += 1_000_000_000L;
            bar.step("p" + i);
        }
        bar.finish();
        String s = out.toString();
        assertTrue(s.contains("\rsweep [######################........]  75% 3/4"), s);
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line redrawn in place, then the summary: " + s);
        assertTrue(s.endsWith("\r\033[Ksweep: 4/4 done in 4.0 s\n"), s);
    }
}
