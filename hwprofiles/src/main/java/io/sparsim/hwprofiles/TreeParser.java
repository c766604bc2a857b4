package io.sparsim.hwprofiles;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.Node.Entry;
import io.sparsim.hwprofiles.Node.ListNode;
import io.sparsim.hwprofiles.Node.MapNode;
import io.sparsim.hwprofiles.Node.ScalarNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON with Jackson's streaming parser into {@link Node}s carrying line numbers.
 * Streaming (not databind) is what keeps a line for every key and value.
 */
public final class TreeParser {
    private TreeParser() {
    }

    /** Parses a whole document whose top level must be a mapping. */
    public static MapNode parse(String text, String file, boolean json) {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        String format = json ? "JSON" : "YAML";
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadInputException("", "a " + format + " mapping with schema, id, name, kind, sources",
                        "an empty file").at(file, 1);
            }
            if (t != JsonToken.START_OBJECT) {
                throw new BadInputException("", "a " + format + " mapping at the top level", p.getText())
                        .at(file, line(p));
            }
            MapNode root = readMap(p, file, 1, "");
            if (p.nextToken() != null) {
                throw new BadInputException("", "a single " + format + " document", "more content")
                        .at(file, line(p));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new BadInputException(null, "valid " + format, firstLine(e.getOriginalMessage()))
                    .at(file, loc == null ? 0 : Math.max(loc.getLineNr(), 0));
        } catch (IOException e) {
            throw new BadInputException(null, "valid " + format, firstLine(e.getMessage())).at(file, 0);
        }
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 1);
    }

    private static Node readValue(JsonParser p, String file, int keyLine, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return readMap(p, file, keyLine, path);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(p, file, line(p), path + "[" + i++ + "]"));
            }
            return new ListNode(file, keyLine, items);
        }
        String text = t == JsonToken.VALUE_NULL ? "" : p.getText();
        return new ScalarNode(file, line(p), text);
    }

    private static MapNode readMap(JsonParser p, String file, int line, String path) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String key = p.currentName();
            int keyLine = line(p);
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (entries.containsKey(key)) {
                throw new BadInputException(keyPath, "each key once per mapping (first at line "
                        + entries.get(key).line() + ")", key).at(file, keyLine);
            }
            p.nextToken();
            entries.put(key, new Entry(file, keyLine, readValue(p, file, keyLine, keyPath)));
        }
        return new MapNode(file, line, entries);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
