package dev.ortrain.data;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Assembles batches on a daemon thread ahead of the consumer. Slots circulate between a free queue and a
 * ready queue; the consumer holds one slot (the batch it is training on) until its next request, so a buffer
 * is never overwritten while an ONNX tensor over it may still be read. With depth d there are d + 2 slots:
 * d ready, one being filled, one held.
 */
final class Prefetcher {
  private final BatchAssembler assembler;
  private final ArrayBlockingQueue<BatchSlot> free;
  private final ArrayBlockingQueue<Object> ready; // BatchSlot, or Failure once the thread has died
  private final BatchSlot[] slots;
  private final EpochPlan plan;
  private Thread thread;
  private BatchSlot held;
  private Failure failure;

  /** What killed the prefetch thread, and which batch it was assembling. */
  private record Failure(Throwable error, int epoch, int position) {}

  Prefetcher(BatchAssembler assembler, List<FieldSpec> fields, EpochPlan plan, int depth) {
    this.assembler = assembler;
    this.plan = plan;
    this.slots = new BatchSlot[depth + 2];
    this.free = new ArrayBlockingQueue<>(slots.length);
    this.ready = new ArrayBlockingQueue<>(slots.length + 1); // room for a Failure even when every slot is ready
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new BatchSlot(fields, plan.batchSize());
      free.add(slots[i]);
    }
  }

  /** The next batch after the consumer's cursor; releases the previously returned one. */
  BatchSlot next(Cursor consumer) {
    if (failure != null) {
      throw surfaced(failure);
    }
    if (thread == null) {
      start(consumer.epoch(), consumer.position());
    }
    if (held != null) {
      free.add(held);
      held = null;
    }
    Object item;
    try {
      item = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataLoadingException("Interrupted while waiting for the prefetch thread's next batch");
    }
    if (item instanceof Failure f) {
      failure = f;
      stopThread();
      throw surfaced(f);
    }
    held = (BatchSlot) item;
    return held;
  }

  /** Stops the thread (waiting for it to end) and takes every slot back; the next request restarts it. */
  void reset() {
    stopThread();
    ready.clear();
    free.clear();
    for (BatchSlot slot : slots) {
      free.add(slot);
    }
    held = null;
    failure = null;
  }

  boolean threadRunning() {
    return thread != null && thread.isAlive();
  }

  private void start(int epoch, int position) {
    thread = new Thread(() -> produce(epoch, position), "ortrain-prefetch");
    thread.setDaemon(true); // an unclosed loader must not keep the JVM alive
    thread.start();
  }

  private void produce(int epoch, int position) {
    Cursor cursor = new Cursor(plan);
    cursor.moveTo(epoch, position);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        BatchSlot slot = free.take();
        int size = cursor.nextBatchSize();
        assembler.fill(slot, cursor.epoch(), cursor.position(), size);
        ready.put(slot);
        cursor.advance(size);
      }
    } catch (InterruptedException e) {
      // reset() or close(): the consumer no longer wants batches
    } catch (Throwable t) { // Errors too: the consumer must not wait forever for a thread that died
      ready.add(new Failure(t, cursor.epoch(), cursor.position()));
    }
  }

  private void stopThread() {
    if (thread == null) {
      return;
    }
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish stopping the thread first, then restore the caller's interrupt
      }
    }
    thread = null;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static DataLoadingException surfaced(Failure f) {
    return new DataLoadingException("The prefetch thread failed on the batch at position " + f.position()
        + " of epoch " + f.epoch() + ": " + f.error(), f.error());
  }
}
