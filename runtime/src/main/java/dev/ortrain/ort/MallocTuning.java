package dev.ortrain.ort;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * glibc's malloc set to keep the memory a training process frees instead of handing it back to the system. With
 * glibc's defaults, ONNX Runtime's kernels that allocate scratch memory outside its arena get fresh pages from the
 * system at every step and fault them in again, which slows steps that do so (docs/performance-notes.md). Done
 * once per process, when ortrain first loads ONNX Runtime: large allocations stay in the heap ({@code
 * M_MMAP_THRESHOLD} at 32 MiB, where glibc's dynamic threshold stops on 64-bit systems) and the heap's top is not
 * trimmed ({@code M_TRIM_THRESHOLD}). The process's resident memory then stays near its peak. Nothing is changed
 * where the process sets glibc's malloc variables itself, where {@code -Dortrain.malloc.retain=false}, where the
 * C library is not glibc, or where JNA cannot load.
 */
public final class MallocTuning {
  /** {@code -Dortrain.malloc.retain=false} leaves glibc's malloc as it is. */
  public static final String PROPERTY = "ortrain.malloc.retain";

  /** The environment variables through which a process tunes glibc's malloc itself. */
  static final List<String> GLIBC_VARIABLES =
      List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES");

  /** mallopt's parameters, from glibc's malloc.h. */
  static final int M_TRIM_THRESHOLD = -1;
  static final int M_MMAP_THRESHOLD = -3;

  /** The largest mmap threshold glibc's own dynamic threshold reaches on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX). */
  static final int MMAP_THRESHOLD = 32 << 20;
  static final int TRIM_THRESHOLD = Integer.MAX_VALUE;

  /** What {@link #apply()} did. */
  public enum Outcome {
    /** Both settings took effect. */
    APPLIED,
    /** {@code -Dortrain.malloc.retain=false}. */
    DISABLED,
    /** The process sets one of {@link #GLIBC_VARIABLES}; its choice stands. */
    SET_BY_ENVIRONMENT,
    /** Not Linux, or a C library other than glibc. */
    NOT_GLIBC,
    /** glibc refused a setting (mallopt returned 0). */
    REFUSED,
    /** JNA could not load its native part, so no C function can be called. */
    UNAVAILABLE
  }

  /** glibc's functions that the tuning calls. */
  interface GlibC extends Library {
    String gnu_get_libc_version();

    int mallopt(int param, int value);
  }

  private static Outcome outcome;

  private MallocTuning() {}

  /** Tunes this process's malloc, once; later calls return the first call's outcome. */
  public static synchronized Outcome apply() {
    if (outcome == null) {
      Outcome planned = plan(System.getenv(), System.getProperty("os.name", ""), System.getProperty(PROPERTY));
      outcome = planned == Outcome.APPLIED ? tune() : planned;
    }
    return outcome;
  }

  /**
   * {@link Outcome#APPLIED} when the tuning should be tried, else why not.
   *
   * @throws IllegalStateException if the property is neither true nor false
   */
  static Outcome plan(Map<String, String> environment, String osName, String property) {
    if (property != null && !property.equals("true") && !property.equals("false")) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + property + " is not understood: use true (keep freed"
          + " memory in the process, the default) or false (leave glibc's malloc as it is)");
    }
    if ("false".equals(property)) {
      return Outcome.DISABLED;
    }
    if (GLIBC_VARIABLES.stream().anyMatch(environment::containsKey)) {
      return Outcome.SET_BY_ENVIRONMENT;
    }
    return osName.toLowerCase(Locale.ROOT).startsWith("linux") ? Outcome.APPLIED : Outcome.NOT_GLIBC;
  }

  private static Outcome tune() {
    return tune(() -> Native.load("c", GlibC.class));
  }

  /**
   * Loads the C library through {@code libc} and sets both thresholds; never fails, since the tuning only
   * changes speed.
   */
  static Outcome tune(Supplier<GlibC> libc) {
    GlibC c;
    try {
      c = libc.get();
      c.gnu_get_libc_version();
    } catch (UnsatisfiedLinkError e) {
      return Outcome.NOT_GLIBC; // musl and others have no gnu_get_libc_version
    } catch (LinkageError e) {
      return Outcome.UNAVAILABLE; // JNA's own native stub did not load (a temporary directory mounted noexec)
    }
    return tune(c);
  }

  /** Sets both thresholds through {@code c}; either setting also stops glibc from moving them by itself. */
  static Outcome tune(GlibC c) {
    boolean mmap = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1;
    boolean trim = c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1;
    return mmap && trim ? Outcome.APPLIED : Outcome.REFUSED;
  }
}
