#!/usr/bin/python3
"""End states y(20) of the 25 non-stiff DETEST problems A1-E5 (Hull, Enright, Fellen, Sedgwick, SIAM J.
Numer. Anal. 9(4), 1972), computed independently of odespark: scipy's DOP853 (Hairer's code, solve_ivp) at
rtol = atol = 1e-13, on the equations as written here, and the closed form where one exists (A1-A4; C1-C4 by
the matrix exponential; D1-D5 through Kepler's equation; E1 through the Bessel function J_1/2).

Run with Debian's interpreter and python3-scipy (1.10.1 made the committed file):
    /usr/bin/python3 detest_reference.py > detest-reference.csv
Columns: problem, component (0-based), DOP853 value, closed form (nan when none), DOP853's NFE.
"""
import math
import sys

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from scipy.linalg import expm

T = 20.0


def chain(n, diag, sub, last):
    a = np.zeros((n, n))
    for i in range(n - 1):
        a[i, i] = diag(i)
        if i > 0:
            a[i, i - 1] = sub(i)
    a[n - 1, n - 2] = last
    return a


def tridiag(n):
    return np.diag(-2.0 * np.ones(n)) + np.diag(np.ones(n - 1), 1) + np.diag(np.ones(n - 1), -1)


C1 = chain(10, lambda i: -1.0, lambda i: 1.0, 1.0)           # y10' = y9
C2 = chain(10, lambda i: -(i + 1.0), lambda i: float(i), 9.0)  # yi' = (i-1) y(i-1) - i yi, y10' = 9 y9
C3 = tridiag(10)
C4 = tridiag(51)

K2 = 2.95912208286
M0 = 1.00000597682
M = np.array([0.000954786104043, 0.000285583733151, 0.0000437273164546, 0.0000517759138449,
              0.00000277777777778])
C5_Y0 = [3.42947415189, 3.35386959711, 1.35494901715, 6.64145542550, 5.97156957878, 2.18231499728,
         11.2630437207, 14.6952576794, 6.27960525067, -30.1552268759, 1.65699966404, 1.43785752721,
         -21.1238353380, 28.4465098142, 15.3882659679,
         -0.557160570446, 0.505696783289, 0.230578543901, -0.415570776342, 0.365682722812, 0.169143213293,
         -0.325325669158, 0.189706021964, 0.0877265322780, -0.0240476254170, -0.287659532608,
         -0.117219543175, -0.176860753121, -0.216393453025, -0.0148647893090]


def c5(t, u):
    q = u[:15].reshape(5, 3)
    v = u[15:]
    r3 = np.sum(q * q, axis=1) ** 1.5
    acc = np.zeros((5, 3))
    for j in range(5):
        s = np.zeros(3)
        for k in range(5):
            if k != j:
                d3 = np.sum((q[j] - q[k]) ** 2) ** 1.5
                s += M[k] * ((q[k] - q[j]) / d3 - q[k] / r3[k])
        acc[j] = K2 * (-(M0 + M[j]) * q[j] / r3[j] + s)
    return np.concatenate([v, acc.reshape(15)])


def orbit(t, u):
    r3 = (u[0] ** 2 + u[1] ** 2) ** 1.5
    return [u[2], u[3], -u[0] / r3, -u[1] / r3]


def kepler(eps, t):
    e = t
    for _ in range(200):
        step = (e - eps * math.sin(e) - t) / (1 - eps * math.cos(e))
        e -= step
        if abs(step) < 1e-16 * max(1.0, abs(e)):
            break
    root = math.sqrt(1 - eps * eps)
    den = 1 - eps * math.cos(e)
    return [math.cos(e) - eps, root * math.sin(e), -math.sin(e) / den, root * math.cos(e) / den]


def b4(t, u):
    r = math.hypot(u[0], u[1])
    return [-u[1] - u[0] * u[2] / r, u[0] - u[1] * u[2] / r, u[0] / r]


def e1_exact(t):
    s = t + 1
    c = math.sqrt(2 / math.pi)
    return [c * math.sin(s) / math.sqrt(s), c * (math.cos(s) / math.sqrt(s) - 0.5 * math.sin(s) * s ** -1.5)]


PROBLEMS = [
    ("A1", lambda t, u: [-u[0]], [1.0], lambda: [math.exp(-T)]),
    ("A2", lambda t, u: [-0.5 * u[0] ** 3], [1.0], lambda: [1 / math.sqrt(T + 1)]),
    ("A3", lambda t, u: [u[0] * math.cos(t)], [1.0], lambda: [math.exp(math.sin(T))]),
    ("A4", lambda t, u: [0.25 * u[0] * (1 - u[0] / 20)], [1.0], lambda: [20 / (1 + 19 * math.exp(-T / 4))]),
    ("A5", lambda t, u: [(u[0] - t) / (u[0] + t)], [4.0], None),
    ("B1", lambda t, u: [2 * (u[0] - u[0] * u[1]), -(u[1] - u[0] * u[1])], [1.0, 3.0], None),
    ("B2", lambda t, u: [-u[0] + u[1], u[0] - 2 * u[1] + u[2], u[1] - u[2]], [2.0, 0.0, 1.0], None),
    ("B3", lambda t, u: [-u[0], u[0] - u[1] ** 2, u[1] ** 2], [1.0, 0.0, 0.0], None),
    ("B4", b4, [3.0, 0.0, 0.0], None),
    ("B5", lambda t, u: [u[1] * u[2], -u[0] * u[2], -0.51 * u[0] * u[1]], [0.0, 1.0, 1.0], None),
    ("C1", lambda t, u: C1 @ u, [1.0] + [0.0] * 9, lambda: expm(C1 * T)[:, 0]),
    ("C2", lambda t, u: C2 @ u, [1.0] + [0.0] * 9, lambda: expm(C2 * T)[:, 0]),
    ("C3", lambda t, u: C3 @ u, [1.0] + [0.0] * 9, lambda: expm(C3 * T)[:, 0]),
    ("C4", lambda t, u: C4 @ u, [1.0] + [0.0] * 50, lambda: expm(C4 * T)[:, 0]),
    ("C5", c5, C5_Y0, None),
]
for name, eps in (("D1", 0.1), ("D2", 0.3), ("D3", 0.5), ("D4", 0.7), ("D5", 0.9)):
    PROBLEMS.append((name, orbit, [1 - eps, 0.0, 0.0, math.sqrt((1 + eps) / (1 - eps))],
                     (lambda e: lambda: kepler(e, T))(eps)))
PROBLEMS += [
    ("E1", lambda t, u: [u[1], -(u[1] / (t + 1) + (1 - 0.25 / (t + 1) ** 2) * u[0])],
     [0.6713967071418030, 0.09540051444747446], lambda: e1_exact(T)),
    ("E2", lambda t, u: [u[1], (1 - u[0] ** 2) * u[1] - u[0]], [2.0, 0.0], None),
    ("E3", lambda t, u: [u[1], u[0] ** 3 / 6 - u[0] + 2 * math.sin(2.78535 * t)], [0.0, 0.0], None),
    ("E4", lambda t, u: [u[1], 0.032 - 0.4 * u[1] ** 2], [30.0, 0.0], None),
    ("E5", lambda t, u: [u[1], math.sqrt(1 + u[1] ** 2) / (25 - t)], [0.0, 0.0], None),
]

print("# DETEST end states y(20): scipy %s solve_ivp DOP853 rtol=atol=1e-13, numpy %s, python %s"
      % (scipy.__version__, np.__version__, sys.version.split()[0]))
print("problem,component,dop853,exact,nfe")
worst = 0.0
for name, f, y0, exact in PROBLEMS:
    sol = solve_ivp(f, (0.0, T), np.array(y0, dtype=float), method="DOP853", rtol=1e-13, atol=1e-13)
    if sol.status != 0:
        raise SystemExit(name + ": " + sol.message)
    y = sol.y[:, -1]
    ex = list(exact()) if exact else [float("nan")] * len(y)
    for i, v in enumerate(y):
        print("%s,%d,%r,%r,%d" % (name, i, float(v), float(ex[i]), sol.nfev))
        if exact:
            worst = max(worst, abs(v - ex[i]) / (1e-13 + 1e-13 * abs(ex[i])))
print("# largest DOP853 error against a closed form, in units of 1e-13 (1 + |y|): %.1f" % worst)
