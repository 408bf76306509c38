package dev.ortrain.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Loads the training-enabled ONNX Runtime native library once per class loader.
 *
 * <p>Microsoft's Maven jar carries the Java API but an inference-only native library; the training build
 * comes from bytedeco's {@code org.bytedeco:onnxruntime} jar, which is on the class path purely as a
 * resource. The library is copied to a per-user cache keyed by its checksum (a JVM killed mid-run never
 * leaves a fresh 39 MB copy behind) and Microsoft's loader is pointed at it through its system property
 * before any {@code ai.onnxruntime} class initialises. This and ONNX Runtime's random seed, whose one owner is
 * {@link ProcessSeed}, are the runtime's only global state.
 */
public final class NativeLibrary {
  /** The ONNX Runtime release ortrain is built and tested with (onnxruntime.version in bom/pom.xml). */
  public static final String ONNX_RUNTIME_VERSION = "1.24.1";
  /** bytedeco's training-enabled build of that release (the POM's onnxruntime.native.version). */
  static final String NATIVE_ARTIFACT = "org.bytedeco:onnxruntime:" + ONNX_RUNTIME_VERSION + "-1.5.13";

  /** Microsoft's loader reads this property when {@code ai.onnxruntime.OnnxRuntime} initialises. */
  static final String PATH_PROPERTY = "onnxruntime.native.onnxruntime.path";
  /** Where a user may point the runtime at a library of their own (for example a GPU build). */
  public static final String OVERRIDE_PROPERTY = "ortrain.native.library";
  /** Where the extracted library is cached; defaults to {@code ~/.cache/ortrain/native}. */
  public static final String CACHE_PROPERTY = "ortrain.native.cache";

  private static final String GPU_DIR = "org/bytedeco/onnxruntime/linux-x86_64-gpu/";
  private static final String CPU_DIR = "org/bytedeco/onnxruntime/linux-x86_64/";
  private static final String MAIN_LIBRARY = "libonnxruntime.so.1";
  /** CUDA provider libraries; ONNX Runtime loads them from the main library's directory. */
  private static final String[] GPU_PROVIDERS = {
    "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so",
  };
  /** Microsoft's JNI glue; copied beside the GPU build so that every library comes from one directory. */
  private static final String JNI_RESOURCE = "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";
  /** Microsoft's loader looks for provider libraries in this directory. */
  static final String DIRECTORY_PROPERTY = "onnxruntime.native.path";

  private static OrtEnvironment environment;
  private static Path libraryFile;

  private NativeLibrary() {}

  /**
   * The process-wide ONNX Runtime environment, created on first use with the training-enabled library; glibc's
   * malloc is then set to keep freed memory ({@link MallocTuning}).
   *
   * @throws IllegalStateException if no training-enabled library can be found or loaded
   */
  public static synchronized OrtEnvironment environment() {
    if (environment == null) {
      libraryFile = locateLibrary();
      System.setProperty(PATH_PROPERTY, libraryFile.toString());
      OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "ortrain");
      if (!env.isTrainingEnabled()) {
        throw new IllegalStateException(
            "ONNX Runtime was loaded without training support (from "
                + System.getProperty(PATH_PROPERTY, "the inference-only jar")
                + "). Another library initialised ai.onnxruntime before ortrain could point it at the"
                + " training build; call NativeLibrary.environment() before any other ONNX Runtime use.");
      }
      environment = env;
      MallocTuning.apply();
    }
    return environment;
  }

  /** The file the native library was loaded from; loads it first if needed. */
  public static synchronized Path libraryFile() {
    environment();
    return libraryFile;
  }

  /** Whether the training library on the class path is bytedeco's CUDA build. */
  public static boolean gpuBuildOnClassPath() {
    return NativeLibrary.class.getClassLoader().getResource(GPU_DIR + MAIN_LIBRARY) != null;
  }

  private static Path locateLibrary() {
    String override = System.getProperty(OVERRIDE_PROPERTY);
    if (override != null && !override.isBlank()) {
      Path file = Path.of(override);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            "-D" + OVERRIDE_PROPERTY + " names " + file + ", which is not a file. Point it at a"
                + " training-enabled libonnxruntime.so or remove the property to use the bundled one.");
      }
      return file.toAbsolutePath();
    }
    if (gpuBuildOnClassPath()) {
      Path main = extract(GPU_DIR + MAIN_LIBRARY, "libonnxruntime.so");
      Path dir = main.getParent();
      for (String provider : GPU_PROVIDERS) {
        extractInto(dir, GPU_DIR + provider, provider);
      }
      extractInto(dir, JNI_RESOURCE, "libonnxruntime4j_jni.so");
      System.setProperty(DIRECTORY_PROPERTY, dir.toString());
      return main;
    }
    if (NativeLibrary.class.getClassLoader().getResource(CPU_DIR + MAIN_LIBRARY) != null) {
      return extract(CPU_DIR + MAIN_LIBRARY, "libonnxruntime.so");
    }
    throw new IllegalStateException(
        "No training-enabled ONNX Runtime native library on the class path. Add the dependency"
            + " " + NATIVE_ARTIFACT + " with classifier linux-x86_64 (CPU) or"
            + " linux-x86_64-gpu (CUDA 13), with a wildcard exclusion, as ortrain-runtime's POM does."
            + " Running on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
            + "; only linux-x86_64 is supported.");
  }

  /** Copies a resource into a cache directory named after its checksum; reuses an earlier copy. */
  private static Path extract(String resource, String fileName) {
    Path cacheRoot = cacheDirectory();
    try {
      // Hash first so that a warm cache costs one read of the jar entry and no write.
      return extractInto(cacheRoot.resolve(digestOf(resource)), resource, fileName);
    } catch (UncheckedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract the ONNX Runtime native library to " + cacheRoot
          + "; set -D" + CACHE_PROPERTY + "=<writable directory>", e);
    }
  }

  private static Path extractInto(Path dir, String resource, String fileName) {
    try {
      Path target = dir.resolve(fileName);
      if (Files.isRegularFile(target)) {
        return target;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, fileName, ".part");
      try (InputStream in = open(resource)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract " + resource + " to " + dir
          + "; set -D" + CACHE_PROPERTY + "=<writable directory>", e);
    }
  }

  private static String digestOf(String resource) throws IOException {
    try (InputStream in = open(resource)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[1 << 16];
      for (int n; (n = in.read(chunk)) > 0; ) {
        sha.update(chunk, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("class-path resource " + resource + " disappeared");
    }
    return in;
  }

  static Path cacheDirectory() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ortrain", "native");
  }
}
