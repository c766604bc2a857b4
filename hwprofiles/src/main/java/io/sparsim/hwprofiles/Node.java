package io.sparsim.hwprofiles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML/JSON value that remembers the file and line it came from, so every error found later
 * (binding, record validation, inheritance) can point at the line a user has to edit. After an
 * {@code extends} merge one tree mixes nodes of several files; each node keeps its own origin.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
    String file();

    int line();

    /** How the node reads in "got '...'" of an error. */
    String describe();

    /** A key of a mapping with the file and line where the key is written. */
    record Entry(String file, int line, Node value) {
    }

    record MapNode(String file, int line, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a mapping {" + String.join(", ", entries.keySet()) + "}";
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

    /** A scalar's source text ({@code ""} for null/empty); numbers keep their written form. */
    record ScalarNode(String file, int line, String text) implements Node {
        @Override
        public String describe() {
            return text;
        }
    }
}
