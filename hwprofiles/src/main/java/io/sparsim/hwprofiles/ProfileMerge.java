package io.sparsim.hwprofiles;

import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep merge of a child profile tree onto its parent's ({@code extends}): mappings merge key by key,
 * scalars and lists replace. {@code sources} is special: the parent's entries about a field the child
 * overrides (or sources itself) are dropped, so a stale citation never describes a new value.
 */
final class ProfileMerge {
    private ProfileMerge() {
    }

    static MapNode merge(MapNode parent, MapNode child) {
        Set<String> overridden = new java.util.LinkedHashSet<>();
        for (Kind k : Kind.values()) {
            if (child.get(k.id()) instanceof MapNode section) {
                overridden.addAll(leafPaths(section, ""));
            }
        }
        Map<String, Entry> out = new LinkedHashMap<>(parent.entries());
        out.remove("extends");
        Entry parentSources = out.get("sources");
        if (parentSources != null && parentSources.value() instanceof ListNode pl
                && !(child.get("sources") instanceof ListNode)) {
            // a child without sources still invalidates the parent's citations of what it overrides
            out.put("sources", new Entry("sources", parentSources.file(), parentSources.line(),
                    mergeSources(pl, new ListNode(pl.file(), pl.line(), List.of()), overridden)));
        }
        child.entries().forEach((key, e) -> {
            if (key.equals("extends")) {
                return;
            }
            Entry base = out.get(key);
            if (key.equals("sources") && base != null && base.value() instanceof ListNode pl
                    && e.value() instanceof ListNode cl) {
                out.put(key, new Entry(key, e.file(), e.line(), mergeSources(pl, cl, overridden)));
            } else if (base != null && base.value() instanceof MapNode pm && e.value() instanceof MapNode cm) {
                out.put(key, new Entry(key, e.file(), e.line(), mergeMaps(pm, cm)));
            } else {
                out.put(key, e);
            }
        });
        return new MapNode(child.file(), child.line(), out);
    }

    private static MapNode mergeMaps(MapNode parent, MapNode child) {
        Map<String, Entry> out = new LinkedHashMap<>(parent.entries());
        child.entries().forEach((key, e) -> {
            Entry base = out.get(key);
            if (base != null && base.value() instanceof MapNode pm && e.value() instanceof MapNode cm) {
                out.put(key, new Entry(key, e.file(), e.line(), mergeMaps(pm, cm)));
            } else {
                out.put(key, e);
            }
        });
        return new MapNode(child.file(), child.line(), out);
    }

    private static ListNode mergeSources(ListNode parent, ListNode child, Set<String> overridden) {
        Set<String> stale = new java.util.LinkedHashSet<>(overridden);
        for (var item : child.items()) {
            String what = what(item);
            if (what != null) {
                stale.add(what);
            }
        }
        List<Node> items = new ArrayList<>();
        for (var item : parent.items()) {
            String what = what(item);
            if (what == null || stale.stream().noneMatch(p -> related(what, p))) {
                items.add(item);
            }
        }
        items.addAll(child.items());
        return new ListNode(child.file(), child.line(), items);
    }

    /** True when one path contains the other: a source about either is about the overridden value. */
    private static boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }

    private static String what(Node item) {
        if (item instanceof MapNode m && m.get("what") instanceof Scalar s) {
            return s.text().strip();
        }
        return null;
    }

    /** Paths of the scalars and lists under a section, e.g. {@code hbm.bandwidth}. */
    static List<String> leafPaths(MapNode node, String prefix) {
        List<String> out = new ArrayList<>();
        node.entries().forEach((k, e) -> {
            String p = prefix.isEmpty() ? k : prefix + "." + k;
            if (e.value() instanceof MapNode m) {
                out.addAll(leafPaths(m, p));
            } else {
                out.add(p);
            }
        });
        return out;
    }
}
