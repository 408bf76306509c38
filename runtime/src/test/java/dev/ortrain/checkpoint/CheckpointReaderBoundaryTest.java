package dev.ortrain.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which damage the checkpoint reader names: a file under 8 bytes is too short, one of 8 is read for its identifier. */
class CheckpointReaderBoundaryTest {
  @Test
  void sevenBytesAreTooShortAndEightAreCheckedForTheIdentifier() {
    CorruptCheckpointException seven = assertThrows(CorruptCheckpointException.class,
        () -> CheckpointReader.parse(new byte[7], "seven"));
    assertTrue(seven.getMessage().contains("the file has 7 bytes, too short for a checkpoint"), seven.getMessage());
    CorruptCheckpointException eight = assertThrows(CorruptCheckpointException.class,
        () -> CheckpointReader.parse(new byte[8], "eight"));
    assertTrue(eight.getMessage().contains("it lacks the ONNX Runtime checkpoint identifier 'ODTC'"),
        eight.getMessage());
  }
}
