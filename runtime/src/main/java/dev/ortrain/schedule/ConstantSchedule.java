package dev.ortrain.schedule;

/** The initial learning rate, unchanged. */
public record ConstantSchedule() implements Schedule {
  @Override
  public double learningRate(double baseLr, Position position) {
    return baseLr;
  }

  @Override
  public String describe() {
    return "constant";
  }
}
