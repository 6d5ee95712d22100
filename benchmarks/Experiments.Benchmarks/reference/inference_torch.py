#!/usr/bin/python3
"""PyTorch reference for the `inference` benchmark's batch throughput: images per second of a preset's eval forward.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/Experiments.Benchmarks/reference/inference_torch.py \
        --model mlp-32-32 [--batch 10000] [--threads 2]

The model (same definitions as epoch_torch.py, seeded random weights: cost does not depend on the values) runs in
eval mode under torch.no_grad() on --batch images and returns softmax probabilities and argmax labels, as
ImageClassifier.ScoreBatch does. PyTorch's best case: the images are already float32 tensors, scaled and
normalised, so the timing covers only the forward, softmax and argmax (ours also converts the raw bytes).
Warm-up for 1 s, then the best of 5 timed calls. Prints one JSON line:
{"impl":"torch","model":...,"threads":N,"batch":N,"images_per_s":...}
"""
import argparse
import json
import time

import torch

from epoch_torch import SETTINGS, build


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, choices=sorted(SETTINGS))
    parser.add_argument("--batch", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    model = build(args.model).eval()
    pixels = torch.randint(0, 256, (args.batch, 1, 28, 28), dtype=torch.uint8)
    x = ((pixels.float() / 255.0) - 0.2860) / 0.3530

    def score():
        with torch.no_grad():
            probabilities = torch.softmax(model(x), dim=1)
            return probabilities, probabilities.argmax(dim=1)

    start = time.perf_counter()
    while time.perf_counter() - start < 1.0:
        score()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        score()
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"impl": "torch", "model": args.model, "threads": args.threads, "batch": args.batch,
                      "images_per_s": round(args.batch / best, 1)}))


if __name__ == "__main__":
    main()
