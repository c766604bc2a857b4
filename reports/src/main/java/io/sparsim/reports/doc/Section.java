package io.sparsim.reports.doc;

import java.util.List;

/** A labelled part of a document; an empty title continues the previous part without a heading. */
public record Section(String title, List<Block> blocks) {
    public Section {
        blocks = List.copyOf(blocks);
    }

    public static Section of(String title, Block... blocks) {
        return new Section(title, List.of(blocks));
    }
}
