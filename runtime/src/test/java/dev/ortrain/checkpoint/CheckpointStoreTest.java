package dev.ortrain.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path root;

  private Path save(CheckpointStore store, String name, String content) {
    try (CheckpointStore.Pending p = store.begin(name)) {
      p.writeString("state.json", content);
      p.metadata().addProperty("step", content.length());
      return p.commit();
    }
  }

  @Test
  void committedCheckpointsAreListedInOrderAndVerify() {
    CheckpointStore store = new CheckpointStore(root.resolve("ckpt"));
    save(store, "step-2", "{\"a\":2}");
    save(store, "step-1", "{\"a\":1, \"b\":0}");
    List<Path> all = store.list();
    assertEquals(List.of("step-2", "step-1"), all.stream().map(p -> p.getFileName().toString()).toList(),
        "ordered by commit sequence, not by name");
    assertEquals(14, CheckpointStore.verify(all.get(1)).get("step").getAsInt());
    assertEquals("{\"a\":2}", CheckpointStore.readString(all.get(0), "state.json"));
  }

  @Test
  void anUncommittedCheckpointIsInvisibleAndDiscarded() throws Exception {
    CheckpointStore store = new CheckpointStore(root);
    save(store, "good", "1");
    CheckpointStore.Pending crashed = store.begin("half");
    crashed.writeString("state.json", "partial");
    // no commit: as if the process died here
    assertEquals(1, store.list().size());
    try (var s = Files.list(root)) {
      assertEquals(2, s.count(), "the pending directory is still on disk");
    }
    store.discardIncomplete();
    try (var s = Files.list(root)) {
      assertEquals(1, s.count());
    }
    try (CheckpointStore.Pending abandoned = store.begin("abandoned")) {
      abandoned.writeString("x", "y");
    }
    assertEquals(1, store.list().size(), "closing without commit removes the pending directory");
  }

  @Test
  void damagedCheckpointsAreDetectedAndTheLastGoodOneIsUsed() throws Exception {
    CheckpointStore store = new CheckpointStore(root);
    Path first = save(store, "first", "alpha");
    Path second = save(store, "second", "bravo");
    Files.writeString(second.resolve("state.json"), "brav0");
    CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(second));
    assertTrue(e.getMessage().contains("does not match its checksum"), e.getMessage());
    List<String> warnings = new ArrayList<>();
    assertEquals(Optional.of(first), store.latestValid(warnings::add));
    assertEquals(1, warnings.size());

    Files.writeString(first.resolve("state.json"), "alphabet");
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(first));
    assertTrue(e.getMessage().contains("has 8 bytes"), e.getMessage());
    Files.delete(first.resolve("state.json"));
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(first));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    Files.writeString(first.resolve(CheckpointStore.MANIFEST), "{not json");
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(first));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    Files.writeString(first.resolve(CheckpointStore.MANIFEST), "{\"format\": 99, \"files\": {}}");
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(first));
    assertTrue(e.getMessage().contains("layout version is 99"), e.getMessage());
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.verify(root.resolve("nothing")));
    assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
    assertEquals(Optional.empty(), store.latestValid(warnings::add));
  }

  @Test
  void replacingKeepsTheOldOneUntilTheNewIsComplete() {
    CheckpointStore store = new CheckpointStore(root);
    save(store, "best", "old");
    Path replaced = save(store, "best", "newer");
    assertEquals("newer", CheckpointStore.readString(replaced, "state.json"));
    assertEquals(1, store.list().size());
  }

  @Test
  void pruneKeepsTheNewestAndTheProtected() {
    CheckpointStore store = new CheckpointStore(root);
    for (int i = 0; i < 5; i++) {
      save(store, "c" + i, "x" + i);
    }
    store.prune(2, Set.of("c0"));
    assertEquals(List.of("c0", "c3", "c4"), store.list().stream().map(p -> p.getFileName().toString()).toList());
    store.prune(0, Set.of());
    assertEquals(3, store.list().size(), "keepLast 0 keeps everything");
  }

  /**
   * What deletions left when a kill interrupted them: a checkpoint renamed for deletion (this store renames
   * first), and, from a deletion that removed files in place, an empty folder and one with some files but no
   * manifest. None is listed, and discardIncomplete removes them all, keeping the good checkpoint.
   */
  @Test
  void interruptedDeletionsLeaveNothingVisibleAndAreDiscarded() throws Exception {
    CheckpointStore store = new CheckpointStore(root);
    save(store, "good", "1");
    save(store, "pruned", "2");
    Files.move(root.resolve("pruned"), root.resolve(".deleting-pruned-42"));
    Files.createDirectories(root.resolve("emptied"));
    Files.createDirectories(root.resolve("half-deleted"));
    Files.writeString(root.resolve("half-deleted").resolve("trainer.json"), "{}");
    assertEquals(List.of("good"), store.list().stream().map(p -> p.getFileName().toString()).toList());
    store.discardIncomplete();
    try (var entries = Files.list(root)) {
      assertEquals(List.of("good"), entries.map(p -> p.getFileName().toString()).toList());
    }
  }

  /**
   * Replacing a checkpoint renames the old one aside first: when a kill came before the new one was moved in, the
   * old one is moved back; when after, the old one is deleted.
   */
  @Test
  void anInterruptedReplacementKeepsTheOldCheckpointOrTheNewOne() throws Exception {
    CheckpointStore store = new CheckpointStore(root);
    save(store, "best", "old");
    Files.move(root.resolve("best"), root.resolve(".replaced-best-42"));
    save(store, "last", "kept");
    Files.move(root.resolve("last"), root.resolve(".replaced-last-43"));
    save(store, "last", "newer");
    store.discardIncomplete();
    try (var entries = Files.list(root)) {
      assertEquals(List.of("best", "last"), entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("old", CheckpointStore.readString(root.resolve("best"), "state.json"));
    assertEquals("newer", CheckpointStore.readString(root.resolve("last"), "state.json"));
  }

  /** Deleting renames first: no visible folder of the deleted checkpoint exists at any point after the call. */
  @Test
  void pruningAndDeletingLeaveNoFolderBehind() throws Exception {
    CheckpointStore store = new CheckpointStore(root);
    for (int i = 0; i < 3; i++) {
      save(store, "c" + i, "x" + i);
    }
    store.prune(1, Set.of());
    store.delete("c2");
    try (var entries = Files.list(root)) {
      assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aFileWhereTheFolderBelongsIsRefusedBeforeTraining() throws Exception {
    Path file = root.resolve("checkpoints");
    Files.writeString(file, "not a folder");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CheckpointStore(file)
        .discardIncomplete());
    assertTrue(e.getMessage().contains("is a file, but checkpoints are kept in a folder of that name"),
        e.getMessage());
  }

  @Test
  void rejectsNamesThatAreNotPlainDirectories() {
    CheckpointStore store = new CheckpointStore(root);
    assertThrows(IllegalArgumentException.class, () -> store.begin("../escape"));
    assertThrows(IllegalArgumentException.class, () -> store.begin(".hidden"));
    assertThrows(IllegalArgumentException.class, () -> store.begin(""));
    assertFalse(new CheckpointStore(root.resolve("none")).latestValid(m -> { }).isPresent());
    assertTrue(new CheckpointStore(root.resolve("none")).list().isEmpty());
  }
}
