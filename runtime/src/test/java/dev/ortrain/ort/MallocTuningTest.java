package dev.ortrain.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import dev.ortrain.ort.MallocTuning.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MallocTuningTest {
  private static final String LINUX = "Linux";

  @Test
  void tunesLinuxByDefault() {
    assertEquals(Outcome.APPLIED, MallocTuning.plan(Map.of(), LINUX, null));
    assertEquals(Outcome.APPLIED, MallocTuning.plan(Map.of("PATH", "/bin"), LINUX, "true"));
  }

  @Test
  void leavesMallocAloneWhenTheUserSaysSo() {
    assertEquals(Outcome.DISABLED, MallocTuning.plan(Map.of(), LINUX, "false"));
    assertEquals(Outcome.DISABLED, MallocTuning.plan(Map.of("MALLOC_TOP_PAD_", "1"), LINUX, "false"));
  }

  @Test
  void aProcessThatTunesGlibcItselfKeepsItsChoice() {
    for (String variable : MallocTuning.GLIBC_VARIABLES) {
      assertEquals(Outcome.SET_BY_ENVIRONMENT, MallocTuning.plan(Map.of(variable, "1"), LINUX, null), variable);
      assertEquals(Outcome.SET_BY_ENVIRONMENT, MallocTuning.plan(Map.of(variable, "1"), LINUX, "true"), variable);
    }
  }

  @Test
  void otherSystemsAreLeftAlone() {
    assertEquals(Outcome.NOT_GLIBC, MallocTuning.plan(Map.of(), "Mac OS X", null));
    assertEquals(Outcome.NOT_GLIBC, MallocTuning.plan(Map.of(), "Windows 11", null));
  }

  @Test
  void aPropertyValueThatIsNeitherTrueNorFalseIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MallocTuning.plan(Map.of(), LINUX, "no"));
    assertEquals("-Dortrain.malloc.retain=no is not understood: use true (keep freed memory in the process, the"
        + " default) or false (leave glibc's malloc as it is)", e.getMessage());
  }

  @Test
  void setsBothThresholds() {
    RecordingLibc libc = new RecordingLibc(1, 1);
    assertEquals(Outcome.APPLIED, MallocTuning.tune(libc));
    assertEquals(List.of(List.of(MallocTuning.M_MMAP_THRESHOLD, 32 << 20),
        List.of(MallocTuning.M_TRIM_THRESHOLD, Integer.MAX_VALUE)), libc.calls);
  }

  @Test
  void aRefusedSettingIsReported() {
    assertEquals(Outcome.REFUSED, MallocTuning.tune(new RecordingLibc(0, 1)));
    assertEquals(Outcome.REFUSED, MallocTuning.tune(new RecordingLibc(1, 0)));
  }

  @Test
  void aCLibraryOtherThanGlibcIsLeftAlone() {
    assertEquals(Outcome.NOT_GLIBC, MallocTuning.tune(() -> {
      throw new UnsatisfiedLinkError("Error looking up function 'gnu_get_libc_version'");
    }));
  }

  @Test
  void aJnaThatCannotLoadLeavesTrainingUntouched() {
    assertEquals(Outcome.UNAVAILABLE, MallocTuning.tune(() -> {
      throw new NoClassDefFoundError("Could not initialize class com.sun.jna.Native");
    }));
  }

  @Test
  void loadsGlibcAndTunesIt() {
    RecordingLibc libc = new RecordingLibc(1, 1);
    assertEquals(Outcome.APPLIED, MallocTuning.tune(() -> libc));
    assertEquals(2, libc.calls.size());
  }

  /** The thresholds are values this machine's glibc accepts. */
  @Test
  void glibcAcceptsTheThresholds() {
    assumeTrue(System.getProperty("os.name").startsWith(LINUX));
    MallocTuning.GlibC c = Native.load("c", MallocTuning.GlibC.class);
    assertTrue(c.gnu_get_libc_version().matches("\\d+\\.\\d+.*"));
    assertEquals(1, c.mallopt(MallocTuning.M_MMAP_THRESHOLD, MallocTuning.MMAP_THRESHOLD));
    assertEquals(1, c.mallopt(MallocTuning.M_TRIM_THRESHOLD, MallocTuning.TRIM_THRESHOLD));
  }

  /** Loading ONNX Runtime tunes the process as planned from its own environment, once. */
  @Test
  void loadingOnnxRuntimeAppliesThePlan() {
    NativeLibrary.environment();
    Outcome planned = MallocTuning.plan(System.getenv(), System.getProperty("os.name"),
        System.getProperty(MallocTuning.PROPERTY));
    assertEquals(planned, MallocTuning.apply());
    assertEquals(MallocTuning.apply(), MallocTuning.apply());
  }

  private static final class RecordingLibc implements MallocTuning.GlibC {
    final List<List<Integer>> calls = new ArrayList<>();
    private final int mmapResult;
    private final int trimResult;

    RecordingLibc(int mmapResult, int trimResult) {
      this.mmapResult = mmapResult;
      this.trimResult = trimResult;
    }

    @Override
    public String gnu_get_libc_version() {
      return "2.36";
    }

    @Override
    public int mallopt(int param, int value) {
      calls.add(List.of(param, value));
      return param == MallocTuning.M_MMAP_THRESHOLD ? mmapResult : trimResult;
    }
  }
}
