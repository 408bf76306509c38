package dev.ortrain.processor;

import java.util.ArrayList;
import java.util.List;

/** Where hooks of experiments compiled by the tests record that they ran (the tests compile against it). */
public final class HookRecorder {
  private static final List<String> EVENTS = new ArrayList<>();

  private HookRecorder() {}

  public static synchronized void record(String event) {
    EVENTS.add(event);
  }

  /** The events recorded since the last call, and forgets them. */
  static synchronized List<String> drain() {
    List<String> events = List.copyOf(EVENTS);
    EVENTS.clear();
    return events;
  }
}
