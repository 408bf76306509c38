#!/usr/bin/env python3
"""PyTorch / PyTorch Lightning peer worker for the ortrain benchmark harness.

Implements benchmarks/PROTOCOL.md: one JSON request per line on stdin, exactly one JSON answer per line on
stdout. Everything else that anything in this process prints (Lightning, tqdm, warnings) goes to stderr.

    python3 torch_worker.py --peer pytorch|lightning|lightning-defaults
    python3 torch_worker.py --export resnet|transformer|lstm --seed N --out FILE.onnx

The second form writes the model a peer builds with that seed as ONNX, for the ONNX Runtime workers to import.
"""
import os
import sys

# --- Transport: keep a private handle on the real stdout for answers, send fd 1 to stderr. ------------------
# Done before importing torch/lightning so that nothing they print can reach the answer channel.
_ANSWER_FD = os.dup(1)
os.dup2(2, 1)
_ANSWERS = os.fdopen(_ANSWER_FD, "w", buffering=1, encoding="utf-8")
sys.stdout = sys.stderr

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, Sampler, TensorDataset  # noqa: E402

PEERS = ("pytorch", "lightning", "lightning-defaults")


class NotSupported(Exception):
    pass


# --- Data ----------------------------------------------------------------------------------------------------

def _open_idx(directory, name):
    plain = os.path.join(directory, name)
    gz = plain + ".gz"
    if os.path.exists(plain):
        with open(plain, "rb") as f:
            return f.read()
    if os.path.exists(gz):
        with gzip.open(gz, "rb") as f:
            return f.read()
    raise FileNotFoundError(f"neither {plain} nor {gz} exists")


def _parse_idx(raw):
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError("not an IDX file (bad magic)")
    if raw[2] != 0x08:
        raise ValueError(f"unsupported IDX element type 0x{raw[2]:02x} (expected unsigned byte)")
    ndim = raw[3]
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    offset = 4 + 4 * ndim
    count = int(np.prod(dims)) if dims else 0
    data = np.frombuffer(raw, dtype=np.uint8, count=count, offset=offset)
    return data.reshape(dims)


def load_fashion_mnist(directory):
    def images(name):
        a = _parse_idx(_open_idx(directory, name))
        if a.ndim != 3:
            raise ValueError(f"{name}: expected 3 dimensions, got {a.shape}")
        x = a.astype(np.float32) / np.float32(255.0)
        return torch.from_numpy(np.ascontiguousarray(x.reshape(a.shape[0], 1, a.shape[1], a.shape[2])))

    def labels(name):
        a = _parse_idx(_open_idx(directory, name))
        if a.ndim != 1:
            raise ValueError(f"{name}: expected 1 dimension, got {a.shape}")
        return torch.from_numpy(a.astype(np.int64))

    xtr, ytr = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    xte, yte = images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")
    if len(xtr) != len(ytr) or len(xte) != len(yte):
        raise ValueError("image and label counts differ")
    return xtr, ytr, xte, yte


# --- Models --------------------------------------------------------------------------------------------------
# Every model takes the images as [N, 1, 28, 28]; the sequence models read them as 28 rows of 28 pixels.

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.layers = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


class TransformerClassifier(nn.Module):
    def __init__(self, dim=64, heads=4, ff=128, layers=2):
        super().__init__()
        self.embed = nn.Linear(28, dim)
        self.position = nn.Parameter(torch.randn(1, 28, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=ff, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        x = self.embed(x.reshape(-1, 28, 28)) + self.position
        return self.head(self.encoder(x).mean(1))


class LstmClassifier(nn.Module):
    def __init__(self, hidden=128, layers=2):
        super().__init__()
        self.rnn = nn.LSTM(28, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, 10)

    def forward(self, x):
        out, _ = self.rnn(x.reshape(-1, 28, 28))
        return self.head(out[:, -1])


MODELS = ("mlp", "cnn", "resnet", "transformer", "lstm")


def build_model(name):
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 256), nn.ReLU(),
            nn.Linear(256, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(3136, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )
    if name == "resnet":
        return ResNet()
    if name == "transformer":
        return TransformerClassifier()
    if name == "lstm":
        return LstmClassifier()
    raise ValueError(f"unknown model {name!r} (expected one of {', '.join(MODELS)})")


def export_model(name, seed, path):
    """Writes the model a peer's setup builds with this seed (same initial weights) as ONNX, exported the way
    ortrain's importer keeps a model trainable: training mode, no constant folding, a dynamic batch axis."""
    import onnx
    from onnx import numpy_helper
    torch.manual_seed(seed)
    model = build_model(name)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    model.train()
    torch.onnx.export(model, (torch.zeros(2, 1, 28, 28),), path, opset_version=17, dynamo=False,
                      training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    # Tracing ran the model once in training mode, which moved BatchNorm's running statistics: put back the
    # values the peers start from.
    proto = onnx.load(path)
    for tensor in proto.graph.initializer:
        start = initial.get(tensor.name)
        if start is not None and not np.array_equal(numpy_helper.to_array(tensor), start.numpy()):
            tensor.CopyFrom(numpy_helper.from_array(start.numpy(), tensor.name))
    onnx.save(proto, path)
    exported = {t.name for t in proto.graph.initializer}
    missing = [k for k, p in model.named_parameters() if k not in exported]
    if missing:
        raise RuntimeError(f"the export renamed or dropped parameters {missing}")


def build_optimizer(params, lr):
    return torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)


# --- Helpers -------------------------------------------------------------------------------------------------

def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB -> MB
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def _finite(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def torch_details(threads):
    d = {
        "torch": torch.__version__,
        "torch_num_threads": str(torch.get_num_threads()),
        "torch_num_interop_threads": str(torch.get_num_interop_threads()),
        "requested_threads": str(threads),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", ""),
        "MKL_NUM_THREADS": os.environ.get("MKL_NUM_THREADS", ""),
        "mkldnn_available": str(torch.backends.mkldnn.is_available()),
        "mkldnn_enabled": str(torch.backends.mkldnn.enabled),
        "mkl_available": str(torch.backends.mkl.is_available()),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }
    try:
        d["cpu_capability"] = str(torch.backends.cpu.get_cpu_capability())
    except Exception:  # pragma: no cover - older torch
        pass
    try:
        lines = [ln.strip() for ln in torch.__config__.parallel_info().splitlines() if ln.strip()]
        short = [ln for ln in lines if len(ln) <= 120][:8]
        if short:
            d["parallel_info"] = "; ".join(short)
    except Exception:
        pass
    return d


def sgemm(n, seconds):
    n = int(n)
    seconds = float(seconds)
    a = torch.rand(n, n, dtype=torch.float32)
    b = torch.rand(n, n, dtype=torch.float32)
    c = torch.empty(n, n, dtype=torch.float32)
    torch.mm(a, b, out=c)  # warm-up
    count = 0
    t0 = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        torch.mm(a, b, out=c)
        count += 1
        elapsed = time.perf_counter() - t0
    return {"gflops": 2.0 * n ** 3 * count / elapsed / 1e9, "count": count, "seconds": elapsed, "n": n}


# --- Plain PyTorch peer --------------------------------------------------------------------------------------

def read_common_setup(peer, req):
    """Batch, threads, learning rate, seed and the data set: what every torch-based peer's setup reads."""
    peer.batch = int(req["batch"])
    peer.threads = int(req["threads"])
    peer.lr = float(req["lr"])
    peer.seed = int(req.get("seed", 0))
    torch.set_num_threads(peer.threads)
    torch.manual_seed(peer.seed)
    peer.xtr, peer.ytr, peer.xte, peer.yte = load_fashion_mnist(req["data"])
    if len(peer.xtr) < peer.batch or len(peer.xte) < peer.batch:
        raise ValueError("batch larger than the data set")


class PyTorchPeer:
    name = "pytorch"

    def setup(self, req):
        t0 = time.perf_counter()
        read_common_setup(self, req)
        self.model = build_model(req["model"])
        self.optimizer = build_optimizer(self.model.parameters(), self.lr)
        self.loss_fn = nn.CrossEntropyLoss()
        self.model.train()
        self.train_pos = 0  # next sample index of the in-order training cursor
        self.eval_pos = 0
        setup_seconds = time.perf_counter() - t0
        return {"name": self.name, "version": torch.__version__, "setup_seconds": setup_seconds,
                "details": torch_details(self.threads)}

    # one training step: forward, backward, optimizer step, gradient reset
    def _step(self, x, y):
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return loss

    def _next_train_batch(self):
        b = self.batch
        if self.train_pos + b > len(self.xtr):
            self.train_pos = 0
        i = self.train_pos
        self.train_pos = i + b
        return self.xtr[i:i + b], self.ytr[i:i + b]

    def train(self, req):
        seconds = float(req["seconds"])
        self.model.train()
        steps = 0
        total = 0.0
        loss = None
        perf = time.perf_counter
        while total < seconds:
            x, y = self._next_train_batch()
            t = perf()
            loss = self._step(x, y)
            total += perf() - t
            steps += 1
        return {"steps": steps, "seconds": total, "samples": steps * self.batch,
                "loss": _finite(loss.item()) if loss is not None else None}

    def eval(self, req):
        seconds = float(req["seconds"])
        b = self.batch
        n = len(self.xte)
        self.model.eval()
        steps = 0
        total = 0.0
        perf = time.perf_counter
        try:
            with torch.inference_mode():
                while total < seconds:
                    if self.eval_pos + b > n:
                        self.eval_pos = 0
                    i = self.eval_pos
                    self.eval_pos = i + b
                    x = self.xte[i:i + b]
                    t = perf()
                    self.model(x)
                    total += perf() - t
                    steps += 1
        finally:
            self.model.train()
        return {"steps": steps, "seconds": total, "samples": steps * b}

    def epoch(self, req):
        n = min(int(req["samples"]), len(self.xtr))
        loader = DataLoader(TensorDataset(self.xtr[:n], self.ytr[:n]), batch_size=self.batch, shuffle=True,
                            num_workers=0, drop_last=False)
        self.model.train()
        perf = time.perf_counter
        steps = 0
        step_seconds = 0.0
        loss = None
        t0 = perf()
        for x, y in loader:
            t = perf()
            loss = self._step(x, y)
            step_seconds += perf() - t
            steps += 1
        seconds = perf() - t0
        return {"seconds": seconds, "steps": steps, "step_seconds": step_seconds, "samples": n,
                "loss": _finite(loss.item()) if loss is not None else None}

    def checkpoint(self, req):
        repeats = int(req.get("repeats", 5))
        tmpdir = tempfile.mkdtemp(prefix="torch_worker_ckpt_")
        path = os.path.join(tmpdir, "checkpoint.pt")
        save_ms, load_ms = [], []
        size = 0
        perf = time.perf_counter
        try:
            for _ in range(repeats):
                t = perf()
                torch.save({"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict()}, path)
                save_ms.append((perf() - t) * 1000.0)
                size = os.path.getsize(path)
                t = perf()
                state = torch.load(path, map_location="cpu", weights_only=True)
                self.model.load_state_dict(state["model"])
                self.optimizer.load_state_dict(state["optimizer"])
                load_ms.append((perf() - t) * 1000.0)
                del state
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
        return {"save_ms": save_ms, "load_ms": load_ms, "bytes": size}

    def sgemm(self, req):
        return sgemm(req.get("n", 2048), req.get("seconds", 2.0))

    def profile(self, req):
        from torch.profiler import ProfilerActivity, profile, schedule
        steps = int(req.get("steps", 20))
        warmup = 3
        if steps < 1:
            raise ValueError("steps must be >= 1")
        self.model.train()
        result = {}

        def on_ready(prof):
            result["events"] = prof.key_averages()

        with profile(activities=[ProfilerActivity.CPU],
                     schedule=schedule(wait=0, warmup=warmup, active=steps, repeat=1),
                     on_trace_ready=on_ready) as prof:
            for _ in range(warmup + steps):
                x, y = self._next_train_batch()
                self._step(x, y)
                prof.step()
        events = result.get("events")
        if events is None:
            events = prof.key_averages()
        rows = [(e.key, float(e.self_cpu_time_total)) for e in events]
        total_us = sum(us for _, us in rows) or 1.0
        rows.sort(key=lambda r: r[1], reverse=True)
        top = [{"name": k, "percent": 100.0 * us / total_us, "ms_per_step": us / 1000.0 / steps}
               for k, us in rows[:15]]
        return {"top": top, "steps": steps, "total_self_ms_per_step": total_us / 1000.0 / steps}

    def memory(self, req):
        return {"peak_rss_mb": peak_rss_mb()}


# --- Lightning peers -----------------------------------------------------------------------------------------

class _CyclicStoppableSampler(Sampler):
    """Yields sample indices 0..full-1 in order, wrapping around, until `stop` is set (checked per batch).

    Keeps its position across iterations so consecutive eval ops continue where the previous one stopped."""

    def __init__(self, n, batch):
        self.full = (n // batch) * batch
        self.batch = batch
        self.pos = 0
        self.stop = False

    def __iter__(self):
        b = self.batch
        while not self.stop:
            if self.pos + b > self.full:
                self.pos = 0
            i = self.pos
            self.pos = i + b
            yield from range(i, i + b)


def _make_lightning_classes():
    import lightning as L
    import torch.nn.functional as F

    class LitModel(L.LightningModule):
        def __init__(self, net, lr, log_loss=False):
            super().__init__()
            self.net = net
            # With Lightning's defaults, the run also logs its loss to the progress bar and the logger, as the
            # user guide's first example does.
            self.log_loss = log_loss
            # One optimizer for the life of the worker: configure_optimizers hands the same instance to every
            # Trainer, so AdamW state carries over between train ops (as it does in the other peers).
            self.adamw = build_optimizer(self.net.parameters(), lr)
            self.last_loss = None

        def forward(self, x):
            return self.net(x)

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = F.cross_entropy(self.net(x), y)
            self.last_loss = loss.detach()
            if self.log_loss:
                self.log("train_loss", loss, prog_bar=True)
            return loss

        def validation_step(self, batch, batch_idx):
            x, y = batch
            logits = self.net(x)
            return F.cross_entropy(logits, y)

        def configure_optimizers(self):
            return self.adamw

    class Timer(L.Callback):
        """Times batches from the first *_batch_start to the last *_batch_end; asks to stop after `seconds`."""

        def __init__(self, seconds=None, on_stop=None):
            self.seconds = seconds
            self.on_stop = on_stop
            self.first_start = None
            self.last_end = None
            self.batch_start = None
            self.steps = 0
            self.step_seconds = 0.0
            self.epoch_start = None
            self.epoch_end = None

        def _start(self):
            t = time.perf_counter()
            if self.first_start is None:
                self.first_start = t
            self.batch_start = t

        def _end(self, trainer):
            t = time.perf_counter()
            self.last_end = t
            self.step_seconds += t - self.batch_start
            self.steps += 1
            if self.seconds is not None and t - self.first_start >= self.seconds:
                if self.on_stop is not None:
                    self.on_stop()
                trainer.should_stop = True

        @property
        def window(self):
            if self.first_start is None:
                return 0.0
            return self.last_end - self.first_start

        def on_train_batch_start(self, trainer, pl_module, batch, batch_idx):
            self._start()

        def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
            self._end(trainer)

        def on_validation_batch_start(self, trainer, pl_module, batch, batch_idx, dataloader_idx=0):
            self._start()

        def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0):
            self._end(trainer)

        def on_train_epoch_start(self, trainer, pl_module):
            self.epoch_start = time.perf_counter()

        def on_train_epoch_end(self, trainer, pl_module):
            self.epoch_end = time.perf_counter()

    return L, LitModel, Timer


class LightningPeer:
    def __init__(self, defaults):
        self.defaults = defaults
        self.name = "lightning-defaults" if defaults else "lightning"
        self.L, self.LitModel, self.Timer = _make_lightning_classes()
        self.root_dir = tempfile.mkdtemp(prefix="torch_worker_lightning_")

    def setup(self, req):
        t0 = time.perf_counter()
        read_common_setup(self, req)
        self.module = self.LitModel(build_model(req["model"]), self.lr, log_loss=self.defaults)
        self.train_set = TensorDataset(self.xtr, self.ytr)
        self.eval_sampler = _CyclicStoppableSampler(len(self.xte), self.batch)
        self.eval_loader = DataLoader(TensorDataset(self.xte, self.yte), batch_size=self.batch,
                                      sampler=self.eval_sampler, num_workers=0, drop_last=True)
        setup_seconds = time.perf_counter() - t0
        details = torch_details(self.threads)
        details["lightning"] = self.L.__version__
        details["trainer"] = self._trainer_description()
        return {"name": self.name, "version": self.L.__version__, "setup_seconds": setup_seconds,
                "details": details}

    def _trainer_description(self):
        if self.defaults:
            return ("Trainer(accelerator='cpu', devices=1, enable_checkpointing=False, max_epochs=-1, "
                    "default_root_dir=<tmp>) + defaults (progress bar, default logger, model summary)")
        return ("Trainer(accelerator='cpu', devices=1, enable_progress_bar=False, logger=False, "
                "enable_checkpointing=False, enable_model_summary=False, max_epochs=-1, max_steps=-1)")

    def _trainer(self, callbacks, max_epochs=-1):
        common = dict(accelerator="cpu", devices=1, enable_checkpointing=False, max_epochs=max_epochs,
                      max_steps=-1, callbacks=callbacks)
        if self.defaults:
            return self.L.Trainer(default_root_dir=self.root_dir, **common)
        return self.L.Trainer(enable_progress_bar=False, logger=False, enable_model_summary=False,
                              default_root_dir=self.root_dir, **common)

    def _check_threads(self):
        # Lightning should not touch the thread count, but make sure a measurement never runs with another one.
        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)

    def train(self, req):
        seconds = float(req["seconds"])
        loader = DataLoader(self.train_set, batch_size=self.batch, shuffle=False, num_workers=0, drop_last=True)
        timer = self.Timer(seconds=seconds)
        trainer = self._trainer([timer])
        self._check_threads()
        trainer.fit(self.module, train_dataloaders=loader)
        loss = self.module.last_loss
        return {"steps": timer.steps, "seconds": timer.window, "samples": timer.steps * self.batch,
                "loss": _finite(loss.item()) if loss is not None else None,
                "step_seconds": timer.step_seconds}

    def eval(self, req):
        seconds = float(req["seconds"])
        sampler = self.eval_sampler
        sampler.stop = False

        def stop():
            sampler.stop = True

        timer = self.Timer(seconds=seconds, on_stop=stop)
        trainer = self._trainer([timer])
        self._check_threads()
        try:
            trainer.validate(self.module, dataloaders=self.eval_loader, verbose=False)
        finally:
            sampler.stop = False
        return {"steps": timer.steps, "seconds": timer.window, "samples": timer.steps * self.batch,
                "step_seconds": timer.step_seconds}

    def epoch(self, req):
        n = min(int(req["samples"]), len(self.xtr))
        loader = DataLoader(TensorDataset(self.xtr[:n], self.ytr[:n]), batch_size=self.batch, shuffle=True,
                            num_workers=0, drop_last=False)
        timer = self.Timer()
        trainer = self._trainer([timer], max_epochs=1)
        self._check_threads()
        trainer.fit(self.module, train_dataloaders=loader)
        if timer.epoch_start is None or timer.epoch_end is None:
            raise RuntimeError("epoch hooks did not run")
        loss = self.module.last_loss
        return {"seconds": timer.epoch_end - timer.epoch_start, "steps": timer.steps,
                "step_seconds": timer.step_seconds, "samples": n,
                "loss": _finite(loss.item()) if loss is not None else None}

    def checkpoint(self, req):
        raise NotSupported("checkpoint not supported by this peer")

    def sgemm(self, req):
        raise NotSupported("sgemm not supported by this peer")

    def profile(self, req):
        raise NotSupported("profile not supported by this peer")

    def memory(self, req):
        return {"peak_rss_mb": peak_rss_mb()}

    def close(self):
        shutil.rmtree(self.root_dir, ignore_errors=True)


# --- Main loop -----------------------------------------------------------------------------------------------

def answer(obj):
    _ANSWERS.write(json.dumps(obj, allow_nan=False, separators=(",", ":")) + "\n")
    _ANSWERS.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer", choices=PEERS, default="pytorch")
    parser.add_argument("--export", choices=MODELS, help="write this model as ONNX to --out and exit")
    parser.add_argument("--seed", type=int, default=0, help="seed of the exported model's initial weights")
    parser.add_argument("--out", help="the ONNX file --export writes")
    args = parser.parse_args()
    if args.export:
        if not args.out:
            parser.error("--export needs --out FILE.onnx")
        export_model(args.export, args.seed, args.out)
        return 0

    peer = PyTorchPeer() if args.peer == "pytorch" else LightningPeer(defaults=args.peer == "lightning-defaults")
    is_set_up = False
    ops = ("setup", "train", "eval", "epoch", "checkpoint", "sgemm", "profile", "memory")
    try:
        while True:
            line = sys.stdin.readline()
            if not line:
                break  # EOF: the harness went away
            line = line.strip()
            if not line:
                continue
            try:
                req = json.loads(line)
                if not isinstance(req, dict):
                    raise ValueError("request is not a JSON object")
                op = req.get("op")
                if op == "quit":
                    answer({"ok": True})
                    break
                if op not in ops:
                    raise NotSupported(f"unknown op {op!r}")
                if op not in ("setup", "memory", "sgemm") and not is_set_up:
                    raise RuntimeError(f"op {op!r} before a successful setup")
                result = getattr(peer, op)(req)
                if op == "setup":
                    is_set_up = True
                out = {"ok": True}
                out.update(result)
                answer(out)
            except Exception as e:  # keep serving
                traceback.print_exc(file=sys.stderr)
                msg = str(e) or type(e).__name__
                if not isinstance(e, NotSupported):
                    msg = f"{type(e).__name__}: {msg}"
                try:
                    answer({"ok": False, "error": msg})
                except Exception:
                    answer({"ok": False, "error": type(e).__name__})
    finally:
        if hasattr(peer, "close"):
            peer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
