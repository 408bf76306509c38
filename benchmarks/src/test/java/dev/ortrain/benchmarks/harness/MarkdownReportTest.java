package dev.ortrain.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ortrain.benchmarks.Workload;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
  private static JsonObject meta() {
    JsonObject m = new JsonObject();
    m.addProperty("command", "benchmarks/run.sh --quick");
    m.addProperty("date", "2026-12-07T00:00:00Z");
    m.addProperty("cpu", "test CPU");
    m.addProperty("cores", 2);
    m.addProperty("memory_gib", 8.0);
    m.addProperty("os", "Linux");
    m.addProperty("java", "Java 17");
    m.addProperty("threads", 2);
    m.addProperty("repeats", 3);
    m.addProperty("train_seconds", 2.0);
    m.addProperty("eval_seconds", 1.0);
    m.addProperty("data", "/data");
    return m;
  }

  private static JsonObject contender(String name, double... trainRates) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.add("errors", new JsonArray());
    JsonArray train = new JsonArray();
    for (double r : trainRates) {
      train.add(r);
    }
    c.add("train", train);
    return c;
  }

  private static String render(Workload model, int batch, JsonObject ortrain, JsonObject pytorch) {
    JsonObject w = new JsonObject();
    w.addProperty("model", model.id());
    w.addProperty("batch", batch);
    JsonObject per = new JsonObject();
    per.add(Contender.FRAMEWORK, ortrain);
    per.add(Contender.PYTORCH, pytorch);
    w.add("contenders", per);
    JsonObject results = new JsonObject();
    results.add("meta", meta());
    JsonArray workloads = new JsonArray();
    workloads.add(w);
    results.add("workloads", workloads);
    return new MarkdownReport(results, null).render();
  }

  /** Per round 2x, 3x and 1.5x: the median ratio and its range, in the row of the model's title and batch. */
  @Test
  void anImportedModelsRowGivesTheRoundByRoundRatioToPyTorch() {
    String md = render(Workload.TRANSFORMER, 128, contender("ortrain", 200, 300, 150),
        contender("PyTorch", 100, 100, 100));
    assertTrue(md.contains("| Transformer | 128 | 2.00x [1.50x to 3.00x] |"), md);
  }

  @Test
  void theCostOfAMeasuredModelIsStated() {
    String md = render(Workload.LSTM, 32, contender("ortrain", 1), contender("PyTorch", 1));
    assertTrue(md.contains(MarkdownReport.mflops(Workload.LSTM.flopsPerSample()) + " MFLOP (LSTM)"), md);
    assertTrue(!md.contains("MFLOP (MLP)"), "only the models measured: " + md);
  }

  @Test
  void theReportPointsToTheSparkAndPerModelFiguresMeasuredByOtherTools() {
    String md = render(Workload.LSTM, 32, contender("ortrain", 1), contender("PyTorch", 1));
    assertTrue(md.contains("## Measured elsewhere"), md);
    assertTrue(md.contains("[spark.md](spark.md#measured)"), md);
    assertTrue(md.contains("-Pspark-measurements"), md);
  }
}
