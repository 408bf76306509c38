package dev.ortrain.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps every call it gets, in order, for tests to compare with what a tracker wrote. */
public final class RecordingLogger implements ExperimentLogger {
  /** One {@link #logScalars} call. */
  public record Logged(long step, Map<String, Double> scalars) {}

  public final List<TrainingStart> starts = new ArrayList<>();
  public final List<Logged> logged = new ArrayList<>();
  public final List<String> calls = new ArrayList<>();

  @Override
  public void start(TrainingStart start) {
    starts.add(start);
    calls.add("start");
  }

  @Override
  public void logScalars(long step, Map<String, Double> scalars) {
    logged.add(new Logged(step, Map.copyOf(scalars)));
    calls.add("scalars");
  }

  @Override
  public void flush() {
    calls.add("flush");
  }

  @Override
  public void close() {
    calls.add("close");
  }

  /** Every value logged under {@code tag}, by step; a later value at the same step replaces an earlier one. */
  public Map<Long, Double> series(String tag) {
    Map<Long, Double> series = new LinkedHashMap<>();
    logged.stream().filter(l -> l.scalars().containsKey(tag)).forEach(l -> series.put(l.step(), l.scalars().get(tag)));
    return series;
  }
}
