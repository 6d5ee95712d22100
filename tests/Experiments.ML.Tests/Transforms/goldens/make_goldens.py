#!/usr/bin/python3
"""Writes transforms.json.gz: torchvision.transforms.functional outputs for fixed parameters on real images.

Run from anywhere with Debian's python3-torchvision (0.14):  /usr/bin/python3 make_goldens.py
The output is committed; `dotnet test` reads it without Python (AugmentationGoldenTests).

Format "experiments-transform-goldens" version 1 (JSON):
  {"format": ..., "version": 1, "torch": ..., "torchvision": ...,
   "images": [{"source": "fashion-mnist t10k #0", "height": 28, "width": 28, "pixels": <base64 uint8, H*W>}],
   "cases": [{"op": ..., "image": <index>, <parameters>, "expected": <base64 float32 little-endian, C*H*W>}]}
Images are uint8 / 255 as float32 tensors of shape (1, H, W), exactly as our cursor scales them.
Geometric ops pass fill as a list, as RandomRotation/RandomAffine/ElasticTransform do for tensors, so the fill
goes through torchvision's mask blend (out = sample*mask + (1-mask)*fill) in every case.
"""
import base64
import gzip
import json
import os

import numpy as np
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

HERE = os.path.dirname(os.path.abspath(__file__))
FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
MNIST = "/work/shared/data/mnist-t10k/t10k-images-idx3-ubyte.gz"


def read_idx_images(path, count):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, h, w = np.frombuffer(data[:16], dtype=">u4")
    assert magic == 0x803, hex(magic)
    pixels = np.frombuffer(data[16:16 + count * h * w], dtype=np.uint8).reshape(count, h, w)
    return pixels


def b64_u8(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).decode("ascii")


def b64_f32(t):
    return base64.b64encode(np.ascontiguousarray(t.detach().numpy(), dtype="<f4").tobytes()).decode("ascii")


def main():
    torch.set_num_threads(1)
    fashion = read_idx_images(FASHION, 3)
    mnist = read_idx_images(MNIST, 1)
    sources = [("fashion-mnist t10k #%d" % i, fashion[i]) for i in range(3)] + [("mnist t10k #0", mnist[0])]
    images = []
    tensors = []
    for name, px in sources:
        images.append({"source": name, "height": int(px.shape[0]), "width": int(px.shape[1]), "pixels": b64_u8(px)})
        tensors.append(torch.from_numpy(px.astype(np.float32) / np.float32(255)).unsqueeze(0))

    cases = []

    def add(op, image, out, **params):
        case = {"op": op, "image": image}
        case.update(params)
        case["expected"] = b64_f32(out)
        cases.append(case)

    modes = {"nearest": InterpolationMode.NEAREST, "bilinear": InterpolationMode.BILINEAR}
    for k, img in enumerate(tensors):
        add("hflip", k, F.hflip(img))
        add("vflip", k, F.vflip(img))
        geometric = k in (0, 3)  # rotations and affines on one Fashion-MNIST and one MNIST image keep the file small
        for angle in ([-30.0, -7.5, 10.0, 45.0, 90.0, 133.7] if geometric else []):
            for mode in ["nearest", "bilinear"]:
                add("rotate", k, F.rotate(img, angle, interpolation=modes[mode], fill=[0.0]), angle=angle, interpolation=mode, fill=0.0)
        for mode in (["nearest", "bilinear"] if geometric else []):
            add("rotate", k, F.rotate(img, 25.0, interpolation=modes[mode], fill=[0.5]), angle=25.0, interpolation=mode, fill=0.5)
        for factor in [0.0, 0.55, 1.0, 1.35]:
            add("brightness", k, F.adjust_brightness(img, factor), factor=factor)
        for factor in [0.0, 0.6, 1.4, 2.5]:
            add("contrast", k, F.adjust_contrast(img, factor), factor=factor)
        affines = [
            (15.0, [3, -2], 1.1, [10.0, -5.0], 0.0),
            (-20.0, [-1, 4], 0.8, [0.0, 12.0], 0.0),
            (0.0, [2, 1], 1.0, [0.0, 0.0], 0.25),
            (7.0, [0, 0], 1.3, [-14.0, 0.0], 0.0),
        ]
        for angle, translate, scale, shear, fill in (affines if geometric else []):
            for mode in ["nearest", "bilinear"]:
                out = F.affine(img, angle=angle, translate=translate, scale=scale, shear=shear, interpolation=modes[mode], fill=[fill])
                add("affine", k, out, angle=angle, translate=translate, scale=scale, shear=shear, interpolation=mode, fill=fill)
        for top, left, padding, fill in [(0, 8, 4, 0.0), (5, 2, 4, 0.0), (3, 3, 3, 0.4)]:
            h, w = img.shape[-2:]
            padded = F.pad(img, [padding], fill=fill, padding_mode="constant")
            add("crop", k, F.crop(padded, top, left, h, w), top=top, left=left, padding=padding, fill=fill)
        for i, j, h, w, v in [(3, 5, 10, 7, 0.0), (12, 0, 6, 20, 0.7)]:
            add("erase", k, F.erase(img.clone(), i, j, h, w, torch.tensor([v])[:, None, None]), top=i, left=j, height=h, width=w, value=v)
        add("normalize", k, F.normalize(img, mean=[0.2860], std=[0.3530]), mean=[0.2860], std=[0.3530])

    # Elastic: the raw uniform fields, torchvision's own blur and scaling (ElasticTransform.get_params transcribed
    # with the raw fields kept), then F.elastic_transform. alpha/sigma as ElasticTransform's defaults and a milder pair.
    g = torch.Generator().manual_seed(20031)
    for k, img in enumerate(tensors[:2]):
        for alpha, sigma in [(50.0, 5.0), (34.0, 4.0)]:
            h, w = img.shape[-2:]
            raw_dx = torch.rand([1, 1, h, w], generator=g) * 2 - 1
            raw_dy = torch.rand([1, 1, h, w], generator=g) * 2 - 1
            ks = int(8 * sigma + 1)
            if ks % 2 == 0:
                ks += 1
            dx = F.gaussian_blur(raw_dx, [ks, ks], [sigma, sigma]) * alpha / h
            dy = F.gaussian_blur(raw_dy, [ks, ks], [sigma, sigma]) * alpha / w
            displacement = torch.concat([dx, dy], 1).permute([0, 2, 3, 1])
            for mode in ["bilinear", "nearest"]:
                out = F.elastic_transform(img, displacement, interpolation=modes[mode], fill=[0.0])
                cases.append({"op": "elastic", "image": k, "alpha": alpha, "sigma": sigma, "interpolation": mode, "fill": 0.0,
                              "raw_dx": b64_f32(raw_dx), "raw_dy": b64_f32(raw_dy),
                              "displacement": b64_f32(displacement),  # (1, H, W, 2): normalized grid offsets (x, y)
                              "expected": b64_f32(out)})

    doc = {"format": "experiments-transform-goldens", "version": 1,
           "torch": torch.__version__, "torchvision": torchvision.__version__,
           "images": images, "cases": cases}
    path = os.path.join(HERE, "transforms.json.gz")
    tmp = path + ".tmp"
    # mtime=0 keeps the gzip bytes identical when nothing changed, so a re-run gives no spurious diff.
    with gzip.GzipFile(tmp, "wb", mtime=0) as f:
        f.write((json.dumps(doc, separators=(",", ":")) + "\n").encode("utf-8"))
    os.replace(tmp, path)
    print("wrote %s: %d images, %d cases" % (path, len(images), len(cases)))


if __name__ == "__main__":
    main()
