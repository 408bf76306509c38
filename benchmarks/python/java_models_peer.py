"""PyTorch twins of the examples' models written in Java, trained as their annotated experiments train them.

dev.ortrain.benchmarks.diagnostics.JavaModelsAgainstPyTorch runs this after training the same model with
ortrain, one after the other, and passes the experiment's settings; it can also be run by hand:

    java_models_peer.py --model resnet|vit|lstm --data /usr/share/datasets/fashion-mnist --epochs 5 \
        --batch 64 --lr 2e-3 --weight-decay 0.01 --t-max 5 --min-lr 1e-5 --threads 2 [--batches N]

The models mirror dev.ortrain.examples.models (SmallResNet, VisionTransformer, RowLstm) module for module,
with the same parameter names. Training mirrors the experiments: a stratified hold-out of a twelfth of the
training split for validation (seed 42: the same sizes as ortrain's hold-out, not the same images), AdamW,
CosineAnnealingLR stepped per epoch, batches of the training split reshuffled every epoch, images scaled to
[0, 1]. --batches N trains on the first N batches of each epoch only (a smoke run).

Prints progress on stderr and one JSON object on stdout: the wall seconds of each epoch's training batches
(validation not included), the validation accuracy after each epoch, and the test accuracy at the end.
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class SmallResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.layer1 = BasicBlock(16, 16, 1)
        self.layer2 = BasicBlock(16, 32, 2)
        self.layer3 = BasicBlock(32, 64, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def forward(self, images):
        x = self.layer3(self.layer2(self.layer1(self.stem(images))))
        return self.fc(torch.flatten(self.pool(x), 1))


class TransformerBlock(nn.Module):
    def __init__(self, dim, heads, mlp_dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, mlp_dim)
        self.fc2 = nn.Linear(mlp_dim, dim)

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class VisionTransformer(nn.Module):
    def __init__(self, image_size=28, patch_size=7, channels=1, dim=64, depth=4, heads=4, mlp_dim=128,
                 classes=10):
        super().__init__()
        patches = (image_size // patch_size) ** 2
        self.patch = nn.Conv2d(channels, dim, patch_size, patch_size)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.position = nn.Parameter(torch.randn(1, patches + 1, dim) * 0.02)
        self.blocks = nn.ModuleList(TransformerBlock(dim, heads, mlp_dim) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, images):
        x = self.patch(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.position
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


class RowLstm(nn.Module):
    def __init__(self, rows=28, columns=28, hidden=128, layers=2, dropout=0.1, classes=10):
        super().__init__()
        self.rows, self.columns = rows, columns
        self.lstm = nn.LSTM(columns, hidden, layers, batch_first=True, dropout=dropout)
        self.head = nn.Linear(hidden, classes)

    def forward(self, images):
        _, (h_n, _) = self.lstm(images.reshape(-1, self.rows, self.columns))
        return self.head(h_n[-1])


MODELS = {"resnet": SmallResNet, "vit": VisionTransformer, "lstm": RowLstm}


def read_idx(directory, name):
    path = os.path.join(directory, name)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, split):
    images = read_idx(directory, f"{split}-images-idx3-ubyte.gz")
    labels = read_idx(directory, f"{split}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def stratified_hold_out(labels, fraction, seed):
    """Indices of (train, validation): round(fraction * count) of each class held out at random."""
    rng = np.random.default_rng(seed)
    held = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        held.extend(rng.choice(members, int(round(fraction * len(members))), replace=False))
    mask = np.zeros(len(labels), dtype=bool)
    mask[np.array(held)] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(y)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", choices=sorted(MODELS), required=True)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--weight-decay", type=float, required=True)
    p.add_argument("--t-max", type=int, required=True)
    p.add_argument("--min-lr", type=float, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--batches", type=int, default=0, help="train on the first N batches of each epoch (0 = all)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x, y = load(a.data, "train")
    test_x, test_y = load(a.data, "t10k")
    train_idx, val_idx = stratified_hold_out(y.numpy(), 1 / 12, 42)
    train_x, train_y, val_x, val_y = x[train_idx], y[train_idx], x[val_idx], y[val_idx]
    model = MODELS[a.model]()
    optimizer = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=a.weight_decay)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=a.t_max, eta_min=a.min_lr)
    shuffle = torch.Generator().manual_seed(a.seed)
    batches = math.ceil(len(train_y) / a.batch)
    if a.batches:
        batches = min(batches, a.batches)
    train_seconds, val_accuracy = [], []
    for epoch in range(a.epochs):
        order = torch.randperm(len(train_y), generator=shuffle)
        model.train()
        start = time.perf_counter()
        for b in range(batches):
            i = order[b * a.batch:(b + 1) * a.batch]
            optimizer.zero_grad(set_to_none=True)
            F.cross_entropy(model(train_x[i]), train_y[i]).backward()
            optimizer.step()
        train_seconds.append(time.perf_counter() - start)
        schedule.step()
        val_accuracy.append(accuracy(model, val_x, val_y))
        print(f"pytorch {a.model} epoch {epoch + 1}/{a.epochs}: {train_seconds[-1]:.1f} s training, "
              f"val_accuracy {val_accuracy[-1]:.4f}", file=sys.stderr, flush=True)
    print(json.dumps({"framework": f"PyTorch {torch.__version__}", "model": a.model, "epochs": a.epochs,
                      "batches_per_epoch": batches, "train_seconds": train_seconds,
                      "val_accuracy": val_accuracy, "test_accuracy": accuracy(model, test_x, test_y)}))


if __name__ == "__main__":
    main()
