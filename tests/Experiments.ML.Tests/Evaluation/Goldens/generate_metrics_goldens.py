#!/usr/bin/python3
"""Writes multiclass_metrics_goldens.json: fixed prediction sets and their metrics from scikit-learn and numpy,
for MulticlassEvaluatorGoldenTests. Run from anywhere with Debian's python3-sklearn and numpy:

    /usr/bin/python3 tests/Experiments.ML.Tests/Evaluation/Goldens/generate_metrics_goldens.py

Which library defines what (the C# tests compare against these keys):
  scikit-learn: accuracy_score, recall_score, precision_score, f1_score (zero_division=0), confusion_matrix,
                top_k_accuracy_score (ties: sklearn ranks the HIGHER index first, ML.NET the lower; so the
                C# top-k is compared with the numpy ML.NET rule, and with sklearn only where no row ties),
                log_loss (sklearn 1.2 clips to the float eps of the input and renormalises rows; ML.NET clamps
                p_true to [(float)1e-15, 1] and does not renormalise. The C# value is compared with the
                ML.NET-defined numpy value at rtol 1e-6, and with sklearn at rtol 1e-5 only where no row is
                clamped by either rule).
  numpy:        ML.NET's LogLoss, PerClassLogLoss, LogLossReduction, MacroAccuracy (mean recall over classes
                present in the labels), top-k for all k with ML.NET's tie rule, ECE (15 bins (m/15, (m+1)/15]).
Scores are float32 (the C# input type); JSON holds each as the repr of its exact double value.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, log_loss, precision_score,
                             recall_score, top_k_accuracy_score)

SEED = 20261122
EPSILON = float(np.float32(1e-15))  # ML.NET: private const float Epsilon = (float)1e-15
BINS = 15


def softmax32(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def mlnet_rank(scores, labels):
    """Rank of the true class: classes scoring higher + lower-indexed classes scoring the same."""
    true = scores[np.arange(len(labels)), labels][:, None]
    idx = np.arange(scores.shape[1])[None, :]
    return ((scores > true) | ((scores == true) & (idx < labels[:, None]))).sum(axis=1)


def metrics(name, scores, labels, top_k, class_names=None):
    n, k = scores.shape
    all_classes = list(range(k))
    pred = np.argmax(scores, axis=1)  # first maximum = lowest index, as ML.NET
    p_true = scores[np.arange(n), labels].astype(np.float64)

    clamped = np.minimum(1.0, np.maximum(EPSILON, p_true))  # float32 clamp is exact in float64
    row_loss = -np.log(clamped)
    counts = np.bincount(labels, minlength=k)
    per_class_loss = [float(row_loss[labels == c].mean()) if counts[c] > 0 else 0.0 for c in all_classes]
    freq = counts[counts > 0] / n
    prior = float(-(freq * np.log(freq)).sum())
    mlnet_log_loss = float(row_loss.mean())

    ranks = mlnet_rank(scores, labels)
    top_all = [float((ranks < kk).mean()) for kk in range(1, top_k + 1)]
    row_has_tie = np.array([len(np.unique(r)) < k for r in scores])
    sk_top = [float(top_k_accuracy_score(labels, scores, k=kk, labels=all_classes)) for kk in range(1, top_k + 1)]

    sk_eps = float(np.finfo(np.float32).eps)
    sk_comparable = bool(p_true.min() >= sk_eps and np.abs(scores.sum(axis=1) - 1).max() < 1e-5)
    sk_log_loss = float(log_loss(labels, scores, labels=all_classes))

    conf = scores.max(axis=1).astype(np.float64)
    edges = np.arange(BINS + 1) / float(BINS)
    bins = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, BINS - 1)
    correct = (pred == labels).astype(np.float64)
    ece = float(sum(abs(correct[bins == b].sum() - conf[bins == b].sum()) for b in range(BINS)) / n)

    cm = confusion_matrix(labels, pred, labels=all_classes)
    off = [(int(cm[t, p]), t, p) for t in all_classes for p in all_classes if t != p and cm[t, p] > 0]
    off.sort(key=lambda x: (-x[0], x[1], x[2]))

    if sk_comparable and not row_has_tie.any():
        assert sk_top == top_all, (name, sk_top, top_all)
    if sk_comparable:
        assert abs(sk_log_loss - mlnet_log_loss) <= 1e-5 * mlnet_log_loss, (name, sk_log_loss, mlnet_log_loss)

    return {
        "name": name,
        "class_count": k,
        "top_k": top_k,
        "class_names": class_names,
        "labels": [int(v) for v in labels],
        "scores": [float(v) for v in scores.reshape(-1)],
        "expected": {
            "micro_accuracy": float(accuracy_score(labels, pred)),
            "macro_accuracy": float(recall_score(labels, pred, labels=np.unique(labels), average="macro")),
            "per_class_recall": recall_score(labels, pred, labels=all_classes, average=None, zero_division=0).tolist(),
            "per_class_precision": precision_score(labels, pred, labels=all_classes, average=None, zero_division=0).tolist(),
            "per_class_f1": f1_score(labels, pred, labels=all_classes, average=None, zero_division=0).tolist(),
            "macro_f1": float(f1_score(labels, pred, average="macro", zero_division=0)),
            "confusion_matrix": cm.tolist(),
            "log_loss_mlnet": mlnet_log_loss,
            "per_class_log_loss_mlnet": per_class_loss,
            "log_loss_reduction": (prior - mlnet_log_loss) / prior,
            "log_loss_sklearn": sk_log_loss,
            "log_loss_sklearn_comparable": sk_comparable,
            "top_k_accuracy_for_all_k_mlnet": top_all,
            "top_k_accuracy_sklearn": sk_top,
            "any_row_has_tie": bool(row_has_tie.any()),
            "expected_calibration_error": ece,
            "most_confused": [[t, p, c] for c, t, p in off[:5]],
        },
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    # 10 classes x 1000 rows: a noisy softmax that is right most of the time.
    k, n = 10, 1000
    labels = rng.integers(0, k, n)
    logits = rng.normal(0, 1.5, (n, k))
    logits[np.arange(n), labels] += 2.5
    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    cases.append(metrics("noisy_softmax_10x1000", softmax32(logits), labels, 3, names))

    # 5 classes, class 4 never predicted (its logit is far below the others).
    k, n = 5, 300
    labels = rng.integers(0, k, n)
    logits = rng.normal(0, 1.0, (n, k))
    logits[np.arange(n), labels] += 1.5
    logits[:, 4] -= 6.0
    cases.append(metrics("class_never_predicted_5x300", softmax32(logits), labels, 2))

    # 6 classes, class 2 absent from the labels but sometimes predicted; class 5 rare.
    k, n = 6, 400
    labels = rng.choice([0, 1, 3, 4, 5], size=n, p=[0.3, 0.3, 0.2, 0.17, 0.03])
    logits = rng.normal(0, 1.2, (n, k))
    logits[np.arange(n), labels] += 1.2
    logits[:, 2] += 0.5
    cases.append(metrics("class_absent_from_labels_6x400", softmax32(logits), labels, 3))

    # 3 classes, 8 rows by hand, including a true-class probability of exactly 0 (the epsilon clamp).
    scores = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.0, 0.5, 0.5],
                       [0.6, 0.4, 0.0], [0.2, 0.2, 0.6], [0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], dtype=np.float32)
    labels = np.array([0, 1, 2, 0, 1, 2, 2, 1])
    cases.append(metrics("tiny_3x8_with_zero_probability", scores, labels, 2, ["cat", "dog", "bird"]))

    # 4 classes with ties: quantised scores, including all-equal rows.
    k, n = 4, 200
    labels = rng.integers(0, k, n)
    raw = rng.integers(0, 3, (n, k)).astype(np.float64) + 1.0
    raw[np.arange(n), labels] += rng.integers(0, 2, n)
    raw[::7] = 1.0  # every 7th row all equal: predicted class 0, true class ranks at its index
    scores = (raw / raw.sum(axis=1, keepdims=True)).astype(np.float32)
    cases.append(metrics("ties_4x200", scores, labels, 2))

    out = {
        "format": "experiments-multiclass-metrics-goldens",
        "version": 1,
        "generator": "generate_metrics_goldens.py",
        "seed": SEED,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "log_loss_epsilon": EPSILON,
        "calibration_bins": BINS,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multiclass_metrics_goldens.json")
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    print(f"wrote {path}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
