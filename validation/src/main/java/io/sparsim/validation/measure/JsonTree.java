package io.sparsim.validation.measure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers the line of every value (Jackson's tree model forgets locations), so a strict
 * binder can say {@code plan.json:41: cases[3].library: expected ..., got '...'}.
 */
public final class JsonTree {
    public sealed interface Node permits Obj, Arr, Val {
        int line();

        /** Short text of the node for error messages. */
        default String text() {
            if (this instanceof Val v) {
                return v.text();
            }
            return this instanceof Obj ? "{...}" : "[...]";
        }
    }

    public record Obj(int line, Map<String, Node> fields) implements Node {
    }

    public record Arr(int line, List<Node> items) implements Node {
    }

    public record Val(int line, JsonToken token, String text) implements Node {
    }

    private JsonTree() {
    }

    /**
     * Parses one JSON value from {@code in}; {@code source} names it in errors and {@code expected} says what
     * an empty file should have held.
     */
    public static Node parse(Reader in, String source, String expected) {
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() == null) {
                throw new BadInputException("", expected, "empty file").at(source, 1);
            }
            Node root = value(p, source);
            if (p.nextToken() != null) {
                throw new BadInputException("", "a single JSON object", p.getText())
                        .at(source, p.currentTokenLocation().getLineNr());
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException("", "well-formed JSON (" + e.getOriginalMessage() + ")", null).at(source, line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static Node value(JsonParser p, String src) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                if (fields.put(name, value(p, src)) != null) {
                    throw new BadInputException(name, "each field once", "a second '" + name + "'").at(src, keyLine);
                }
            }
            return new Obj(line, fields);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(p, src));
            }
            return new Arr(line, items);
        }
        return new Val(line, t, t == JsonToken.VALUE_NULL ? "null" : p.getText());
    }
}
