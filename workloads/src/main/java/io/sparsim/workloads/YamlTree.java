package io.sparsim.workloads;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into maps, lists and scalar texts that remember their 1-based line, so
 * that every error can name {@code file:line}. Scalars keep their source text; callers interpret it.
 */
final class YamlTree {
    private YamlTree() {
    }

    sealed interface Node permits Scalar, MapNode, ListNode {
        int line();
    }

    /** A scalar's text; {@code text} is null for YAML null ({@code ~} or nothing). */
    record Scalar(String text, int line) implements Node {
    }

    record Entry(String key, int keyLine, Node value) {
    }

    record MapNode(Map<String, Entry> entries, int line) implements Node {
    }

    record ListNode(List<Node> items, int line) implements Node {
    }

    /** Reads one YAML document; malformed YAML and duplicate keys are BadInputExceptions at source:line. */
    static Node parse(String source, String text) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadInputException(null, "a YAML mapping, got an empty document", null).at(source, 1);
            }
            Node root = read(source, p, "");
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new BadInputException(null, "a single YAML document", "a second document").at(source, line(p));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node read(String source, JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    p.nextToken();
                    Node value = read(source, p, childPath);
                    if (entries.putIfAbsent(key, new Entry(key, keyLine, value)) != null) {
                        throw new BadInputException(childPath, "each key once", key).at(source, keyLine);
                    }
                }
                return new MapNode(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(source, p, path + "[" + i++ + "]"));
                }
                return new ListNode(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> {
                return new Scalar(p.getText(), line);
            }
        }
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    /** The YAML problem ("mapping values are not allowed here") at the line where it was found. */
    private static BadInputException malformed(String source, JsonProcessingException e) {
        String problem = null;
        int line = 0;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                problem = m.getProblem();
                if (m.getProblemMark() != null) {
                    line = m.getProblemMark().getLine() + 1;
                }
                break;
            }
        }
        if (problem == null) {
            String msg = e.getOriginalMessage();
            problem = msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
        }
        if (line <= 0 && e.getLocation() != null) {
            line = e.getLocation().getLineNr();
        }
        return new BadInputException(null, "well-formed YAML", problem).at(source, Math.max(line, 1));
    }
}
