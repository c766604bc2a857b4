package io.sparsim.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.core.tree.Node.Type;
import io.sparsim.core.tree.TreeParser.Syntax;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeParserTest {
    private static BadInputException bad(String text, Syntax syntax) {
        return assertThrows(BadInputException.class, () -> TreeParser.parse(text, "f", syntax, "a mapping"));
    }

    @Test
    void keepsLinesTypesAndOrder() {
        MapNode m = TreeParser.parseMap("a: 1\nb:\n  - x\n  - 2.5\nc: ~\nd: 'true'\ne: true\n", "f.yaml",
                Syntax.YAML, "a mapping");
        assertEquals(java.util.List.of("a", "b", "c", "d", "e"), java.util.List.copyOf(m.entries().keySet()));
        Scalar a = (Scalar) m.get("a");
        assertEquals(1, a.line());
        assertEquals(Type.NUMBER, a.type());
        assertTrue(a.isInteger());
        ListNode b = (ListNode) m.get("b");
        assertEquals(3, b.items().get(0).line());
        assertEquals(Type.NUMBER, ((Scalar) b.items().get(1)).type());
        assertTrue(((Scalar) m.get("c")).isNull());
        assertEquals(Type.STRING, ((Scalar) m.get("d")).type());
        assertEquals(Type.BOOLEAN, ((Scalar) m.get("e")).type());
        assertEquals(7, m.entry("e").line());
        assertEquals("f.yaml", m.get("e").file());
    }

    @Test
    void jsonKeepsLines() {
        MapNode m = TreeParser.parseMap("{\n \"a\": [1,\n 2.0],\n \"b\": null\n}", "f.json", Syntax.JSON, "x");
        assertEquals(2, m.entry("a").line());
        assertTrue(((Scalar) ((ListNode) m.get("a")).items().get(0)).isInteger());
        assertEquals(4, m.get("b").line());
    }

    @Test
    void duplicateKeysAreErrorsWithBothLines() {
        BadInputException e = bad("a: 1\nb: 2\na: 3\n", Syntax.YAML);
        assertEquals("f:3: a: expected each key once per mapping (first at line 1), got 'a'", e.getMessage());
        assertEquals(3, bad("{\"a\": 1,\n\"b\": {\"c\": 1,\n \"c\": 2}}", Syntax.JSON).line());
    }

    @Test
    void anchorsAndAliasesAreRefused() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        BadInputException e = bad(bomb, Syntax.YAML);
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("anchors and aliases"), e.getMessage());
        assertTrue(bad("a: 1\nb: *a\n", Syntax.YAML).getMessage().contains("aliases"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(TreeParser.MAX_DEPTH + 5) + "]".repeat(TreeParser.MAX_DEPTH + 5);
        assertTrue(bad(deep, Syntax.JSON).getMessage().contains("levels of nesting"));
        assertTrue(bad("a: " + deep, Syntax.YAML).getMessage().contains("levels of nesting"));
        String ok = "[".repeat(TreeParser.MAX_DEPTH) + "]".repeat(TreeParser.MAX_DEPTH);
        assertTrue(TreeParser.parse(ok, "f", Syntax.JSON, "x") instanceof ListNode);
    }

    @Test
    void longNumbersAndScalarsAreRefused() {
        String digits = "1".repeat(5000);
        assertTrue(bad("a: " + digits, Syntax.YAML).getMessage().contains("a number of at most"));
        assertTrue(bad("{\"a\": " + digits + "}", Syntax.JSON).getMessage().contains("a number of at most"));
        assertTrue(bad("a: '" + "x".repeat(TreeParser.MAX_SCALAR_CHARS + 1) + "'", Syntax.YAML).getMessage()
                .contains("at most"));
        assertTrue(bad("x".repeat(TreeParser.MAX_BYTES + 1), Syntax.YAML).getMessage().contains("MiB"));
    }

    @Test
    void malformedEmptyAndBinaryInputNameFileAndLine() {
        assertEquals("f:1: expected a mapping, got 'an empty file'", bad("", Syntax.YAML).getMessage());
        assertEquals("f:1: expected a mapping, got 'an empty file'", bad("  \n", Syntax.JSON).getMessage());
        BadInputException y = bad("a: 1\nb: [1, 2\nc: 3\n", Syntax.YAML);
        assertEquals("f", y.source());
        assertTrue(y.line() >= 2, y.getMessage());
        BadInputException j = bad("{\"a\": 1,\n \"b\": }", Syntax.JSON);
        assertEquals(2, j.line());
        assertTrue(!j.getMessage().contains("Exception"), j.getMessage());
        assertTrue(bad("a: 1\n\0\0\0", Syntax.YAML).getMessage().contains("binary"));
        assertTrue(bad("a: 1\n---\nb: 2\n", Syntax.YAML).getMessage().contains("single YAML document"));
        assertTrue(bad("a: \u0007", Syntax.YAML).getMessage().startsWith("f:1: expected well-formed YAML"));
    }

    @Test
    void readTextBoundsAndDecodes(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("b.yaml");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertEquals("b.yaml:1: expected UTF-8 text, got 'binary or non-UTF-8 bytes'",
                assertThrows(BadInputException.class, () -> TreeParser.readText(bin, "b.yaml")).getMessage());
        assertEquals("m.yaml: expected an existing file, got 'no such file'", assertThrows(BadInputException.class,
                () -> TreeParser.readText(dir.resolve("m.yaml"), "m.yaml")).getMessage());
        assertEquals("d: expected a file, got 'a folder'",
                assertThrows(BadInputException.class, () -> TreeParser.readText(dir, "d")).getMessage());
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[TreeParser.MAX_BYTES + 1]);
        assertTrue(assertThrows(BadInputException.class, () -> TreeParser.readText(big, "big.yaml"))
                .getMessage().contains("MiB"));
    }

    @Test
    void topLevelMustBeAMapping() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TreeParser.parseMap("- a\n- b\n", "f", Syntax.YAML, "a profile mapping"));
        assertEquals("f:1: expected a profile mapping, got 'a list of 2'", e.getMessage());
    }
}
