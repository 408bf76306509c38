package dev.ortrain.loop;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything besides parameters and optimizer moments that a run needs to continue exactly where it stopped:
 * the run's length in epochs (kept apart from the fingerprint, since a resume may extend it), position (epoch,
 * batch in epoch, optimizer and micro steps), the loader's shuffle state, the scheduler,
 * the partial training metrics of the current epoch, the history, and every callback's state. Stored as
 * {@value #FILE} in a checkpoint directory.
 */
record ResumeState(
    String fingerprint,
    int epochs,
    int epoch,
    int batchInEpoch,
    long globalStep,
    long trainSteps,
    String loaderState,
    String schedulerState,
    float learningRate,
    Map<String, Double> trainMetricState,
    Map<String, Double> latestMetrics,
    List<Map<String, Double>> history,
    long skippedSteps,
    Map<String, String> callbackStates) {

  static final String FILE = "trainer.json";
  /**
   * 2: the epochs left the fingerprint for a field of their own. 3: early stopping's and the checkpoint
   * callback's states became versioned JSON; refusing version 2 here refuses their positional text before a
   * restore has changed anything.
   */
  static final int VERSION = 3;
  // NaN metrics (before the first sample) must survive; doubles round-trip exactly through Double.toString.
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("version", VERSION);
    o.addProperty("fingerprint", fingerprint);
    o.addProperty("epochs", epochs);
    o.addProperty("epoch", epoch);
    o.addProperty("batchInEpoch", batchInEpoch);
    o.addProperty("globalStep", globalStep);
    o.addProperty("trainSteps", trainSteps);
    o.addProperty("loaderState", loaderState);
    o.addProperty("schedulerState", schedulerState);
    o.addProperty("learningRate", learningRate);
    o.add("trainMetricState", GSON.toJsonTree(trainMetricState));
    o.add("latestMetrics", GSON.toJsonTree(latestMetrics));
    o.add("history", GSON.toJsonTree(history));
    o.addProperty("skippedSteps", skippedSteps);
    o.add("callbackStates", GSON.toJsonTree(callbackStates));
    return GSON.toJson(o);
  }

  static ResumeState fromJson(String json, String source) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      int version = o.get("version").getAsInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("Checkpoint " + source + " holds trainer state version " + version
            + "; this ortrain reads version " + VERSION + ". Resume it with the ortrain that wrote it, or start the"
            + " run again.");
      }
      return new ResumeState(
          o.get("fingerprint").getAsString(),
          o.get("epochs").getAsInt(),
          o.get("epoch").getAsInt(),
          o.get("batchInEpoch").getAsInt(),
          o.get("globalStep").getAsLong(),
          o.get("trainSteps").getAsLong(),
          o.get("loaderState").getAsString(),
          o.get("schedulerState").getAsString(),
          o.get("learningRate").getAsFloat(),
          doubles(o.get("trainMetricState")),
          doubles(o.get("latestMetrics")),
          GSON.fromJson(o.get("history"), new TypeToken<List<LinkedHashMap<String, Double>>>() {}.getType()),
          o.get("skippedSteps").getAsLong(),
          GSON.fromJson(o.get("callbackStates"), new TypeToken<LinkedHashMap<String, String>>() {}.getType()));
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Checkpoint " + source + " has unreadable trainer state: " + e, e);
    }
  }

  private static Map<String, Double> doubles(JsonElement e) {
    return GSON.fromJson(e, new TypeToken<LinkedHashMap<String, Double>>() {}.getType());
  }
}
