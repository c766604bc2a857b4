package io.sparsim.cli;

/** What a command prints on stdout. */
enum OutputFormat {
    table,
    json
}
