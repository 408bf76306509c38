package dev.ortrain.schedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning rates PyTorch reports, from {@code schedules/torch_lr.csv} (written by
 * {@code src/test/python/make_schedule_references.py}), and the Java configuration each case name stands for.
 */
final class TorchReference {
  /** One reference sequence: {@code lrs[t]} after t scheduler steps; {@code metrics[t]} fed at step t (plateau). */
  record Case(String name, double[] lrs, double[] metrics) {
    String[] tokens() {
      return name.split(" ");
    }

    String kind() {
      return tokens()[0];
    }

    double baseLr() {
      return Double.parseDouble(tokens()[1]);
    }
  }

  private TorchReference() {}

  static List<Case> load() {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    try (InputStream in = TorchReference.class.getResourceAsStream("/schedules/torch_lr.csv")) {
      if (in == null) {
        throw new IllegalStateException("schedules/torch_lr.csv is missing from the test resources");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!"case,t,metric,lr".equals(header)) {
        throw new IllegalStateException("unexpected header " + header);
      }
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] f = line.split(",", -1);
        String name = f[0];
        int t = Integer.parseInt(f[1]);
        String metric = f[2];
        double lr = Double.parseDouble(f[3]);
        List<double[]> list = rows.computeIfAbsent(name, k -> new ArrayList<>());
        if (list.size() != t) {
          throw new IllegalStateException(name + ": row t=" + t + " out of order");
        }
        list.add(new double[] {lr, metric.isEmpty() ? Double.NaN : Double.parseDouble(metric)});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    rows.forEach((name, list) -> cases.add(new Case(name, list.stream().mapToDouble(r -> r[0]).toArray(),
        list.stream().mapToDouble(r -> r[1]).toArray())));
    return cases;
  }

  /** The schedule a non-plateau case name describes: "kind baseLr params..." (a warm-up names the next kind). */
  static Schedule schedule(Case c) {
    List<String> spec = new ArrayList<>(Arrays.asList(c.tokens()));
    spec.remove(1); // the base rate
    return parse(spec);
  }

  private static Schedule parse(List<String> spec) {
    return switch (spec.get(0)) {
      case "warmup" -> parse(spec.subList(3, spec.size())).afterWarmup(Long.parseLong(spec.get(1)),
          Double.parseDouble(spec.get(2)));
      case "constant" -> Schedule.constant();
      case "step" -> Schedule.step(Long.parseLong(spec.get(1)), Double.parseDouble(spec.get(2)));
      case "multistep" -> Schedule.multiStep(Arrays.stream(spec.get(1).split("/")).map(Long::valueOf).toList(),
          Double.parseDouble(spec.get(2)));
      case "exponential" -> Schedule.exponential(Double.parseDouble(spec.get(1)));
      case "cosine" -> Schedule.cosine(Long.parseLong(spec.get(1)), Double.parseDouble(spec.get(2)));
      default -> throw new IllegalStateException("unknown schedule in reference case: " + spec);
    };
  }

  /**
   * The configuration a plateau case name describes:
   * "plateau baseLr mode factor patience threshold thresholdMode cooldown minLr metricKind".
   */
  static ReduceOnPlateau plateau(Case c) {
    String[] t = c.tokens();
    return new ReduceOnPlateau("val_metric", ReduceOnPlateau.Mode.valueOf(t[2].toUpperCase()), Double.parseDouble(t[3]),
        Integer.parseInt(t[4]), Double.parseDouble(t[5]), ReduceOnPlateau.ThresholdMode.valueOf(t[6].toUpperCase()),
        Integer.parseInt(t[7]), Double.parseDouble(t[8]));
  }
}
