package dev.ortrain.gradients;

import java.util.Locale;

/**
 * How Resize maps one axis of its input onto its output: every output element is a weighted
 * sum of input elements along each resized axis, with the weights ONNX Runtime's CPU kernel uses. Coordinates
 * are computed in float, in the kernel's order of operations, so that nearest-neighbour rounding picks the
 * same elements.
 */
record Interpolation(Mode mode, CoordinateTransform transform, NearestRounding rounding) {

  /** Resize's {@code mode}; {@code cubic} has no rule. */
  enum Mode {
    NEAREST,
    LINEAR
  }

  /** Resize's {@code coordinate_transformation_mode}: output coordinate → input coordinate. */
  enum CoordinateTransform {
    HALF_PIXEL,
    PYTORCH_HALF_PIXEL,
    ALIGN_CORNERS,
    ASYMMETRIC;

    float original(float resized, float scale, long outLength, long inLength) {
      return switch (this) {
        case HALF_PIXEL -> (resized + 0.5f) / scale - 0.5f;
        case PYTORCH_HALF_PIXEL -> outLength > 1 ? (resized + 0.5f) / scale - 0.5f : 0f;
        case ALIGN_CORNERS -> outLength == 1 ? 0f : resized * (float) (inLength - 1) / (float) (outLength - 1);
        case ASYMMETRIC -> resized / scale;
      };
    }
  }

  /** Resize's {@code nearest_mode}: how a fractional input coordinate picks an element. */
  enum NearestRounding {
    ROUND_PREFER_FLOOR,
    ROUND_PREFER_CEIL,
    FLOOR,
    CEIL;

    long index(float original) {
      return switch (this) {
        case ROUND_PREFER_FLOOR -> original == (long) original + 0.5f ? (long) Math.floor(original)
            : roundHalfAwayFromZero(original);
        case ROUND_PREFER_CEIL -> roundHalfAwayFromZero(original);
        case FLOOR -> (long) Math.floor(original);
        case CEIL -> (long) Math.ceil(original);
      };
    }

    private static long roundHalfAwayFromZero(float v) {
      return (long) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5));
    }
  }

  /** Parses an attribute value of the node (lower case, as ONNX spells it); null when it names no constant. */
  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The weights of one axis as a row-major [outLength, inLength] matrix: row o holds the weights of the input
   * elements that output element o sums.
   *
   * @param scale the output/input ratio the kernel uses for this axis (from {@code scales}, or
   *     outLength/inLength in float when {@code sizes} is given)
   */
  float[] weights(long inLength, long outLength, float scale) {
    int in = Math.toIntExact(inLength);
    int out = Math.toIntExact(outLength);
    float[] a = new float[Math.multiplyExact(in, out)];
    for (int o = 0; o < out; o++) {
      // A scale of 1 copies the axis in every mode; the kernel skips the transform there.
      float x = scale == 1f ? o : transform.original(o, scale, outLength, inLength);
      if (mode == Mode.NEAREST) {
        long i = Math.max(0, Math.min(in - 1, rounding.index(x)));
        a[o * in + (int) i] = 1f;
      } else {
        float clamped = Math.max(0f, Math.min(x, in - 1));
        int low = Math.min((int) clamped, in - 1);
        int high = Math.min(low + 1, in - 1);
        if (low == high) {
          a[o * in + low] = 1f;
        } else {
          a[o * in + low] = Math.abs(clamped - high);
          a[o * in + high] = Math.abs(clamped - low);
        }
      }
    }
    return a;
  }
}
