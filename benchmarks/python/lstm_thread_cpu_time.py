"""Training-step time of PyTorch's 2-layer LSTM classifier (torch_worker.py's LstmClassifier) as wall time and as
the CPU time of the thread that ran it: with 1 thread PyTorch computes on that thread, and its CPU time is what
ArtifactComparison's "CPU ms/step" reports for an ortrain session, so the two compare on a machine that other
work loads. Random inputs, AdamW as in the suite; 20 blocks of 256 samples, median per step.
Usage: python lstm_thread_cpu_time.py THREADS [BATCH ...]
"""
import statistics
import sys
import time

import torch
import torch.nn as nn



class LstmClassifier(nn.Module):
    """torch_worker.py's model (not imported: importing torch_worker redirects stdout for its protocol)."""

    def __init__(self, hidden=128, layers=2):
        super().__init__()
        self.rnn = nn.LSTM(28, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, 10)

    def forward(self, x):
        out, _ = self.rnn(x.reshape(-1, 28, 28))
        return self.head(out[:, -1])


def measure(batch):
    torch.manual_seed(1)
    model = LstmClassifier()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        loss_fn(model(x), y).backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    for _ in range(5):
        step()
    steps = max(1, 256 // batch)
    wall, cpu = [], []
    for _ in range(20):
        w, c = time.perf_counter(), time.thread_time()
        for _ in range(steps):
            step()
        wall.append((time.perf_counter() - w) / steps * 1e3)
        cpu.append((time.thread_time() - c) / steps * 1e3)
        time.sleep(0.05)
    return statistics.median(wall), statistics.median(cpu)


def main():
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    for batch in [int(b) for b in sys.argv[2:]] or [128, 32]:
        wall, cpu = measure(batch)
        print(f"pytorch threads={threads} batch={batch}: {wall:.2f} ms/step, thread CPU {cpu:.2f} ms/step")


if __name__ == "__main__":
    main()
