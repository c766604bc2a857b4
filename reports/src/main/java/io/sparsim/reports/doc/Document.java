package io.sparsim.reports.doc;

import java.util.List;

/**
 * A report as people read it: a title and labelled sections of fields, tables and charts. Built once from a
 * typed report record; the writers (terminal text, Markdown, HTML, CSV) only lay it out.
 */
public record Document(String title, List<Section> sections) {
    public Document {
        sections = List.copyOf(sections);
    }

    /** Every table in the document, in order. */
    public List<Grid> grids() {
        return sections.stream().flatMap(s -> s.blocks().stream())
                .filter(Grid.class::isInstance).map(Grid.class::cast).toList();
    }
}
