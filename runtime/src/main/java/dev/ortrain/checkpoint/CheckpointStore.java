package dev.ortrain.checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checkpoint directories that are never seen half-written: each checkpoint is assembled in a hidden
 * temporary directory beside its final place, every file is fsynced, a manifest with the SHA-256 of every
 * file is written last, and the directory is renamed into place atomically. Loading verifies the manifest,
 * so a damaged checkpoint is reported, never silently used, and the previous good one stays available.
 */
public final class CheckpointStore {
  /** The manifest file inside each checkpoint directory. */
  public static final String MANIFEST = "manifest.json";
  /** Version of the checkpoint layout; bump when it changes incompatibly. */
  public static final int FORMAT_VERSION = 1;
  private static final String PENDING_PREFIX = ".pending-";
  private static final String REPLACED_PREFIX = ".replaced-";
  /** A checkpoint being deleted is renamed first, so that a kill never leaves a visible part of one. */
  private static final String DELETING_PREFIX = ".deleting-";

  private final Path root;

  public CheckpointStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Starts a checkpoint named {@code name}; write its files, then {@link Pending#commit()}. */
  public Pending begin(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("Invalid checkpoint name '" + name + "': use a plain directory name");
    }
    try {
      Files.createDirectories(root);
      return new Pending(this, name, Files.createTempDirectory(root, PENDING_PREFIX + name + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a checkpoint under " + root, e);
    }
  }

  /**
   * Removes what interrupted saves and deletions left behind: pending directories, checkpoints renamed for
   * deletion, visible directories without a manifest, and the old copy of a replaced checkpoint whose
   * replacement is in place (restored instead when the replacement never arrived). Run before training, it
   * also refuses a file where the checkpoint folder belongs, before an epoch is spent.
   */
  public void discardIncomplete() {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IllegalStateException(root + " is a file, but checkpoints are kept in a folder of that name:"
          + " move the file away, or choose another run directory");
    }
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, ".*")) {
      for (Path d : dirs) {
        String n = d.getFileName().toString();
        if (n.startsWith(PENDING_PREFIX) || n.startsWith(DELETING_PREFIX)) {
          deleteRecursively(d);
        } else if (n.startsWith(REPLACED_PREFIX)) {
          String original = n.substring(REPLACED_PREFIX.length(), n.lastIndexOf('-'));
          Path target = root.resolve(original);
          if (Files.exists(target)) {
            deleteRecursively(d);
          } else {
            Files.move(d, target, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up interrupted checkpoints in " + root, e);
    }
    discardUnfinishedDeletions();
  }

  /** Visible directories without a manifest: what a deletion interrupted before this store renamed first. */
  private void discardUnfinishedDeletions() {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d) && !d.getFileName().toString().startsWith(".")
            && !Files.exists(d.resolve(MANIFEST))) {
          deleteRecursively(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up interrupted deletions in " + root, e);
    }
  }

  /** Committed checkpoints, oldest first (by the sequence number in their manifests). */
  public List<Path> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d) && !d.getFileName().toString().startsWith(".")
            && Files.isRegularFile(d.resolve(MANIFEST))) {
          out.add(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoints in " + root, e);
    }
    out.sort(Comparator.comparingLong(CheckpointStore::sequenceOrMax).thenComparing(Path::toString));
    return out;
  }

  /** The newest checkpoint that passes verification; damaged newer ones are reported to {@code onCorrupt}. */
  public Optional<Path> latestValid(java.util.function.Consumer<String> onCorrupt) {
    List<Path> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        verify(all.get(i));
        return Optional.of(all.get(i));
      } catch (CorruptCheckpointException e) {
        onCorrupt.accept(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Keeps the newest {@code keepLast} checkpoints not named in {@code keep}, plus those in {@code keep}, and
   * deletes the rest; {@code keepLast <= 0} keeps everything.
   */
  public void prune(int keepLast, java.util.Set<String> keep) {
    if (keepLast <= 0) {
      return;
    }
    List<Path> candidates = new ArrayList<>();
    for (Path p : list()) {
      if (!keep.contains(p.getFileName().toString())) {
        candidates.add(p);
      }
    }
    for (int i = 0; i < candidates.size() - keepLast; i++) {
      deleteAtomically(candidates.get(i));
    }
  }

  /** Deletes the checkpoint named {@code name}, if there is one. */
  public void delete(String name) {
    Path p = root.resolve(name);
    if (Files.isRegularFile(p.resolve(MANIFEST)) || Files.isDirectory(p)) {
      deleteAtomically(p);
    }
  }

  /** Renames the checkpoint out of sight in one step, then deletes it; a kill in between leaves only the hidden copy. */
  private void deleteAtomically(Path checkpoint) {
    Path hidden = root.resolve(DELETING_PREFIX + checkpoint.getFileName() + "-" + System.nanoTime());
    try {
      Files.move(checkpoint, hidden, StandardCopyOption.ATOMIC_MOVE);
      fsync(root, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete checkpoint " + checkpoint + ": renaming it to " + hidden
          + " failed (" + e.getMessage() + ")", e);
    }
    deleteRecursively(hidden);
  }

  /**
   * Checks a checkpoint directory against its manifest: format version, every listed file present with the
   * recorded size and SHA-256.
   *
   * @return the manifest's metadata
   */
  public static JsonObject verify(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new CorruptCheckpointException(dir.toString(), "it has no " + MANIFEST
          + " (an interrupted save, or not a checkpoint directory)");
    }
    JsonObject manifest;
    try {
      manifest = JsonParser.parseString(Files.readString(manifestFile)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + manifestFile, e);
    } catch (RuntimeException e) {
      throw new CorruptCheckpointException(dir.toString(), MANIFEST + " is not valid JSON (" + e.getMessage() + ")");
    }
    int version = manifest.has("format") ? manifest.get("format").getAsInt() : -1;
    if (version != FORMAT_VERSION) {
      throw new CorruptCheckpointException(dir.toString(), "its layout version is " + version
          + " but this ortrain reads version " + FORMAT_VERSION);
    }
    JsonObject files = manifest.getAsJsonObject("files");
    for (Map.Entry<String, com.google.gson.JsonElement> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      JsonObject expected = e.getValue().getAsJsonObject();
      if (!Files.isRegularFile(f)) {
        throw new CorruptCheckpointException(dir.toString(), "file " + e.getKey() + " is missing");
      }
      try {
        long size = Files.size(f);
        if (size != expected.get("size").getAsLong()) {
          throw new CorruptCheckpointException(dir.toString(), "file " + e.getKey() + " has " + size
              + " bytes, the manifest says " + expected.get("size").getAsLong());
        }
        if (!sha256(f).equals(expected.get("sha256").getAsString())) {
          throw new CorruptCheckpointException(dir.toString(), "file " + e.getKey()
              + " does not match its checksum (damaged after it was written)");
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("Cannot read " + f, ex);
      }
    }
    return manifest.has("metadata") ? manifest.getAsJsonObject("metadata") : new JsonObject();
  }

  private static long sequenceOrMax(Path dir) {
    try {
      JsonObject m = JsonParser.parseString(Files.readString(dir.resolve(MANIFEST))).getAsJsonObject();
      return m.get("sequence").getAsLong();
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE; // unreadable manifests sort last, where latestValid() reports them
    }
  }

  private long nextSequence() {
    long max = 0;
    for (Path p : list()) {
      long s = sequenceOrMax(p);
      if (s != Long.MAX_VALUE) {
        max = Math.max(max, s);
      }
    }
    return max + 1;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[1 << 16];
      for (int n; (n = in.read(chunk)) > 0; ) {
        sha.update(chunk, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void fsync(Path path, boolean directory) throws IOException {
    try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!directory) {
        throw e; // some file systems refuse to open directories for fsync; files must sync
      }
    }
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + p, e);
    }
  }

  /** A checkpoint being written. Closing it without {@link #commit()} discards it. */
  public static final class Pending implements AutoCloseable {
    private final CheckpointStore store;
    private final String name;
    private final Path dir;
    private final JsonObject metadata = new JsonObject();
    private boolean committed;

    Pending(CheckpointStore store, String name, Path dir) {
      this.store = store;
      this.name = name;
      this.dir = dir;
    }

    /** A path inside the pending checkpoint for a file another component writes (ORT's checkpoint). */
    public Path file(String fileName) {
      return dir.resolve(fileName);
    }

    public void writeString(String fileName, String content) {
      try {
        Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + fileName + " into checkpoint " + name, e);
      }
    }

    /** Free-form values stored in the manifest (e.g. epoch, step, monitored metric). */
    public JsonObject metadata() {
      return metadata;
    }

    /**
     * Seals the checkpoint: checksums and fsyncs every file, writes the manifest, then renames the directory
     * to its final name. An existing checkpoint of the same name is replaced only after the new one is
     * complete.
     *
     * @return the committed directory
     */
    public Path commit() {
      try {
        Map<String, JsonObject> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path f : entries) {
            if (!Files.isRegularFile(f)) {
              throw new IllegalStateException("Checkpoint " + name + " may only contain files, found " + f);
            }
            fsync(f, false);
            JsonObject info = new JsonObject();
            info.addProperty("size", Files.size(f));
            info.addProperty("sha256", sha256(f));
            files.put(f.getFileName().toString(), info);
          }
        }
        JsonObject manifest = new JsonObject();
        manifest.addProperty("format", FORMAT_VERSION);
        manifest.addProperty("sequence", store.nextSequence());
        manifest.addProperty("name", name);
        JsonObject fileList = new JsonObject();
        files.forEach(fileList::add);
        manifest.add("files", fileList);
        manifest.add("metadata", metadata);
        Path manifestFile = dir.resolve(MANIFEST);
        Files.writeString(manifestFile, manifest.toString(), StandardCharsets.UTF_8);
        fsync(manifestFile, false);
        fsync(dir, true);
        Path target = store.root.resolve(name);
        Path old = null;
        if (Files.exists(target)) {
          old = store.root.resolve(REPLACED_PREFIX + name + "-" + System.nanoTime());
          Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
          Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IOException("The file system under " + store.root + " cannot rename atomically", e);
        }
        fsync(store.root, true);
        if (old != null) {
          deleteRecursively(old);
        }
        committed = true;
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("Writing checkpoint " + name + " under " + store.root + " failed: "
            + e.getClass().getSimpleName() + " (" + e.getMessage() + ")", e);
      }
    }

    @Override
    public void close() {
      if (!committed) {
        deleteRecursively(dir);
      }
    }
  }

  /** Reads a UTF-8 file of a verified checkpoint. */
  public static String readString(Path checkpointDir, String fileName) {
    try {
      return Files.readString(checkpointDir.resolve(fileName), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + fileName + " from checkpoint " + checkpointDir, e);
    }
  }
}
