package io.sparsim.reports.doc;

/** A sentence of prose (how to read the figures, what an option means). */
public record Note(String text) implements Block {}
