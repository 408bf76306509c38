package dev.ortrain.examples.models;

import dev.ortrain.nn.LSTM;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.Tensor;

/**
 * A stacked LSTM that reads an image {@code [1, rows, columns]} as a sequence of rows, one step per row, and
 * classifies it from the top layer's last hidden state; dropout between the layers.
 */
public final class RowLstm extends Module {
  private final long rows;
  private final long columns;
  private final LSTM lstm;
  private final Linear head;

  public RowLstm(long rows, long columns, long hidden, int layers, float dropout, long classes) {
    this.rows = rows;
    this.columns = columns;
    lstm = register("lstm", new LSTM(columns, hidden, layers).dropout(dropout).lastState());
    head = register("head", new Linear(hidden, classes));
  }

  @Override
  protected Tensor forward(Tensor images) {
    return head.apply(lstm.apply(images.reshape(rows, columns)));   // [batch, rows, columns]: rows are steps
  }
}
