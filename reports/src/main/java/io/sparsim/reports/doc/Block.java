package io.sparsim.reports.doc;

/** What a section holds. */
public sealed interface Block permits Fields, Grid, Figure, Note {}
