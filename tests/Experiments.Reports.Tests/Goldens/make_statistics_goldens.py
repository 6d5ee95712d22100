#!/usr/bin/python3
"""Goldens for the Reports statistics tests (McNemar p-values, percentiles, sample std).

Run from this folder:  /usr/bin/python3 make_statistics_goldens.py (Debian python3 with numpy)  (writes statistics_goldens.json)

McNemar, exact form: p = min(1, 2 * sum_{i<=min(b,c)} C(n,i) / 2^n), computed here in exact rational arithmetic
(fractions), so the golden is the true value rounded once. This is scipy.stats.binomtest(min(b,c), n, 0.5).pvalue
(two-sided) and statsmodels' mcnemar(exact=True).
McNemar, chi-square form with continuity correction: X2 = (|b-c|-1)^2/(b+c), p = P(chi2_1 >= X2) = erfc(sqrt(X2/2))
(libm's erfc, < 1 ulp), which is scipy.stats.chi2.sf(X2, 1) and statsmodels' mcnemar(exact=False, correction=True).
When scipy is installed the script also checks both against scipy; it is not required (Debian python3-scipy).
Percentiles: numpy.percentile (default linear method); std: numpy.std(ddof=1).
"""
import json
import math
from fractions import Fraction

import numpy as np


def exact_p(b, c):
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(Fraction(math.comb(n, i), 2 ** n) for i in range(k + 1))
    return float(min(Fraction(1), 2 * tail))


def chi2_stat(b, c):
    n = b + c
    if n == 0:
        return 0.0
    d = max(0, abs(b - c) - 1)
    return d * d / n


def chi2_p(b, c):
    return math.erfc(math.sqrt(chi2_stat(b, c) / 2))


pairs = [(0, 0), (0, 1), (1, 0), (3, 5), (2, 9), (0, 12), (7, 7), (12, 13), (1, 24), (0, 25),
         (13, 13), (20, 31), (40, 60), (100, 90), (150, 230), (412, 102), (900, 650), (1500, 40), (300, 200)]
exact = [{"b": b, "c": c, "p": exact_p(b, c)} for b, c in pairs]
chi = [{"b": b, "c": c, "statistic": chi2_stat(b, c), "p": chi2_p(b, c)} for b, c in pairs]

try:
    from scipy import stats
    for g in exact:
        n = g["b"] + g["c"]
        if n:
            s = stats.binomtest(min(g["b"], g["c"]), n, 0.5).pvalue
            assert abs(s - g["p"]) <= 1e-12 * max(g["p"], 1e-300), (g, s)
    for g in chi:
        if g["b"] + g["c"]:
            s = stats.chi2.sf(g["statistic"], 1)
            assert abs(s - g["p"]) <= 1e-12 * max(g["p"], 1e-300), (g, s)
    print("checked against scipy", stats.__name__)
except ImportError:
    print("scipy not installed; goldens from exact fractions and math.erfc only")

rng = np.random.default_rng(7)
percentile_cases = []
for size in (1, 2, 5, 40, 2000):
    values = np.sort(rng.normal(0.03, 0.01, size))
    qs = [0.0, 0.025, 0.5, 0.975, 1.0]
    percentile_cases.append({"values": values.tolist(), "q": qs,
                             "expected": [float(np.percentile(values, q * 100)) for q in qs]})

std_cases = []
for size in (2, 3, 10):
    values = rng.uniform(0.8, 0.95, size)
    std_cases.append({"values": values.tolist(), "mean": float(np.mean(values)), "std": float(np.std(values, ddof=1))})

with open("statistics_goldens.json", "w") as f:
    json.dump({"mcnemarExact": exact, "mcnemarChiSquare": chi, "percentiles": percentile_cases, "meanStd": std_cases}, f, indent=1)
    f.write("\n")
print("wrote statistics_goldens.json")
