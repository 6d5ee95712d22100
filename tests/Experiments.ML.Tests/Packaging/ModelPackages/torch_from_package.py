# Golden generator (Debian python3-torch; run by hand, output committed): loads model.zip files into PyTorch with no
# Experiments code. It rebuilds each network from the manifest's declarative architecture (the same layer order as
# ModelFactory, so state_dict keys line up), loads weights.safetensors with load_state_dict(strict=True), applies the
# input schema to raw pixel bytes and prints the eval-mode logits, with the weights' SHA-256 so the test can tell a
# stale golden from a wrong result:
#   {"models": [{"package": "cnn-s3.zip", "weights_sha256": "...", "logits": [[...], ...]}, ...]}
# Regenerate (from the repository root):
#   EXPERIMENTS_TORCH_GOLDEN_DIR=/tmp/torch-golden dotnet test tests/Experiments.ML.Tests -c Release --filter ModelPackageTorchGoldenTests
#   /usr/bin/python3 tests/Experiments.ML.Tests/Packaging/ModelPackages/torch_from_package.py /tmp/torch-golden/pixels.bin /tmp/torch-golden/*.zip \
#     > tests/Experiments.ML.Tests/Packaging/ModelPackages/Goldens/torch_logits.json
import hashlib
import json
import os
import struct
import sys
import zipfile

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


def head(layers, spec, features, classes):
    layers.append(nn.Flatten())
    if not spec["final_linear"]:
        return
    for width in spec["hidden"]:
        if spec["dropout"] > 0:
            layers.append(nn.Dropout(spec["dropout"]))
        layers.append(nn.Linear(features, width))
        layers.append(ACTIVATIONS[spec["activation"]]())
        features = width
    if spec["dropout"] > 0:
        layers.append(nn.Dropout(spec["dropout"]))
    layers.append(nn.Linear(features, classes))


def build(arch, shape, classes):
    c, h, w = shape
    layers = []
    if arch["kind"] == "mlp":
        layers.append(nn.Flatten())
        features = c * h * w
        acts = arch["activations"] * len(arch["hidden"]) if len(arch["activations"]) == 1 else arch["activations"]
        for width, act in zip(arch["hidden"], acts):
            layers.append(nn.Linear(features, width))
            if arch["batch_norm"]:
                layers.append(nn.BatchNorm1d(width))
            layers.append(ACTIVATIONS[act]())
            if arch["dropout"] > 0:
                layers.append(nn.Dropout(arch["dropout"]))
            features = width
        layers.append(nn.Linear(features, classes))
    elif arch["kind"] == "conv1d":
        channels, length = (c * h, w) if arch["input"] == "rows" else (c, h * w)
        layers += [nn.Flatten(), nn.Unflatten(1, (channels, length))]
        for b in arch["blocks"]:
            layers.append(nn.Conv1d(channels, b["out_channels"], b["kernel"], b["stride"], b["padding"], bias=b["bias"]))
            length = (length + 2 * b["padding"] - b["kernel"]) // b["stride"] + 1
            if b["batch_norm"]:
                layers.append(nn.BatchNorm1d(b["out_channels"]))
            if b["activation"] is not None:
                layers.append(ACTIVATIONS[b["activation"]]())
            if b["pool"] == "max":
                layers.append(nn.MaxPool1d(b["pool_size"]))
                length //= b["pool_size"]
            if b["dropout"] > 0:
                layers.append(nn.Dropout(b["dropout"]))
            channels = b["out_channels"]
        head(layers, arch["head"], channels * length, classes)
    elif arch["kind"] == "conv2d":
        channels = c
        for b in arch["blocks"]:
            layers.append(nn.Conv2d(channels, b["out_channels"], b["kernel"], b["stride"], b["padding"], bias=b["bias"]))
            h = (h + 2 * b["padding"] - b["kernel"]) // b["stride"] + 1
            w = (w + 2 * b["padding"] - b["kernel"]) // b["stride"] + 1
            if b["batch_norm"]:
                layers.append(nn.BatchNorm2d(b["out_channels"]))
            if b["activation"] is not None:
                layers.append(ACTIVATIONS[b["activation"]]())
            if b["pool"] != "none":
                layers.append((nn.MaxPool2d if b["pool"] == "max" else nn.AvgPool2d)(b["pool_size"]))
                h, w = h // b["pool_size"], w // b["pool_size"]
            if b["dropout"] > 0:
                layers.append(nn.Dropout(b["dropout"]))
            channels = b["out_channels"]
        if arch["head"]["global_avg_pool"]:
            layers.append(nn.AdaptiveAvgPool2d(1))
            h = w = 1
        head(layers, arch["head"], channels * h * w, classes)
    else:
        raise ValueError(arch["kind"])
    model = nn.Module()
    model.layers = nn.Sequential(*layers)
    return model


def run(path, pixel_bytes):
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        data = z.read("weights.safetensors")
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    state = {name: torch.from_numpy(np.frombuffer(data[8 + n + b:8 + n + e], dtype="<f4").reshape(info["shape"]).copy())
             for name, info in header.items() for b, e in [info["data_offsets"]]}

    schema = manifest["input_schema"]
    model = build(manifest["architecture"], schema["shape"], len(manifest["class_names"]))
    model.load_state_dict(state, strict=True)
    model.eval()

    pixels = np.frombuffer(pixel_bytes, dtype=np.uint8).reshape([-1] + schema["shape"])
    x = torch.from_numpy(pixels.astype(np.float32))
    x = x / 255.0 if schema["pixel_scale"] == 1.0 / 255.0 else x * schema["pixel_scale"]
    mean = torch.tensor(schema["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(schema["std"], dtype=torch.float32).view(1, -1, 1, 1)
    x = (x - mean) / std
    with torch.no_grad():
        logits = model.layers(x).tolist()
    return {"package": os.path.basename(path), "weights_sha256": hashlib.sha256(data).hexdigest(), "logits": logits}


torch.set_num_threads(1)
with open(sys.argv[1], "rb") as f:
    pixel_bytes = f.read()
print(json.dumps({"models": [run(path, pixel_bytes) for path in sys.argv[2:]]}))
