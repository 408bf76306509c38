package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResumeStateTest {
  /**
   * Version 2 checkpoints hold the callbacks' positional states: refused as a whole, by version, before a
   * restore changes anything.
   */
  @Test
  void aCheckpointOfTheFormatBeforeJsonCallbackStatesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ResumeState.fromJson("{\"version\":2,\"callbackStates\":{\"model_checkpoint\":\"NaN;;;\"}}", "ckpt"));
    assertEquals("Checkpoint ckpt holds trainer state version 2; this ortrain reads version 3. Resume it with the"
        + " ortrain that wrote it, or start the run again.", e.getMessage());
  }
}
