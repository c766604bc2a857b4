package io.sparsim.core;

/**
 * Bad user input: a profile, workload or measurement file, a flag or a spec string.
 *
 * <p>Thrown from record constructors with only the field and the expectation; loaders add the
 * file and line with {@link #at(String, int)} and a field prefix with {@link #under(String)}, so the
 * message a user sees reads {@code h100.yaml:14: gpu.hbm.bandwidth: expected a bandwidth like
 * '3.35 TB/s', got '3.35'}. The CLI maps it to exit code 2.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;
    private final String expected;
    private final String found;

    /** A bad value of {@code field}: what was {@code expected} and what was {@code found} (may be null). */
    public BadInputException(String field, String expected, Object found) {
        this(null, 0, field, expected, found == null ? null : String.valueOf(found));
    }

    private BadInputException(String source, int line, String field, String expected, String found) {
        super(format(source, line, field, expected, found));
        this.source = source;
        this.line = line;
        this.field = field;
        this.expected = expected;
        this.found = found;
    }

    /** The same error located in {@code source} (a file name or a flag) at 1-based {@code line} (0: none). */
    public BadInputException at(String source, int line) {
        return new BadInputException(source, line, field, expected, found);
    }

    /** The same error with {@code prefix.} put before the field path. */
    public BadInputException under(String prefix) {
        String f = field == null || field.isEmpty() ? prefix : prefix + "." + field;
        return new BadInputException(source, line, f, expected, found);
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }

    private static String format(String source, int line, String field, String expected, String found) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append("expected ").append(expected);
        if (found != null) {
            sb.append(", got '").append(oneLine(found)).append('\'');
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ');
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
