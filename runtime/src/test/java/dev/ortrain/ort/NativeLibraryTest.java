package dev.ortrain.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {
  @Test
  void loadsTheTrainingBuildOnce() {
    OrtEnvironment env = NativeLibrary.environment();
    assertTrue(env.isTrainingEnabled());
    assertEquals(NativeLibrary.ONNX_RUNTIME_VERSION, env.getVersion());
    assertSame(env, NativeLibrary.environment());
    assertTrue(Files.isRegularFile(NativeLibrary.libraryFile()));
    assertTrue(NativeLibrary.libraryFile().startsWith(NativeLibrary.cacheDirectory()));
  }

  @Test
  void parsesDevices() {
    assertEquals(Device.cpu(), Device.parse("CPU"));
    assertEquals(Device.cuda(0), Device.parse("cuda"));
    assertEquals(Device.cuda(0), Device.parse("gpu"), "the documented alias");
    assertEquals(Device.cuda(1), Device.parse("cuda:1"));
    assertEquals("cuda:1", Device.cuda(1).toString());
    assertEquals("cpu", Device.cpu().toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
    assertTrue(e.getMessage().contains("use cpu, cuda:<id>, or cuda (or gpu) for cuda:0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
    assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
  }

  @Test
  void cudaOnTheCpuBuildFailsWithWhatIsMissing() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SessionOptionsFactory.create(
            dev.ortrain.session.SessionConfig.defaults().withDevice(Device.cuda(0))));
    // On the CPU build the message names the GPU artifact; on the GPU build without a GPU (or without the
    // CUDA libraries) it names what ONNX Runtime could not load.
    String expected = NativeLibrary.gpuBuildOnClassPath() ? "could not enable its CUDA provider" : "linux-x86_64-gpu";
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
