package io.sparsim.validation.gpu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes {@value GpuPlan#SCHEMA} JSON; files are written to a temporary sibling and moved into place. */
public final class GpuPlanWriter {
    private final JsonFactory factory = new JsonFactory();

    /** Writes {@code plan} to {@code file} atomically. */
    public void write(GpuPlan plan, Path file) {
        io.sparsim.core.files.AtomicFiles.write(file, toJson(plan));
    }

    /** The JSON text of {@code plan}: one case per line, so a diff of two plans reads case by case. */
    public String toJson(GpuPlan plan) {
        PlanTiming t = plan.timing();
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"schema\": ").append(compact(g -> g.writeString(GpuPlan.SCHEMA))).append(",\n");
        sb.append("  \"description\": ").append(compact(g -> g.writeString(plan.description()))).append(",\n");
        sb.append("  \"seed\": ").append(plan.seed()).append(",\n");
        sb.append("  \"timing\": ").append(compact(g -> {
            g.writeStartObject();
            g.writeNumberField("warmupCalls", t.warmupCalls());
            g.writeNumberField("warmupSeconds", t.warmupSeconds());
            g.writeNumberField("samples", t.samples());
            g.writeNumberField("minSampleSeconds", t.minSampleSeconds());
            g.writeNumberField("l2Multiple", t.l2Multiple());
            g.writeNumberField("maxBufferSets", t.maxBufferSets());
            g.writeNumberField("fallbackRotationBytes", t.fallbackRotationBytes());
            g.writeEndObject();
        })).append(",\n");
        sb.append("  \"cases\": [\n");
        for (int i = 0; i < plan.cases().size(); i++) {
            PlanCase c = plan.cases().get(i);
            sb.append("    ").append(compact(g -> {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("op", c.op());
                if (c instanceof CopyCase copy) {
                    g.writeNumberField("bytes", copy.bytes());
                } else if (c instanceof GemmCase gemm) {
                    writeGemm(g, gemm);
                }
                g.writeEndObject();
            })).append(i + 1 < plan.cases().size() ? ",\n" : "\n");
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }

    private interface Emit {
        void to(JsonGenerator g) throws IOException;
    }

    /** One JSON value on one line, with a space after each separator. */
    private String compact(Emit emit) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setPrettyPrinter(new com.fasterxml.jackson.core.util.MinimalPrettyPrinter() {
                private static final long serialVersionUID = 1L;

                @Override
                public void writeObjectFieldValueSeparator(JsonGenerator gen) throws IOException {
                    gen.writeRaw(": ");
                }

                @Override
                public void writeObjectEntrySeparator(JsonGenerator gen) throws IOException {
                    gen.writeRaw(", ");
                }

                @Override
                public void writeArrayValueSeparator(JsonGenerator gen) throws IOException {
                    gen.writeRaw(", ");
                }
            });
            emit.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeGemm(JsonGenerator g, GemmCase c) throws IOException {
        g.writeNumberField("m", c.m());
        g.writeNumberField("n", c.n());
        g.writeNumberField("k", c.k());
        g.writeStringField("dtype", c.dtype().id());
        g.writeStringField("precision", c.precision().id());
        g.writeStringField("sparsity", c.sparsity());
        g.writeStringField("format", c.format().id());
        g.writeStringField("library", c.library().id());
        g.writeArrayFieldStart("layers");
        for (String l : c.layers()) {
            g.writeString(l);
        }
        g.writeEndArray();
    }
}
