package io.sparsim.reports.doc;

/**
 * A chart as a self-contained SVG document; only the HTML writer shows it.
 *
 * @param name file-friendly name, unique within the document
 */
public record Figure(String name, String title, String svg) implements Block {}
