package io.sparsim.core.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.core.tree.Node.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The one reader of YAML and JSON input files: Jackson's streaming parser into {@link Node}s that carry
 * file and line (streaming, not databind, is what keeps a line for every key and value).
 *
 * <p>Every input is bounded before it can cost minutes or gigabytes: its size, nesting depth and the
 * length of a scalar or number are capped, and YAML anchors and aliases are refused (a file of them can
 * stand for an exponential tree, and no Sparsim file needs one). Duplicate keys are errors, as are
 * non-UTF-8 and binary bytes. Everything a malformed file can cause surfaces as a
 * {@link BadInputException} naming file and line.
 */
public final class TreeParser {
    /** Largest input file: the biggest committed measurement file is under 40 KB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Deepest nesting of mappings and lists: Sparsim's schemas nest four levels. */
    public static final int MAX_DEPTH = 32;
    /** Longest scalar: a citation or a sample list's text fits easily. */
    public static final int MAX_SCALAR_CHARS = 16 * 1024;
    /** Longest written number: a double needs 25 characters; longer digits only cost parse time. */
    public static final int MAX_NUMBER_CHARS = 40;

    /** The two syntaxes, chosen by file name: {@code .json} is JSON, anything else YAML. */
    public enum Syntax {
        YAML, JSON;

        public static Syntax of(String fileName) {
            return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    private TreeParser() {
    }

    /**
     * Reads {@code path} (named {@code name} in errors) as bounded, strict UTF-8 text: a missing, unreadable,
     * oversized, binary or non-UTF-8 file is a BadInputException.
     */
    public static String readText(Path path, String name) {
        if (Files.isDirectory(path)) {
            throw new BadInputException(null, "a file", "a folder").at(name, 0);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new BadInputException(null, "an existing file", "no such file").at(name, 0);
        } catch (AccessDeniedException e) {
            throw new BadInputException(null, "a readable file", "permission denied").at(name, 0);
        } catch (IOException e) {
            throw new BadInputException(null, "a readable file", e.getClass().getSimpleName().replace("Exception", ""))
                    .at(name, 0);
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadInputException(null, "a file of at most " + MAX_BYTES / (1024 * 1024) + " MiB",
                    "a larger file").at(name, 0);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(null, "UTF-8 text", "binary or non-UTF-8 bytes")
                    .at(name, lineOfFirstBadByte(bytes));
        }
        return text;
    }

    /** Reads and parses a file whose top level must be a mapping; {@code expected} says what it should hold. */
    public static MapNode readMap(Path path, String name, String expected) {
        return parseMap(readText(path, name), name, Syntax.of(name), expected);
    }

    /** Parses one document whose top level must be a mapping. */
    public static MapNode parseMap(String text, String file, Syntax syntax, String expected) {
        Node root = parse(text, file, syntax, expected);
        if (root instanceof MapNode m) {
            return m;
        }
        throw new BadInputException(null, expected, root.describe()).at(file, root.line());
    }

    /** Parses one document of any shape; an empty one is an error that says {@code expected}. */
    public static Node parse(String text, String file, Syntax syntax, String expected) {
        if (text.length() > MAX_BYTES) {
            throw new BadInputException(null, "a file of at most " + MAX_BYTES / (1024 * 1024) + " MiB",
                    "a larger file").at(file, 0);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new BadInputException(null, "text", "a binary file (a NUL byte)").at(file, lineOf(text, nul));
        }
        String format = syntax.name();
        try (JsonParser p = factory(syntax).createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadInputException(null, expected, "an empty file").at(file, 1);
            }
            Node root = read(p, file, "", 1, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new BadInputException(null, "a single " + format + " document", "more content after it")
                        .at(file, line(p));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new BadInputException(null, "a number of at most " + MAX_NUMBER_CHARS + " characters",
                    "a longer one").at(file, locationLine(e));
        } catch (JsonProcessingException e) {
            throw malformed(file, format, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            // the YAML scanner reports some faults (control characters, bad escapes) unwrapped
            throw new BadInputException(null, "well-formed " + format, problem(e)).at(file, markedLine(e));
        }
    }

    private static JsonFactory factory(Syntax syntax) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 1)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxStringLength(MAX_BYTES)
                .build();
        if (syntax == Syntax.JSON) {
            return JsonFactory.builder().streamReadConstraints(limits).build();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES + 1);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits).build();
    }

    /** Reads the value at the current token; a mapping or list under a key takes the key's line. */
    private static Node read(JsonParser p, String file, String path, int depth, int keyLine) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        if (keyLine > 0 && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
            line = keyLine;
        }
        if (p instanceof YAMLParser y && (y.isCurrentAlias() || y.getObjectId() != null)) {
            throw new BadInputException(path, "a value written out (YAML anchors and aliases are not accepted)",
                    (y.isCurrentAlias() ? "*" : "&") + (y.isCurrentAlias() ? p.getText() : y.getObjectId()))
                    .at(file, line);
        }
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
            throw new BadInputException(path, "at most " + MAX_DEPTH + " levels of nesting", "deeper")
                    .at(file, line);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int at = line(p);
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    Entry first = entries.get(key);
                    if (first != null) {
                        throw new BadInputException(keyPath, "each key once per mapping (first at line "
                                + first.line() + ")", key).at(file, at);
                    }
                    p.nextToken();
                    entries.put(key, new Entry(key, file, at, read(p, file, keyPath, depth + 1, at)));
                }
                return new MapNode(file, line, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, file, path + "[" + i++ + "]", depth + 1, 0));
                }
                return new ListNode(file, line, items);
            }
            case VALUE_NULL -> {
                return new Scalar(file, line, "", Type.NULL);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(file, line, p.getText(), Type.BOOLEAN);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(file, line, checkedText(p, file, path, line), Type.NUMBER);
            }
            default -> {
                return new Scalar(file, line, checkedText(p, file, path, line), Type.STRING);
            }
        }
    }

    /**
     * A scalar's text, bounded: at most {@link #MAX_SCALAR_CHARS}, and a leading number (a plain one, or the
     * figure of a quantity like {@code 3.35 TB/s}) of at most {@link #MAX_NUMBER_CHARS}, so no binder later
     * spends super-linear time on thousands of digits.
     */
    private static String checkedText(JsonParser p, String file, String path, int line) throws IOException {
        String text = p.getText();
        if (text.length() > MAX_SCALAR_CHARS) {
            throw new BadInputException(path, "a value of at most " + MAX_SCALAR_CHARS + " characters", text)
                    .at(file, line);
        }
        int figure = 0;
        while (figure < text.length() && "0123456789.+-eE_".indexOf(text.charAt(figure)) >= 0) {
            figure++;
        }
        if (figure > MAX_NUMBER_CHARS) {
            throw new BadInputException(path, "a number of at most " + MAX_NUMBER_CHARS + " characters", text)
                    .at(file, line);
        }
        return text;
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 1);
    }

    /** The YAML problem ("mapping values are not allowed here") at the line where it was found. */
    private static BadInputException malformed(String file, String format, JsonProcessingException e) {
        int line = markedLine(e);
        if (line <= 0) {
            line = locationLine(e);
        }
        return new BadInputException(null, "well-formed " + format, problem(e)).at(file, Math.max(line, 1));
    }

    private static int locationLine(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : Math.max(e.getLocation().getLineNr(), 1);
    }

    private static int markedLine(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                return m.getProblemMark().getLine() + 1;
            }
        }
        return 0;
    }

    private static String problem(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblem() != null) {
                return m.getProblem();
            }
        }
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (msg == null || msg.isBlank()) {
            return "unreadable input";
        }
        String first = msg.lines().findFirst().orElse(msg).strip();
        // Jackson appends hints addressed to programmers; keep the part a user can act on
        int hint = first.indexOf(" (for ");
        return hint > 0 ? first.substring(0, hint) : first;
    }

    /** The 1-based line of the first byte that is not UTF-8. */
    private static int lineOfFirstBadByte(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        d.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
