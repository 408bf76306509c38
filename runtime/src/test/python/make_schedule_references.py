"""Reference learning-rate sequences from torch.optim.lr_scheduler for ScheduleReferenceTest.

Run from the repository root (CPU torch is enough):
  python3 runtime/src/test/python/make_schedule_references.py

Writes runtime/src/test/resources/schedules/torch_lr.csv with columns case,t,metric,lr: lr is
get_last_lr()[0] after the scheduler was stepped t times (t = 0 is the value before the first step);
metric is the value passed to ReduceLROnPlateau.step for that t (empty for other schedules). Floats are
written with repr, which Java's Double.parseDouble reads back exactly. The case names are parsed by the
Java test, so keep them in sync with it.
"""
import csv
import math
import os
import warnings

import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiStepLR,
    ReduceLROnPlateau,
    SequentialLR,
    StepLR,
)

warnings.filterwarnings("ignore")  # "lr_scheduler.step() before optimizer.step()": no training happens here
OUT = os.path.join("runtime", "src", "test", "resources", "schedules", "torch_lr.csv")


def optimizer(base_lr):
  return SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)


def run(scheduler, steps):
  values = [scheduler.get_last_lr()[0]]
  for _ in range(steps):
    scheduler.optimizer.step()
    scheduler.step()
    values.append(scheduler.get_last_lr()[0])
  return values


def with_warmup(opt, warmup, start_factor, make_after):
  warm = LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup)
  return SequentialLR(opt, [warm, make_after(opt)], milestones=[warmup])


def cases():
  # name: (base_lr, factory, steps); names encode the parameters the Java test rebuilds the schedule from ("/" separates milestones)
  yield "constant 0.1", 0.1, lambda o: LambdaLR(o, lambda _: 1.0), 20
  yield "step 0.1 7 0.5", 0.1, lambda o: StepLR(o, step_size=7, gamma=0.5), 60
  yield "step 0.05 3 0.1", 0.05, lambda o: StepLR(o, step_size=3, gamma=0.1), 40
  yield "step 1.0 1 0.9", 1.0, lambda o: StepLR(o, step_size=1, gamma=0.9), 200
  yield "multistep 0.1 5/12/30 0.1", 0.1, lambda o: MultiStepLR(o, [5, 12, 30], gamma=0.1), 50
  yield "multistep 0.3 1/2/50 0.5", 0.3, lambda o: MultiStepLR(o, [1, 2, 50], gamma=0.5), 60
  yield "exponential 0.1 0.95", 0.1, lambda o: ExponentialLR(o, gamma=0.95), 100
  yield "exponential 0.01 0.999", 0.01, lambda o: ExponentialLR(o, gamma=0.999), 1000
  yield "exponential 1.0 1.0", 1.0, lambda o: ExponentialLR(o, gamma=1.0), 10
  yield "cosine 0.1 50 0.0", 0.1, lambda o: CosineAnnealingLR(o, T_max=50, eta_min=0.0), 160
  yield "cosine 0.05 17 0.001", 0.05, lambda o: CosineAnnealingLR(o, T_max=17, eta_min=0.001), 80
  yield "cosine 1.0 1000 1e-06", 1.0, lambda o: CosineAnnealingLR(o, T_max=1000, eta_min=1e-6), 1000
  yield "cosine 0.2 1 0.0", 0.2, lambda o: CosineAnnealingLR(o, T_max=1, eta_min=0.0), 6
  yield ("warmup 0.1 10 0.1 constant", 0.1,
         lambda o: with_warmup(o, 10, 0.1, lambda o2: LambdaLR(o2, lambda _: 1.0)), 30)
  yield ("warmup 0.3 5 0.3333333333333333 constant", 0.3,
         lambda o: with_warmup(o, 5, 1.0 / 3, lambda o2: LambdaLR(o2, lambda _: 1.0)), 12)
  yield ("warmup 0.1 10 0.01 cosine 90 0.0001", 0.1,
         lambda o: with_warmup(o, 10, 0.01, lambda o2: CosineAnnealingLR(o2, T_max=90, eta_min=1e-4)), 120)
  yield ("warmup 0.5 3 0.25 step 4 0.5", 0.5,
         lambda o: with_warmup(o, 3, 0.25, lambda o2: StepLR(o2, step_size=4, gamma=0.5)), 30)
  yield ("warmup 0.02 7 0.5 exponential 0.9", 0.02,
         lambda o: with_warmup(o, 7, 0.5, lambda o2: ExponentialLR(o2, gamma=0.9)), 40)
  yield ("warmup 0.1 4 0.1 multistep 3/10 0.2", 0.1,
         lambda o: with_warmup(o, 4, 0.1, lambda o2: MultiStepLR(o2, [3, 10], gamma=0.2)), 25)
  yield ("warmup 0.05 1 0.5 cosine 20 0.0", 0.05,
         lambda o: with_warmup(o, 1, 0.5, lambda o2: CosineAnnealingLR(o2, T_max=20, eta_min=0.0)), 25)


def plateau_metrics(kind, n):
  """Fixed, deterministic metric sequences: improving, then noisy plateaus, then slow creep."""
  values = []
  for i in range(n):
    if kind == "loss":
      v = 1.0 / (1 + i) if i < 8 else 0.12 + 0.01 * math.sin(1.7 * i) + (0.0001 * (i % 3))
    else:  # accuracy-like, to maximise
      v = min(0.9, 0.5 + 0.05 * i) + 0.002 * math.cos(2.3 * i) if i < 12 else 0.9 + 0.00005 * (i % 4)
    values.append(v)
  return values


def plateau_cases():
  # name: (base_lr, kwargs, metric kind, validations)
  yield "plateau 0.1 min 0.5 2 0.0001 rel 0 0.0 loss", 0.1, dict(
      mode="min", factor=0.5, patience=2, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0.0), "loss", 60
  yield "plateau 0.1 min 0.1 0 0.01 abs 2 1e-05 loss", 0.1, dict(
      mode="min", factor=0.1, patience=0, threshold=0.01, threshold_mode="abs", cooldown=2, min_lr=1e-5), "loss", 60
  yield "plateau 0.05 max 0.2 3 0.001 rel 1 0.001 acc", 0.05, dict(
      mode="max", factor=0.2, patience=3, threshold=1e-3, threshold_mode="rel", cooldown=1, min_lr=1e-3), "acc", 80
  yield "plateau 1.0 max 0.5 1 0.0 abs 0 0.0 acc", 1.0, dict(
      mode="max", factor=0.5, patience=1, threshold=0.0, threshold_mode="abs", cooldown=0, min_lr=0.0), "acc", 80
  # min_lr just below the reduced value: the eps rule (old - new <= 1e-8 keeps the old lr) comes into play
  yield "plateau 1e-07 min 0.9 0 0.0 rel 0 0.0 loss", 1e-7, dict(
      mode="min", factor=0.9, patience=0, threshold=0.0, threshold_mode="rel", cooldown=0, min_lr=0.0), "loss", 30


def main():
  rows = []
  for name, base_lr, factory, steps in cases():
    for t, lr in enumerate(run(factory(optimizer(base_lr)), steps)):
      rows.append((name, t, "", repr(float(lr))))
  for name, base_lr, kwargs, kind, n in plateau_cases():
    scheduler = ReduceLROnPlateau(optimizer(base_lr), **kwargs)
    rows.append((name, 0, "", repr(float(scheduler.get_last_lr()[0]))))
    for t, metric in enumerate(plateau_metrics(kind, n), start=1):
      scheduler.step(metric)
      rows.append((name, t, repr(metric), repr(float(scheduler.get_last_lr()[0]))))
  with open(OUT, "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(("case", "t", "metric", "lr"))
    out.writerows(rows)
  print(f"torch {torch.__version__}: {len(rows)} rows -> {OUT}")


if __name__ == "__main__":
  main()
