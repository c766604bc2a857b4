package io.sparsim.reports.write;

import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Grid;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.reports.text.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report folder: the offline HTML page, the report's JSON and one CSV per table, written as one set. */
public final class ReportFiles {
    private ReportFiles() {}

    /**
     * Writes {@code NAME.html}, {@code NAME.json} (the typed {@code record}) and {@code NAME.csv} (or
     * {@code NAME-TABLE.csv} per table when there are several) into {@code dir}; returns the page's path.
     */
    public static Path write(Path dir, String name, Object record, Document doc) {
        Map<String, String> files = new LinkedHashMap<>();
        List<Grid> grids = doc.grids();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Grid g : grids) {
            int n = seen.merge(g.name(), 1, Integer::sum);
            String file = grids.size() == 1 ? name + ".csv" : name + "-" + g.name() + (n > 1 ? "-" + n : "") + ".csv";
            files.put(file, CsvWriter.write(g));
        }
        files.put(name + ".json", Json.write(record));
        List<String> data = new ArrayList<>(files.keySet());
        Map<String, String> all = new LinkedHashMap<>();
        all.put(name + ".html", HtmlWriter.write(doc, data));
        all.putAll(files);
        AtomicFiles.writeAll(dir, all);
        return dir.resolve(name + ".html");
    }
}
