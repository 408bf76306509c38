package dev.ortrain.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Turns on ONNX Runtime's CUDA execution provider, or explains precisely why it cannot: no silent fallback
 * to the CPU.
 */
final class CudaSupport {
  private CudaSupport() {}

  static void enable(OrtSession.SessionOptions options, Device.Cuda cuda) throws OrtException {
    if (!NativeLibrary.gpuBuildOnClassPath() && System.getProperty(NativeLibrary.OVERRIDE_PROPERTY) == null) {
      throw new IllegalStateException("CUDA was requested (" + cuda + ") but the ONNX Runtime native library on"
          + " the class path is the CPU build. Depend on " + NativeLibrary.NATIVE_ARTIFACT + " with classifier"
          + " linux-x86_64-gpu instead of linux-x86_64 (in this repository: mvn -Pgpu; see README 'CUDA'); it needs an"
          + " NVIDIA driver and the CUDA 13 and cuDNN 9 libraries on the library path.");
    }
    try {
      options.addCUDA(cuda.deviceId());
    } catch (OrtException | RuntimeException e) {
      throw new IllegalStateException("CUDA was requested (" + cuda + ") but ONNX Runtime could not enable its"
          + " CUDA provider: " + e.getMessage() + ". Check that an NVIDIA driver is installed (nvidia-smi works),"
          + " that the CUDA 13 and cuDNN 9 libraries are on LD_LIBRARY_PATH, and that device "
          + cuda.deviceId() + " exists.", e);
    }
  }
}
