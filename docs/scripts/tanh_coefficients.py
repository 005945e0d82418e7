#!/usr/bin/env python3
"""Coefficients of Q in odespark's tanh (core nn.Activation.expm1OfTanhRange).

e^r - 1 = r + r^2/2 + r^3 Q(r) on 0 <= r <= ln 2; Q is the minimax polynomial of degree 9 for the absolute
error, found by the Remez exchange algorithm in 50-digit arithmetic (mpmath; Debian's python3-mpmath).
Prints the degree, the maximum error and the coefficients of r^0 ... r^9 as Java literals.

usage: python3 docs/scripts/tanh_coefficients.py [degree]
"""
import sys

import mpmath as mp

mp.mp.dps = 50
LO, HI = mp.mpf(0), mp.log(2)


def target(r):
    """(e^r - 1 - r - r^2/2) / r^3, by its series near 0 where the quotient cancels."""
    if abs(r) < mp.mpf("1e-12"):
        return mp.mpf(1) / 6 + r / 24 + r * r / 120
    return (mp.expm1(r) - r - r * r / 2) / r ** 3


def remez(degree, iterations=40, grid_points=4000):
    n = degree + 2
    nodes = [(LO + HI) / 2 + (HI - LO) / 2 * mp.cos(mp.pi * (n - 1 - i) / (n - 1)) for i in range(n)]
    grid = [LO + (HI - LO) * mp.mpf(k) / grid_points for k in range(grid_points + 1)]
    coefficients, worst = None, None
    for _ in range(iterations):
        # Solve sum_j c_j x_i^j - target(x_i) = (-1)^i E on the current reference.
        a = mp.matrix(n, n)
        b = mp.matrix(n, 1)
        for i, x in enumerate(nodes):
            for j in range(degree + 1):
                a[i, j] = x ** j
            a[i, degree + 1] = (-1) ** i
            b[i] = target(x)
        solution = mp.lu_solve(a, b)
        coefficients = [solution[j] for j in range(degree + 1)]
        errors = [mp.polyval(coefficients[::-1], x) - target(x) for x in grid]
        worst = max(abs(e) for e in errors)
        # New reference: the local extrema of the error, alternating in sign, the n largest.
        extrema = [(grid[k], errors[k]) for k in range(len(grid))
                   if k in (0, len(grid) - 1) or (errors[k] - errors[k - 1]) * (errors[k + 1] - errors[k]) <= 0]
        alternating = []
        for x, e in extrema:
            if alternating and mp.sign(e) == mp.sign(alternating[-1][1]):
                if abs(e) > abs(alternating[-1][1]):
                    alternating[-1] = (x, e)
            else:
                alternating.append((x, e))
        while len(alternating) > n:
            alternating.pop(0 if abs(alternating[0][1]) < abs(alternating[-1][1]) else -1)
        if len(alternating) < n:
            break
        nodes = [x for x, _ in alternating]
    return coefficients, worst


if __name__ == "__main__":
    degree = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    coefficients, worst = remez(degree)
    print(f"degree {degree}, max |error| {mp.nstr(worst, 5)}")
    for j, c in enumerate(coefficients):
        print(f"  static final double EXPM1_Q{j} = {mp.nstr(c, 20)};")
