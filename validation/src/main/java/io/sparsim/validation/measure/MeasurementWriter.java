package io.sparsim.validation.measure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sparsim.core.files.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@value Measurement#SCHEMA} JSON. Files are written to a temporary sibling and moved into
 * place, so a reader never sees a half-written file and a failed run leaves no partial output.
 */
public final class MeasurementWriter {
    private final JsonFactory factory = new JsonFactory();

    /** Writes {@code m} to {@code file} atomically (temp file in the same folder, then a move). */
    public void write(Measurement m, Path file) {
        AtomicFiles.write(file, toJson(m));
    }

    /** The JSON text of {@code m}, pretty printed, fields in schema order, absent optionals omitted. */
    public String toJson(Measurement m) {
        StringWriter out = new StringWriter();
        try {
            write(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + System.lineSeparator();
    }

    private void write(Measurement m, Writer out) throws IOException {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", Measurement.SCHEMA);
            g.writeObjectFieldStart("host");
            for (Map.Entry<String, String> e : m.host().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("cases");
            for (MeasuredCase c : m.cases()) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("op", c.op());
                g.writeNumberField("m", c.m());
                g.writeNumberField("n", c.n());
                g.writeNumberField("k", c.k());
                g.writeStringField("dtype", c.dtype());
                g.writeStringField("sparsity", c.sparsity());
                g.writeStringField("format", c.format().id());
                g.writeNumberField("threads", c.threads());
                if (c.precision() != null) {
                    g.writeStringField("precision", c.precision());
                }
                if (c.backend() != null) {
                    g.writeStringField("backend", c.backend());
                }
                if (c.library() != null) {
                    g.writeStringField("library", c.library());
                }
                g.writeNumberField("medianSeconds", c.medianSeconds());
                g.writeNumberField("p10Seconds", c.p10Seconds());
                g.writeNumberField("p90Seconds", c.p90Seconds());
                g.writeArrayFieldStart("samplesSeconds");
                for (double s : c.samplesSeconds()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
