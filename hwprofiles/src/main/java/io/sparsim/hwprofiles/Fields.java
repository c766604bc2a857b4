package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Typed, located access to one mapping of a profile tree. Every error it raises carries the file,
 * the line and the full field path; unknown keys are rejected when the view is created.
 */
final class Fields {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

    private final MapNode node;
    private final String path;

    private Fields(MapNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** A view of {@code node} at {@code path} that allows only {@code allowed} keys. */
    static Fields of(MapNode node, String path, List<String> allowed) {
        for (var e : node.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new BadInputException(join(path, e.getKey()),
                        "a known key (allowed here: " + String.join(", ", allowed) + ")", e.getKey())
                        .at(e.getValue().file(), e.getValue().line());
            }
        }
        return new Fields(node, path);
    }

    /** A view that accepts any keys (maps keyed by data, e.g. precision ids). */
    static Fields open(MapNode node, String path) {
        return new Fields(node, path);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MapNode node() {
        return node;
    }

    String path() {
        return path;
    }

    List<String> keys() {
        return List.copyOf(node.entries().keySet());
    }

    boolean has(String key) {
        return node.entries().containsKey(key);
    }

    /** The value of a required key; a missing key is reported at the line of this mapping. */
    Node required(String key, String expected) {
        Entry e = node.entries().get(key);
        if (e == null) {
            throw new BadInputException(join(path, key), expected + ", but the key is missing", null)
                    .at(node.file(), node.line());
        }
        return e.value();
    }

    Scalar scalar(String key, String expected) {
        Node n = required(key, expected);
        if (n instanceof Scalar s) {
            return s;
        }
        throw error(key, n, expected, n.describe());
    }

    String text(String key) {
        String expected = "a non-empty text";
        Scalar s = scalar(key, expected);
        if (s.text().isBlank()) {
            throw error(key, s, expected, s.text());
        }
        return s.text();
    }

    /** A positive integer written as digits (no fraction, no exponent). */
    int count(String key) {
        String expected = "a positive integer";
        Scalar s = scalar(key, expected);
        String t = s.text().strip();
        if (!INTEGER.matcher(t).matches()) {
            throw error(key, s, expected, s.text());
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error(key, s, expected, s.text());
        }
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw error(key, s, expected, s.text());
        }
        return (int) v;
    }

    /** A plain decimal number; range checks are the records' business. */
    double number(String key) {
        String expected = "a number";
        Scalar s = scalar(key, expected);
        String t = s.text().strip();
        if (!NUMBER.matcher(t).matches()) {
            throw error(key, s, expected + " (no unit)", s.text());
        }
        return Double.parseDouble(t);
    }

    /** A quantity with a unit, parsed by e.g. {@code Bandwidth::parse}. */
    <T> T unit(String key, BiFunction<String, String, T> parse, String expected) {
        Scalar s = scalar(key, expected);
        try {
            return parse.apply(s.text(), join(path, key));
        } catch (BadInputException e) {
            throw e.at(s.file(), s.line());
        }
    }

    Fields child(String key, List<String> allowed) {
        return Fields.of(map(key, "a mapping with keys " + String.join(", ", allowed)), join(path, key), allowed);
    }

    Fields openChild(String key, String expected) {
        return Fields.open(map(key, expected), join(path, key));
    }

    private MapNode map(String key, String expected) {
        Node n = required(key, expected);
        if (n instanceof MapNode m) {
            return m;
        }
        throw error(key, n, expected, n.describe());
    }

    ListNode list(String key, String expected) {
        Node n = required(key, expected);
        if (n instanceof ListNode l) {
            return l;
        }
        throw error(key, n, expected, n.describe());
    }

    /** A list of non-empty scalars. */
    List<String> strings(String key) {
        String expected = "a list of names like [avx2, avx512f]";
        ListNode l = list(key, expected);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            Node item = l.items().get(i);
            if (!(item instanceof Scalar s) || s.text().isBlank()) {
                throw new BadInputException(join(path, key) + "[" + i + "]", "a name", item.describe())
                        .at(item.file(), item.line());
            }
            out.add(s.text().strip());
        }
        return out;
    }

    BadInputException error(String key, Node at, String expected, String found) {
        return new BadInputException(join(path, key), expected, found).at(at.file(), at.line());
    }

    /**
     * Runs a record constructor; an unlocated error naming a field relative to this mapping (e.g.
     * {@code capacity}, {@code hbm.capacity}, {@code isa[2]}) gets this path and the field's line.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (BadInputException e) {
            throw locate(e);
        }
    }

    BadInputException locate(BadInputException e) {
        if (e.source() != null) {
            return e;
        }
        String field = e.field() == null ? "" : e.field();
        String file = node.file();
        int line = node.line();
        Node at = node;
        for (String segment : field.split("[.\\[\\]]+")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (at instanceof MapNode m && m.entries().containsKey(segment)) {
                Entry en = m.entries().get(segment);
                file = en.file();
                line = en.line();
                at = en.value();
                if (at instanceof Scalar s) {
                    line = s.line();
                }
            } else if (at instanceof ListNode l && segment.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(segment) < l.items().size()) {
                at = l.items().get(Integer.parseInt(segment));
                file = at.file();
                line = at.line();
            } else {
                break;
            }
        }
        BadInputException located = path.isEmpty() ? e : e.under(path);
        return located.at(file, line);
    }
}
