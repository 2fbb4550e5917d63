package dev.labhand.ops;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The spend chart: bars of spend per day stacked by member or by VM, and on a second axis the running total
 * against the budget line, as a PNG drawn headless (no display needed).
 */
final class SpendChart {
    /** What the chart's words are, in the reader's language. */
    record Labels(String title, String day, String perDay, String total, String budget) {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SpendChart() {}

    /**
     * @param lines  the ledger rows to draw
     * @param series what stacks a row belongs to (its member's name, its host)
     * @param budget the budget line in USD; 0 draws none
     */
    static byte[] png(List<CostLedger.Line> lines, Function<CostLedger.Line, String> series, double budget,
                      Labels labels) {
        SortedMap<LocalDate, Map<String, Double>> byDay = new TreeMap<>();
        for (CostLedger.Line l : lines) {
            byDay.computeIfAbsent(l.day(), d -> new TreeMap<>()).merge(series.apply(l), l.usd(), Double::sum);
        }
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        DefaultCategoryDataset running = new DefaultCategoryDataset();
        double total = 0;
        for (var day : byDay.entrySet()) {
            String column = day.getKey().toString().substring(5); // MM-DD
            for (var s : day.getValue().entrySet()) bars.addValue(s.getValue(), s.getKey(), column);
            total += day.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            running.addValue(total, labels.total(), column);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(labels.title(), labels.day(), labels.perDay(), bars,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis totalAxis = new NumberAxis(labels.total());
        totalAxis.setLowerBound(0);
        totalAxis.setUpperBound(Math.max(total, budget) * 1.1 + 0.01);
        plot.setRangeAxis(1, totalAxis);
        plot.setDataset(1, running);
        plot.mapDatasetToRangeAxis(1, 1);
        LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, Color.DARK_GRAY);
        line.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        if (budget > 0) {
            ValueMarker marker = new ValueMarker(budget, Color.RED, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            marker.setLabel(labels.budget() + " " + BudgetBook.usd(budget));
            marker.setLabelPaint(Color.RED);
            plot.addRangeMarker(1, marker, Layer.FOREGROUND);
        }
        BufferedImage image = chart.createBufferedImage(Math.max(800, 60 * byDay.size()), 500);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
