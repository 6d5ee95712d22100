#!/usr/bin/python3
"""PyTorch reference for the `epoch` benchmark: trains one model on Fashion-MNIST and prints one JSON line.

Same interface and settings as `dotnet run -c Release --project benchmarks/Experiments.Benchmarks -- epoch`:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/Experiments.Benchmarks/reference/epoch_torch.py \
        --model cnn-s3 --epochs 3 [--data /usr/share/datasets/fashion-mnist] [--threads 2] [--seed 0]

Models and settings (Adam; see ../shared/docs/ANCHORS.md): mlp-32-32 (batch 100, lr 1e-2), mlp-120-84 (64, 1e-3),
cnn1d (100, 1e-3), cnn-s3 (64, 1e-3), cnn-s4 (128, 1e-3); and the compact presets compact-bn-flat and
compact-bn-flat-small (128, 5e-3, constant: the timing does not depend on the schedule). Inputs are pixels / 255 (no normalisation), the training
set is reshuffled every epoch, the test set is evaluated once after the last epoch under torch.no_grad().

Output (one line, after the last epoch):
{"model":..., "params":..., "batch":..., "epochs":N, "epoch_s":[...], "samples_per_s":..., "eval_s":...,
 "test_acc":..., "peak_rss_mb":...}
Needs Debian's python3-torch (1.13) and libopenblas0-pthread; reads IDX files directly (gzip or raw, by content).
"""
import argparse
import gzip
import json
import os
import resource
import struct
import time

import numpy as np
import torch
from torch import nn

SETTINGS = {  # name: (batch size, learning rate)
    "mlp-32-32": (100, 1e-2),
    "mlp-120-84": (64, 1e-3),
    "cnn1d": (100, 1e-3),
    "cnn-s3": (64, 1e-3),
    "cnn-s4": (128, 1e-3),
    "compact-bn-flat": (128, 5e-3),
    "compact-bn-flat-small": (128, 5e-3),
}


class Rows(nn.Module):
    """(N, 1, 28, 28) -> (N, 28, 28): image rows as 28 channels of 28 steps, for the 1-D CNN."""

    def forward(self, x):
        return x.view(x.shape[0], 28, 28)


def build(name):
    if name == "mlp-32-32":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 10))
    if name == "mlp-120-84":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    if name == "cnn1d":
        return nn.Sequential(Rows(),
                             nn.Conv1d(28, 32, 3, padding=1), nn.ReLU(), nn.MaxPool1d(2),
                             nn.Conv1d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool1d(2),
                             nn.Flatten(), nn.Linear(448, 64), nn.ReLU(), nn.Linear(64, 10))
    if name == "cnn-s3":
        return nn.Sequential(nn.Conv2d(1, 10, 5), nn.MaxPool2d(2), nn.ReLU(),
                             nn.Conv2d(10, 20, 5), nn.MaxPool2d(2), nn.ReLU(),
                             nn.Flatten(), nn.Linear(320, 50), nn.ReLU(), nn.Linear(50, 10))
    if name == "cnn-s4":
        return nn.Sequential(nn.Conv2d(1, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 12, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Dropout(0.2), nn.Flatten(), nn.Linear(588, 24), nn.ReLU(), nn.Linear(24, 10))
    if name in ("compact-bn-flat", "compact-bn-flat-small"):
        # The presets of the same names (ModelPresets): padded 3×3 convs without bias, BN, ReLU; max pools after the
        # 2nd and 3rd; a 1×1 conv to 4 channels with BN and ReLU; flatten 4×7×7; Linear(196, 10).
        a, b, c, d = (16, 24, 32, 24) if name == "compact-bn-flat" else (12, 16, 24, 16)

        def block(cin, cout, k=3, pool=False):
            layers = [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
            return layers + ([nn.MaxPool2d(2)] if pool else [])
        return nn.Sequential(*block(1, a), *block(a, b, pool=True), *block(b, c, pool=True), *block(c, d),
                             *block(d, 4, k=1), nn.Flatten(), nn.Linear(196, 10))
    raise SystemExit(f"unknown model {name!r}; known: {', '.join(SETTINGS)}")


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path}: not a u8 IDX file (magic {data[:4].hex()})")
    ndims = data[3]
    dims = struct.unpack(">" + "I" * ndims, data[4:4 + 4 * ndims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{folder}: neither {stem}.gz nor {stem} found; pass --data DIR")


def load(folder, split):
    images = read_idx(find(folder, f"{split}-images-idx3-ubyte"))
    labels = read_idx(find(folder, f"{split}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, choices=sorted(SETTINGS))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    batch, lr = SETTINGS[args.model]
    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")

    model = build(args.model)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)

    epoch_s = []
    n = x_train.shape[0]
    for _ in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        epoch_s.append(time.perf_counter() - start)

    model.eval()
    start = time.perf_counter()
    correct = 0
    with torch.no_grad():
        for i in range(0, x_test.shape[0], 1000):
            correct += (model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
    eval_s = time.perf_counter() - start

    print(json.dumps({
        "model": args.model, "params": params, "batch": batch, "epochs": args.epochs,
        "epoch_s": [round(s, 4) for s in epoch_s],
        "samples_per_s": round(n / min(epoch_s), 1),
        "eval_s": round(eval_s, 4),
        "test_acc": correct / x_test.shape[0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
