"""Exports the PyTorch fixtures of dev.ortrain.importer's tests and their reference values.

For each model it writes, under runtime/src/test/resources/pytorch/<name>/:
  model.onnx                      the forward model from torch.onnx.export (TorchScript exporter)
  reference/input.pb              a fixed input batch                       (onnx.TensorProto)
  reference/target.pb             class labels, int64                       (onnx.TensorProto)
  reference/logits.pb             the model's output for that batch         (onnx.TensorProto)
  reference/loss.pb               mean cross-entropy of logits vs. labels   (onnx.TensorProto, scalar)
  reference/gradients/<p>.pb      d loss / d p for every parameter p after one backward pass

TensorProto files are the format of ONNX's own test data sets: little-endian raw data, readable from Java
with the project's ONNX protobuf classes.

Run from the repository root (needs torch and onnx; nothing else):
  python runtime/src/test/python/make_pytorch_fixtures.py
Made with torch 2.13.0+cpu and onnx 1.23.1.
"""
import os
import pathlib

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "pytorch"


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class Cnn(nn.Module):
    """Conv-ReLU-MaxPool-Flatten-Linear; `view_flatten` flattens with x.view(x.size(0), -1) instead,
    which the exporter writes as Shape-Gather-Unsqueeze-Concat-Reshape."""

    def __init__(self, view_flatten=False):
        super().__init__()
        self.view_flatten = view_flatten
        self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        x = x.view(x.size(0), -1) if self.view_flatten else self.flatten(x)
        return self.fc(x)


def save(tensor, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    proto = onnx.numpy_helper.from_array(tensor.detach().numpy(), name=path.stem)
    path.write_bytes(proto.SerializeToString())


def export(name, model, x, y, opset, dynamic_batch):
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    model.eval()  # no dropout or batch-norm here, but export in inference mode as a user would
    kwargs = {}
    if dynamic_batch:
        kwargs["dynamic_axes"] = {"input": {0: "batch"}, "logits": {0: "batch"}}
    torch.onnx.export(model, (x,), str(out / "model.onnx"), opset_version=opset, dynamo=False,
                      input_names=["input"], output_names=["logits"], **kwargs)
    onnx.checker.check_model(onnx.load(str(out / "model.onnx")))

    model.zero_grad()
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, y)
    loss.backward()
    ref = out / "reference"
    save(x, ref / "input.pb")
    save(y, ref / "target.pb")
    save(logits, ref / "logits.pb")
    save(loss, ref / "loss.pb")
    for pname, p in model.named_parameters():
        save(p.grad, ref / "gradients" / (pname + ".pb"))
    print(name, "loss", loss.item())


def main():
    torch.manual_seed(20240531)
    export("mlp", Mlp(), torch.randn(6, 4), torch.tensor([0, 1, 2, 2, 1, 0]), opset=13, dynamic_batch=False)
    labels = torch.tensor([2, 0, 1, 1])
    images = torch.randn(4, 1, 8, 8)
    export("cnn", Cnn(), images, labels, opset=17, dynamic_batch=True)
    export("cnn_view", Cnn(view_flatten=True), images, labels, opset=17, dynamic_batch=True)


if __name__ == "__main__":
    main()
