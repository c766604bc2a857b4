package io.sparsim.reports.chart;

import io.sparsim.reports.doc.Figure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Charts as SVG through JFreeChart and JFreeSVG: the one place chart styling lives. Every chart is drawn
 * into an SVG document of a fixed size, so a report page is self-contained and deterministic.
 */
public final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 380;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Color GRID = new Color(0xdddddd);
    private static final float[] DASH = {6f, 4f};

    private Charts() {}

    /**
     * One line of an XY chart.
     *
     * @param style how it is drawn: a solid line with points, a dashed reference line, or points only
     */
    public record Series(String name, double[] x, double[] y, Style style) {
        public enum Style { LINE, DASHED, POINTS }
    }

    /** Lines (or points) over a numeric x axis; a log y axis when the values span decades. */
    public static JFreeChart xy(String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                                boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!logY || s.y()[i] > 0)
                        && (!logX || s.x()[i] > 0)) {
                    xy.add(s.x()[i], s.y()[i]);
                }
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY) {
            plot.setRangeAxis(logAxis(yLabel));
        }
        if (logX) {
            plot.setDomainAxis(logAxis(xLabel));
        }
        if (!logY && plot.getRangeAxis() instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(true);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        for (int i = 0; i < series.size(); i++) {
            Series.Style st = series.get(i).style();
            r.setSeriesLinesVisible(i, st != Series.Style.POINTS);
            r.setSeriesShapesVisible(i, st != Series.Style.DASHED);
            if (st == Series.Style.DASHED) {
                // Reference lines (y = x, tolerance bands, ideals) in greys, apart from the data's colours.
                r.setSeriesPaint(i, i % 2 == 0 ? Color.DARK_GRAY : Color.GRAY);
            }
            r.setSeriesStroke(i, st == Series.Style.DASHED
                    ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(r);
        style(chart);
        return chart;
    }

    /** A log axis labelled with plain numbers at decades (1, 10, 100), not 10^0.2 powers. */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setStrictValuesFlag(false);
        axis.setExpTickLabelsFlag(false);
        axis.setLog10TickLabelsFlag(false);
        return axis;
    }

    /** A horizontal reference line (an SLO, a target) on an XY chart. */
    public static void hline(JFreeChart chart, double y, String label) {
        ValueMarker m = new ValueMarker(y, Color.RED.darker(), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, DASH, 0f));
        m.setLabel(label);
        chart.getXYPlot().addRangeMarker(m, Layer.FOREGROUND);
    }

    /** A vertical reference line on an XY chart. */
    public static void vline(JFreeChart chart, double x, String label) {
        ValueMarker m = new ValueMarker(x, Color.RED.darker(), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, DASH, 0f));
        m.setLabel(label);
        chart.getXYPlot().addDomainMarker(m, Layer.FOREGROUND);
    }

    /**
     * Stacked bars: one bar per category, one segment per series.
     *
     * @param values series -> category -> value (insertion order is the drawing order)
     */
    public static JFreeChart stackedBars(String title, String categoryLabel, String valueLabel,
                                         Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((cat, v) -> data.addValue(v, series, cat)));
        JFreeChart chart = ChartFactory.createStackedBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeGridlinePaint(GRID);
        plot.setBackgroundPaint(Color.WHITE);
        style(chart);
        return chart;
    }

    /**
     * Grouped bars: one group per category, one bar per series.
     *
     * @param values series -> category -> value
     */
    public static JFreeChart bars(String title, String categoryLabel, String valueLabel,
                                  Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((cat, v) -> data.addValue(v, series, cat)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeGridlinePaint(GRID);
        plot.setBackgroundPaint(Color.WHITE);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
        }
    }

    private static String twoDecimals(double x) {
        String s = String.format(java.util.Locale.ROOT, "%.2f", x);
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }

    /** The chart as an SVG figure named {@code name}. */
    public static Figure figure(String name, String caption, JFreeChart chart) {
        return figure(name, caption, chart, WIDTH, HEIGHT);
    }

    public static Figure figure(String name, String caption, JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Several charts share one page: their clip-path ids must not collide.
        g.setDefsKeyPrefix(name + "-");
        // Two decimals are far below a pixel and halve the page's size.
        g.setGeomDoubleConverter(Charts::twoDecimals);
        g.setTransformDoubleConverter(Charts::twoDecimals);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return new Figure(name, caption, g.getSVGElement(name, true, new ViewBox(0, 0, width, height), null, null));
    }
}
