package io.sparsim.core.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML/JSON value that remembers the file and line it came from, so every error found later
 * (binding, record validation, profile inheritance) can point at the line a user has to edit. After a
 * merge one tree may mix nodes of several files; each node keeps its own origin.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {
    /** The file (or resource) name errors print. */
    String file();

    /** 1-based line of the value. */
    int line();

    /** How the node reads in the "got '...'" of an error. */
    String describe();

    /** A key of a mapping, with the file and line where the key is written. */
    record Entry(String key, String file, int line, Node value) {
    }

    /** A mapping; keys keep their order in the file. */
    record MapNode(String file, int line, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The value under {@code key}, or null. */
        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        /** The entry of {@code key}, or null. */
        public Entry entry(String key) {
            return entries.get(key);
        }

        @Override
        public String describe() {
            String keys = String.join(", ", entries.keySet());
            return "a mapping {" + (keys.length() > 60 ? keys.substring(0, 57) + "..." : keys) + "}";
        }
    }

    record ListNode(String file, int line, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list of " + items.size();
        }
    }

    /** What a scalar was written as: YAML/JSON resolve plain {@code 12}, {@code true}, {@code ~} to types. */
    enum Type { STRING, NUMBER, BOOLEAN, NULL }

    /** A scalar's source text ({@code ""} for null); numbers keep their written form. */
    record Scalar(String file, int line, String text, Type type) implements Node {
        public Scalar {
            text = text == null ? "" : text;
        }

        /** A number written without fraction or exponent. */
        public boolean isInteger() {
            return type == Type.NUMBER && text.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '+');
        }

        public boolean isNull() {
            return type == Type.NULL;
        }

        @Override
        public String describe() {
            return isNull() ? "nothing" : text;
        }
    }
}
