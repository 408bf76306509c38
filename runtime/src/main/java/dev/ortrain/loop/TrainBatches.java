package dev.ortrain.loop;

import dev.ortrain.data.Batch;
import dev.ortrain.data.DataLoader;
import dev.ortrain.data.LoaderState;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The training batches of each epoch: the loader's, or the first {@link #perEpoch()} of them under a
 * development limit. A limited epoch leaves the loader inside its epoch; {@link #endEpoch()} moves it to the
 * next one, so a checkpoint taken after the epoch resumes with the batches the next epoch really starts with.
 */
final class TrainBatches {
  private final DataLoader loader;
  private final int perEpoch;

  TrainBatches(DataLoader loader, int perEpoch) {
    this.loader = loader;
    this.perEpoch = perEpoch;
  }

  /** Batches each epoch trains on. */
  int perEpoch() {
    return perEpoch;
  }

  /** The batches left in the current epoch, which has run {@code batchInEpoch} of them. */
  Iterable<Batch> rest(int batchInEpoch) {
    int left = Math.max(0, perEpoch - batchInEpoch);
    return () -> new Iterator<>() {
      private final Iterator<Batch> batches = loader.restOfEpoch().iterator();
      private int given;

      @Override
      public boolean hasNext() {
        return given < left && batches.hasNext();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("The epoch has no training batch left");
        }
        given++;
        return batches.next();
      }
    };
  }

  /** After an epoch's batches: the loader moves to the next epoch's start if a limit left it inside this one. */
  void endEpoch(int epoch) {
    LoaderState at = loader.state();
    if (at.epoch() == epoch) {
      loader.restore(new LoaderState(at.seed(), epoch + 1, 0));
    }
  }

  LoaderState state() {
    return loader.state();
  }

  void restore(LoaderState state) {
    loader.restore(state);
  }
}
