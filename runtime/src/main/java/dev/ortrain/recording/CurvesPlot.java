package dev.ortrain.recording;

import dev.ortrain.rules.MetricNaming;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training and validation curves against epoch, as a PNG: losses in the upper panel, the other metrics (accuracy
 * and the like) in the lower one, since their scales differ. Drawn headless with JFreeChart.
 */
final class CurvesPlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 700;
  /** History columns that are not curves of the model's quality. */
  private static final List<String> NOT_CURVES = List.of("epoch", "lr");

  /** Colour-blind-safe (Okabe-Ito), readable on white. */
  private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
    new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0)};

  private CurvesPlot() {}

  static void write(String title, List<Map<String, Double>> history, Path png) {
    System.setProperty("java.awt.headless", "true");
    Map<String, XYSeries> losses = new LinkedHashMap<>();
    Map<String, XYSeries> others = new LinkedHashMap<>();
    for (int i = 0; i < history.size(); i++) {
      Map<String, Double> epoch = history.get(i);
      double x = epoch.getOrDefault("epoch", (double) (i + 1));
      for (Map.Entry<String, Double> metric : epoch.entrySet()) {
        String name = metric.getKey();
        if (NOT_CURVES.contains(name) || metric.getValue() == null || !Double.isFinite(metric.getValue())) {
          continue;
        }
        Map<String, XYSeries> panel = name.endsWith(MetricNaming.LOSS) ? losses : others;
        panel.computeIfAbsent(name, XYSeries::new).add(x, metric.getValue());
      }
    }
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.add(panel(losses, "loss"), 1);
    if (!others.isEmpty()) {
      plot.add(panel(others, "metric"), 1);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + png, e);
    }
  }

  private static XYPlot panel(Map<String, XYSeries> series, String label) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    NumberAxis valueAxis = new NumberAxis(label);
    valueAxis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, null, valueAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
