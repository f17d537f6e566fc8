# Independent reference for OneRunEpsilon: Steinke, Nasr & Jagielski 2023's bound on P[W >= v] for an (eps, delta)-DP
# training (m canaries, r guesses, v correct), computed with scipy's binomial (sf/pmf) and the largest rejected eps
# found with brentq (a root finder, not the Java code's bisection). Run: /usr/bin/python3 bench/one_run_epsilon_reference.py
import math
from scipy import stats, optimize

def p_value(m, r, v, eps, delta):
    q = 1 / (1 + math.exp(-eps))
    beta = stats.binom.sf(v - 1, r, q)                      # P[Binomial(r, q) >= v]
    ratios = [(stats.binom.cdf(v - 1, r, q) - stats.binom.cdf(v - 1 - i, r, q)) / i for i in range(1, v + 1)]
    alpha = max(ratios) if ratios else 0.0                  # max_i P[v - i <= Binomial < v] / i
    return min(1.0, beta + 2 * m * delta * alpha)

def eps_lower_bound(m, r, v, delta, level):
    if p_value(m, r, v, 0.0, delta) >= level:
        return 0.0
    hi = 1.0
    while p_value(m, r, v, hi, delta) < level:
        hi += 1.0
    return optimize.brentq(lambda e: p_value(m, r, v, e, delta) - level, 0.0, hi, xtol=1e-12)

CASES = [  # m, r, v, delta, level
    (1000, 100, 100, 0.0, 0.05),
    (1000, 100, 100, 1e-5, 0.05),
    (1000, 1000, 600, 1e-5, 0.05),
    (1000, 200, 150, 1e-4, 0.05),
    (100, 20, 18, 1e-4, 0.05),
    (500, 10, 10, 1e-4, 0.05 / 6),
    (1000, 500, 260, 1e-4, 0.05),
]
for m, r, v, delta, level in CASES:
    print(f"m={m} r={r} v={v} delta={delta} level={level:.6g} eps={eps_lower_bound(m, r, v, delta, level):.6f} "
          f"p(eps=1)={p_value(m, r, v, 1.0, delta):.6e}")

# the hand-made guess counts of OneRunEpsilonTest: 20 canaries, 4 numbers of guesses, each at level 0.05 / 4
for r, v in [(2, 2), (4, 4), (10, 9), (20, 18)]:
    print(f"m=20 r={r} v={v} delta=0.0001 level=0.0125 eps={eps_lower_bound(20, r, v, 1e-4, 0.0125):.6f}")
