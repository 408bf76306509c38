package dev.ortrain.cli.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The monitored metric against one swept setting, as a PNG: each configuration's mean over its seeds of the best
 * and of the last value, with a bar of ± one standard deviation. Log axis for settings drawn log-uniformly or
 * spread over decades, one tick per value for categories. Drawn headless with JFreeChart.
 */
final class SweepPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final Color BEST = new Color(0, 114, 178);
  private static final Color LAST = new Color(230, 159, 0);

  private SweepPlot() {}

  static void write(SweepResults results, SweptSetting setting, Path png) {
    System.setProperty("java.awt.headless", "true");
    String metric = results.definition().metric();
    List<String> categories = categories(results, setting);
    YIntervalSeries best = new YIntervalSeries("best " + metric);
    YIntervalSeries last = new YIntervalSeries("last " + metric);
    for (ConfigurationResult row : results.rows()) {
      String value = row.configuration().values().get(setting.key());
      double x = setting.scale() == Scale.CATEGORY ? categories.indexOf(value) : Double.parseDouble(value);
      add(best, x, row.best());
      add(last, x, row.last());
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(best);
    data.addSeries(last);
    NumberAxis metricAxis = new NumberAxis(metric);
    metricAxis.setAutoRangeIncludesZero(false);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setSeriesPaint(0, BEST);
    renderer.setSeriesPaint(1, LAST);
    renderer.setErrorStroke(new BasicStroke(1.5f));
    XYPlot plot = new XYPlot(data, axis(setting, categories), metricAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(metric + " against " + setting.key(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + png, e);
    }
  }

  private static void add(YIntervalSeries series, double x, Spread spread) {
    if (Double.isFinite(spread.mean())) {
      series.add(x, spread.mean(), spread.mean() - spread.std(), spread.mean() + spread.std());
    }
  }

  /** The setting's values in the order the configurations first use them. */
  private static List<String> categories(SweepResults results, SweptSetting setting) {
    LinkedHashSet<String> values = new LinkedHashSet<>();
    results.rows().forEach(row -> values.add(row.configuration().values().get(setting.key())));
    return new ArrayList<>(values);
  }

  private static ValueAxis axis(SweptSetting setting, List<String> categories) {
    return switch (setting.scale()) {
      case LOG -> {
        LogAxis log = new LogAxis(setting.key());
        log.setSmallestValue(Double.MIN_NORMAL);
        log.setNumberFormatOverride(new DecimalFormat("0.###E0")); // 3.162E-4 rather than a power with a fraction
        yield log;
      }
      case CATEGORY -> new SymbolAxis(setting.key(), categories.toArray(String[]::new));
      case LINEAR -> {
        NumberAxis linear = new NumberAxis(setting.key());
        linear.setAutoRangeIncludesZero(false);
        yield linear;
      }
    };
  }
}
