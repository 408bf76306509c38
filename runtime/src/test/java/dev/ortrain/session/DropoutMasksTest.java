package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class DropoutMasksTest {
  private static float[] draw(float ratio, long seed, long step, long mask, int n) {
    FloatBuffer buf = FloatBuffer.allocate(n);
    DropoutMasks.fill(buf, ratio, seed, step, mask);
    return buf.array();
  }

  @Test
  void masksArePureFunctionsOfSeedStepAndMask() {
    assertEquals(java.util.Arrays.toString(draw(0.3f, 1, 5, 7, 100)), java.util.Arrays.toString(draw(0.3f, 1, 5, 7, 100)));
    assertNotEquals(java.util.Arrays.toString(draw(0.3f, 1, 5, 7, 100)), java.util.Arrays.toString(draw(0.3f, 1, 6, 7, 100)));
    assertNotEquals(java.util.Arrays.toString(draw(0.3f, 1, 5, 7, 100)), java.util.Arrays.toString(draw(0.3f, 2, 5, 7, 100)));
    assertNotEquals(java.util.Arrays.toString(draw(0.3f, 1, 5, 7, 100)), java.util.Arrays.toString(draw(0.3f, 1, 5, 8, 100)));
  }

  @Test
  void dropsTheRequestedFraction() {
    for (float ratio : new float[] {0f, 0.1f, 0.5f, 0.9f}) {
      float[] m = draw(ratio, 42, 3, 1, 200_000);
      double kept = 0;
      for (float v : m) {
        kept += v;
      }
      assertEquals(1 - ratio, kept / m.length, 0.005, "ratio " + ratio);
    }
  }

  /** The masks of a seed are part of what a resume reproduces: pinned, so a change to the generator shows. */
  @Test
  void theMaskOfASeedStepAndMaskIsPinned() {
    float[] mask = draw(0.5f, 42, 3, 7, 64);
    StringBuilder bits = new StringBuilder();
    for (float v : mask) {
      bits.append(v == 0f ? '0' : '1');
    }
    assertEquals("0100011001111111010100111101001101111101001011001010000001001101", bits.toString());
    assertEquals(6238072747940578789L, DropoutMasks.mix(1L));
    assertEquals(-6734028227841136204L, DropoutMasks.mix(-123456789L));
  }
}
