package io.sparsim.cli;

import java.util.List;
import java.util.Map;

/** Renders a JSON-like tree (maps, lists, scalars) as indented "key: value" text for terminals. */
final class Trees {
    private Trees() {}

    static String render(Map<String, ?> tree) {
        StringBuilder sb = new StringBuilder();
        renderMap(tree, 0, sb);
        return sb.toString();
    }

    private static void renderMap(Map<String, ?> map, int depth, StringBuilder sb) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            renderEntry(e.getKey() + ":", e.getValue(), depth, sb);
        }
    }

    private static void renderEntry(String label, Object value, int depth, StringBuilder sb) {
        String indent = "  ".repeat(depth);
        if (value instanceof Map<?, ?> m) {
            sb.append(indent).append(label).append('\n');
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) m;
            renderMap(typed, depth + 1, sb);
        } else if (value instanceof List<?> list) {
            sb.append(indent).append(label).append('\n');
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> typed = (Map<String, ?>) m;
                    StringBuilder inner = new StringBuilder();
                    renderMap(typed, depth + 2, inner);
                    String block = inner.toString();
                    String pad = "  ".repeat(depth + 2);
                    sb.append(indent).append("  - ").append(block.substring(pad.length()));
                } else {
                    sb.append(indent).append("  - ").append(scalar(item)).append('\n');
                }
            }
        } else {
            sb.append(indent).append(label).append(' ').append(scalar(value)).append('\n');
        }
    }

    /** Integers as they are; fractional numbers to 4 significant digits, never in E notation. */
    private static Object scalar(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return io.sparsim.reports.units.Units.sig(((Number) value).doubleValue());
        }
        return value;
    }
}
