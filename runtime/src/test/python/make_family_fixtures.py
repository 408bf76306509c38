"""Exports the model families papers are made of, with PyTorch's training trajectory as the reference that
dev.ortrain.importer.FamilyAgreementTest and JavaWrittenFamiliesTest train against.

For each family it writes, under runtime/src/test/resources/pytorch/families/<family>/:
  training.onnx     torch.onnx.export(..., dynamo=False, training=TrainingMode.TRAINING,
                    do_constant_folding=False): the README's recipe
  eval.onnx         torch.onnx.export(..., dynamo=False) of the model in eval mode: what most tutorials do
  dynamo.onnx       torch.onnx.export(..., dynamo=True), torch 2.13's default exporter, where it exports
  dynamo_unoptimized.onnx   the same with optimize=False, for the families whose BatchNorm the default
                    optimizer folds into the convolutions
  batch<k>/<input>.pb, batch<k>/target.pb     three fixed batches               (onnx.TensorProto)
  sgd_losses.pb     the loss of each of 3 plain-SGD steps, one batch each     (float32 [3])
  adamw_losses.pb   the same for 3 AdamW steps from the same initial weights  (float32 [3])
  gradients/<p>.pb  d loss / d p of the first batch, for every parameter p

The reference runs the model in training mode (batch statistics), which is what training an imported model
means whichever mode it was exported in; dropout is 0 so that the trajectories are deterministic.

Run from the repository root (torch 2.13 and onnx; onnxscript for the dynamo exporter), for every family
or for those named:
  python runtime/src/test/python/make_family_fixtures.py [family ...]
"""
import math
import pathlib
import sys
import warnings

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "pytorch" / "families"
BATCH = 4
SGD_LR = 0.1
ADAMW_LR = 0.01
STEPS = 3


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
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    """A stem, an identity BasicBlock and a downsampling one with a 1x1 stride-2 shortcut, global pooling."""

    def __init__(self, classes=5):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class TransformerClassifier(nn.Module):
    """Token embedding, learned positions, 2 encoder layers with a key-padding mask (token 0 is padding),
    mean over the tokens that are not padding."""

    def __init__(self, vocab=20, length=6, dim=16, heads=4, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.position = nn.Parameter(torch.randn(1, length, dim) * 0.1)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(dim, classes)

    def forward(self, tokens):
        padding = tokens == 0
        x = self.embed(tokens) + self.position
        x = self.encoder(x, src_key_padding_mask=padding)
        keep = (~padding).unsqueeze(-1).float()
        return self.head((x * keep).sum(1) / keep.sum(1))


class CausalLm(nn.Module):
    """Decoder-only language model: an encoder layer under a causal mask, the output layer tied to the
    embedding; logits flattened to [batch * length, vocab] for the cross-entropy."""

    def __init__(self, vocab=24, length=6, dim=16, heads=4):
        super().__init__()
        self.length = length
        self.embed = nn.Embedding(vocab, dim)
        self.position = nn.Embedding(length, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=32, dropout=0.0, batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.out = nn.Linear(dim, vocab, bias=False)
        self.out.weight = self.embed.weight
        nn.init.normal_(self.embed.weight, std=0.02)  # GPT-2's initialization of the tied matrix

    def forward(self, tokens):
        t = tokens.shape[1]
        positions = torch.arange(t, device=tokens.device)
        causal = nn.Transformer.generate_square_subsequent_mask(t)
        x = self.embed(tokens) + self.position(positions)
        # is_causal spares torch.export the data-dependent check of the mask, so that dynamo exports it.
        x = self.norm(self.blocks(x, mask=causal, is_causal=True))
        logits = self.out(x)
        return logits.reshape(-1, logits.shape[-1])


class Vit(nn.Module):
    """Patch convolution, class token, learned positions, 2 pre-norm encoder layers, head on the class token."""

    def __init__(self, dim=16, heads=4, classes=5):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, 4, 4)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.1)
        self.position = nn.Parameter(torch.randn(1, 17, dim) * 0.1)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=32, dropout=0.0, batch_first=True,
                                           norm_first=True, activation="gelu")
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        cls = self.cls.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.position
        x = self.norm(self.encoder(x))
        return self.head(x[:, 0])


class Recurrent(nn.Module):
    """A 2-layer LSTM or GRU over [batch, time, features], classified from the last time step; or, with
    last_state, from the top layer's final hidden states (of both directions, concatenated, when
    bidirectional)."""

    def __init__(self, cell, features=5, hidden=12, classes=3, bidirectional=False, last_state=False):
        super().__init__()
        self.last_state = last_state
        self.rnn = cell(features, hidden, num_layers=2, batch_first=True, bidirectional=bidirectional)
        self.head = nn.Linear(hidden * (2 if bidirectional else 1), classes)

    def forward(self, x):
        out, state = self.rnn(x)
        if not self.last_state:
            return self.head(out[:, -1])
        h_n = state[0] if isinstance(state, tuple) else state  # an LSTM's state is (h_n, c_n)
        directions = 2 if self.rnn.bidirectional else 1
        return self.head(torch.cat(list(h_n[-directions:]), dim=1))


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 4, 3, 2, 1), nn.ReLU(), nn.Conv2d(4, 8, 3, 2, 1), nn.ReLU())
        self.decoder = nn.Sequential(nn.ConvTranspose2d(8, 4, 3, 2, 1, output_padding=1), nn.ReLU(),
                                     nn.ConvTranspose2d(4, 1, 3, 2, 1, output_padding=1))

    def forward(self, x):
        return self.decoder(self.encoder(x))


class UNet(nn.Module):
    """Two levels with skip concatenations; nearest upsampling on one level, bilinear on the other;
    per-pixel class logits."""

    def __init__(self, classes=3):
        super().__init__()
        self.down1 = nn.Sequential(nn.Conv2d(1, 4, 3, 1, 1), nn.ReLU())
        self.down2 = nn.Sequential(nn.Conv2d(4, 8, 3, 1, 1), nn.ReLU())
        self.bottom = nn.Sequential(nn.Conv2d(8, 8, 3, 1, 1), nn.ReLU())
        self.up2 = nn.Upsample(scale_factor=2, mode="nearest")
        self.dec2 = nn.Sequential(nn.Conv2d(16, 4, 3, 1, 1), nn.ReLU())
        self.up1 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.dec1 = nn.Sequential(nn.Conv2d(8, 4, 3, 1, 1), nn.ReLU())
        self.out = nn.Conv2d(4, classes, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(F.max_pool2d(d1, 2))
        b = self.bottom(F.max_pool2d(d2, 2))
        u2 = self.dec2(torch.cat([self.up2(b), d2], dim=1))
        u1 = self.dec1(torch.cat([self.up1(u2), d1], dim=1))
        return self.out(u1)


class Conv1dNet(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.conv = nn.Conv1d(2, 4, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.conv2 = nn.Conv1d(4, 4, 3)
        self.fc = nn.Linear(4 * 4, classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv(x)))
        return self.fc(torch.flatten(F.relu(self.conv2(x)), 1))


def images(shape):
    return lambda g: torch.randn((BATCH,) + shape, generator=g)


def tokens(vocab, length, padded):
    def make(g):
        t = torch.randint(1, vocab, (BATCH, length), generator=g)
        if padded:  # each sequence ends in 0 to 3 padding tokens, never all padding
            for i in range(BATCH):
                if i % 4:
                    t[i, length - (i % 4):] = 0
        return t
    return make


def classes(count, *shape):
    return lambda g, x: torch.randint(0, count, (BATCH,) + shape, generator=g)


def next_tokens(vocab):
    return lambda g, x: torch.randint(0, vocab, (x.shape[0] * x.shape[1],), generator=g)


def reconstruction(g, x):
    return x.clone()


# name: (constructor, input maker, target maker, loss)
FAMILIES = {
    "resnet": (ResNet, images((3, 8, 8)), classes(5), "cross_entropy"),
    "transformer": (TransformerClassifier, tokens(20, 6, True), classes(3), "cross_entropy"),
    "causal_lm": (CausalLm, tokens(24, 6, False), next_tokens(24), "cross_entropy"),
    "vit": (Vit, images((3, 16, 16)), classes(5), "cross_entropy"),
    "lstm": (lambda: Recurrent(nn.LSTM), images((7, 5)), classes(3), "cross_entropy"),
    "gru": (lambda: Recurrent(nn.GRU), images((7, 5)), classes(3), "cross_entropy"),
    "bilstm": (lambda: Recurrent(nn.LSTM, bidirectional=True), images((7, 5)), classes(3), "cross_entropy"),
    "bigru_state": (lambda: Recurrent(nn.GRU, bidirectional=True, last_state=True), images((7, 5)), classes(3),
                    "cross_entropy"),
    "autoencoder": (ConvAutoencoder, images((1, 8, 8)), reconstruction, "mse"),
    "unet": (UNet, images((1, 8, 8)), classes(3, 8, 8), "cross_entropy"),
    "conv1d": (Conv1dNet, images((2, 12)), classes(3), "cross_entropy"),
}


# Families with BatchNorm, which dynamo's default optimizer folds away.
FOLDED_BY_DYNAMO = {"resnet"}

def loss_of(kind, prediction, target):
    return F.cross_entropy(prediction, target) if kind == "cross_entropy" else F.mse_loss(prediction, target)


def save(tensor, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    proto = onnx.numpy_helper.from_array(tensor.detach().numpy(), name=path.stem)
    path.write_bytes(proto.SerializeToString())


def export(model, x, path, mode):
    dynamic = {"input": {0: "batch"}, "prediction": {0: "batch"}}
    kwargs = dict(input_names=["input"], output_names=["prediction"])
    if mode in ("dynamo", "dynamo_unoptimized"):
        model.eval()
        batch = torch.export.Dim("batch", min=2, max=1024)
        torch.onnx.export(model, (x,), str(path), dynamo=True, dynamic_shapes=({0: batch},),
                          external_data=False, optimize=mode == "dynamo", **kwargs)
    elif mode == "training":
        model.train()
        torch.onnx.export(model, (x,), str(path), opset_version=17, dynamo=False, dynamic_axes=dynamic,
                          training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False, **kwargs)
    else:
        model.eval()
        torch.onnx.export(model, (x,), str(path), opset_version=17, dynamo=False, dynamic_axes=dynamic,
                          **kwargs)
    onnx.checker.check_model(onnx.load(str(path)))


def trajectory(model, batches, loss_kind, optimizer):
    losses = []
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_of(loss_kind, model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return torch.tensor(losses, dtype=torch.float32)


def make(name, modes):
    constructor, make_input, make_target, loss_kind = FAMILIES[name]
    torch.manual_seed(20261207)
    model = constructor()
    g = torch.Generator().manual_seed(7)
    batches = []
    for _ in range(STEPS):
        x = make_input(g)
        batches.append((x, make_target(g, x)))
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    for k, (x, y) in enumerate(batches):
        save(x, out / f"batch{k}" / "input.pb")
        save(y, out / f"batch{k}" / "target.pb")
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    exported = []
    for mode in modes:
        model.load_state_dict(initial)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                export(model, batches[0][0], out / f"{mode}.onnx", mode)
            exported.append(mode)
        except Exception as e:  # the dynamo exporter does not take every model; the test reads what exists
            print(f"{name}: {mode} export failed: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
    model.load_state_dict(initial)
    model.train()
    model.zero_grad()
    loss_of(loss_kind, model(batches[0][0]), batches[0][1]).backward()
    for pname, p in model.named_parameters():  # tied parameters appear once, under their first name
        save(p.grad, out / "gradients" / (pname + ".pb"))
    model.load_state_dict(initial)
    sgd = trajectory(model, batches, loss_kind, torch.optim.SGD(model.parameters(), lr=SGD_LR))
    model.load_state_dict(initial)
    adamw = trajectory(model, batches, loss_kind, torch.optim.AdamW(model.parameters(), lr=ADAMW_LR))
    save(sgd, out / "sgd_losses.pb")
    save(adamw, out / "adamw_losses.pb")
    print(name, "exported", exported, "sgd", [round(v, 5) for v in sgd.tolist()])


def main():
    names = sys.argv[1:] or list(FAMILIES)
    for name in names:
        make(name, ["training", "eval", "dynamo"] + (["dynamo_unoptimized"] if name in FOLDED_BY_DYNAMO else []))


if __name__ == "__main__":
    main()
