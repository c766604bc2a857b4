package io.sparsim.reports.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableTextTest {
    private static Table sample() {
        return Table.create("t",
                StringColumn.create("id", "a", "bbb"),
                DoubleColumn.create("x", 1.5, 10.25));
    }

    @Test
    void terminalAlignsNumbersRight() {
        assertEquals("""
                id       x
                ---  -----
                a      1.5
                bbb  10.25
                """, TableText.terminal(sample()));
    }

    @Test
    void markdownHasAlignmentRow() {
        assertEquals("""
                | id | x |
                |---|---:|
                | a | 1.5 |
                | bbb | 10.25 |
                """, TableText.markdown(sample()));
    }

    @Test
    void csvHasHeader() {
        assertEquals("id,x\na,1.5\nbbb,10.25\n", TableText.csv(sample()).replace("\r\n", "\n"));
    }
}
