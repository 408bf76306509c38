package dev.ortrain.data;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Micro benchmark (a main, not a test): samples per second of the loader on Fashion-MNIST-sized data
 * (60,000 images of 28×28), with and without shuffling, augmentation and prefetch, plus the bytes the calling
 * thread allocates per batch (0 means no per-step garbage). Reads the full data set when the directory given
 * as the first argument (default /usr/share/datasets/fashion-mnist) has it, else generated images.
 *
 * <pre>
 * mvn -q -pl annotations,runtime test-compile
 * mvn -q -pl runtime dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp runtime/target/classes:runtime/target/test-classes:annotations/target/classes:$(cat /tmp/cp.txt) \
 *     dev.ortrain.data.LoaderThroughput [fashion-mnist-dir]
 * </pre>
 */
public final class LoaderThroughput {
  private static final int BATCH = 64;
  private static final int EPOCHS = 3;

  private LoaderThroughput() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
    Dataset data = Files.isDirectory(dir) ? FashionMnist.load(dir, Split.TRAIN) : generated(60_000);
    System.out.printf(Locale.ROOT, "%s, batch %d, %d epochs per row, %d cores%n", data, BATCH, EPOCHS,
        Runtime.getRuntime().availableProcessors());
    run("sequential", data, false, false, 0, 0);
    run("shuffled", data, true, false, 0, 0);
    run("shuffled, prefetch 2", data, true, false, 2, 0);
    run("shuffled + normalize/flip/crop", data, true, true, 0, 0);
    run("shuffled + normalize/flip/crop, prefetch 2", data, true, true, 2, 0);
    run("augmented + 1 ms simulated step", data, true, true, 0, 1_000_000);
    run("augmented + 1 ms simulated step, prefetch 2", data, true, true, 2, 1_000_000);
  }

  private static void run(String label, Dataset data, boolean shuffle, boolean augment, int prefetch, long stepNanos) {
    DataLoader.Builder b = DataLoader.builder(data).batchSize(BATCH).shuffle(shuffle).seed(1).prefetch(prefetch);
    if (augment) {
      b.transform(Transforms.normalize("image", FashionMnist.MEAN, FashionMnist.STD))
          .transform(Transforms.randomHorizontalFlip("image"))
          .transform(Transforms.randomCrop("image", 2));
    }
    try (DataLoader loader = b.build()) {
      int batches = loader.batchesPerEpoch();
      float checksum = consume(loader, batches, stepNanos); // warm-up epoch (JIT)
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      for (int e = 0; e < EPOCHS; e++) {
        checksum += consume(loader, batches, stepNanos);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      System.out.printf(Locale.ROOT, "%-46s %10.0f samples/s  %6.1f bytes/batch allocated by the caller  (%s)%n",
          label, (double) EPOCHS * data.size() / seconds, (double) allocated / (EPOCHS * batches),
          checksum == 0 ? "0" : "ok");
    }
  }

  /** One epoch; sums one value per batch so the work cannot be optimized away. */
  private static float consume(DataLoader loader, int batches, long stepNanos) {
    float sum = 0;
    for (int i = 0; i < batches; i++) {
      Batch batch = loader.next();
      sum += batch.floats("image").get(0);
      if (stepNanos > 0) {
        long until = System.nanoTime() + stepNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait(); // stands in for the training step running on the caller's thread
        }
      }
    }
    return sum;
  }

  private static Dataset generated(int n) {
    float[] pixels = new float[n * 784];
    long[] labels = new long[n];
    SampleRandom r = new SampleRandom();
    r.reseed(0, 0, 0, 0);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = r.nextFloat();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(10);
    }
    return ArrayDataset.builder(n).floats("image", pixels, 1, 28, 28).longs("label", labels).build();
  }
}
