"""PyTorch peer for GradientFormulations: the benchmark CNN, AdamW, fixed random batch.

Usage: torch_step_peer.py BATCH THREADS. Reads one integer per line on stdin (a number of training steps),
runs that many steps (forward, cross-entropy, backward, AdamW step, zero_grad) and answers one line
with the elapsed wall seconds and process CPU seconds. Prints "ready" after set-up.
"""
import sys
import time

import torch
from torch import nn

batch, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(7)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))
print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
for line in sys.stdin:
    steps = int(line)
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    print(f"{time.perf_counter() - w0} {time.process_time() - c0}", flush=True)
