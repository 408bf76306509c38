package dev.ortrain.nn;

/** Which fan Kaiming initialization preserves the variance of: the forward pass's or the backward pass's. */
public enum FanMode {
  FAN_IN,
  FAN_OUT
}
