package dev.ortrain.annotations;

/** Whether a monitored metric improves by going down or up. */
public enum MonitorMode {
  /** Decided from the name: losses and errors ({@code loss}, {@code mse}, {@code mae}) go down, others up. */
  AUTO,
  MIN,
  MAX
}
