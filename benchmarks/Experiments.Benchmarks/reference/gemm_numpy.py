#!/usr/bin/python3
"""numpy reference for the `gemm` benchmark: float32 C = A @ B (OpenBLAS sgemm) in GFLOP/s, measured like GemmCommand.

    /usr/bin/python3 benchmarks/Experiments.Benchmarks/reference/gemm_numpy.py [--sizes 64,128,256,512,1024] \
        [--threads 1,2] [--seconds 0.5]

For each thread count the script runs itself in a child process with OPENBLAS_NUM_THREADS (and OMP/MKL) set, because
OpenBLAS reads it when numpy is imported. Per size: one warm-up product, then 3 runs of repeated products of about
seconds/3 each; the best run's time per product gives GFLOP/s = 2·N³ / seconds. One JSON line per (size, threads):
{"impl":"numpy","n":N,"threads":T,"gflops":...,"ms":...}
Needs Debian's python3-numpy with libopenblas0-pthread.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def measure(sizes, threads, seconds):
    import numpy as np

    rng = np.random.default_rng(0)
    for n in sizes:
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        c = np.empty((n, n), dtype=np.float32)
        np.matmul(a, b, out=c)
        best = float("inf")
        for _ in range(3):
            reps = 0
            start = time.perf_counter()
            while True:
                np.matmul(a, b, out=c)
                reps += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds / 3:
                    break
            best = min(best, elapsed / reps)
        print(json.dumps({"impl": "numpy", "n": n, "threads": threads,
                          "gflops": round(2.0 * n ** 3 / best / 1e9, 2), "ms": round(best * 1e3, 4)}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64,128,256,512,1024")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    threads = [int(t) for t in args.threads.split(",") if t]
    if not sizes or min(sizes) < 1 or not threads or min(threads) < 1 or not args.seconds > 0:
        parser.error("sizes and threads must be >= 1, seconds > 0")
    if args.child:
        measure(sizes, threads[0], args.seconds)
        return
    for t in threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--sizes", args.sizes,
                        "--threads", str(t), "--seconds", str(args.seconds)], env=env, check=True)


if __name__ == "__main__":
    main()
