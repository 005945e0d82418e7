"""Reference figures from scipy.integrate.solve_ivp for docs/benchmarks.md (odespark issue 2).

Same problems, tolerances (rtol = atol) and 41-point output grids as odespark's AccuracyReportTest, with
scipy's RK23 / RK45 / DOP853 (the counterparts of bosh3 / dopri5 / dopri8), and wall times of the two JMH
solver benchmarks (dopri5 at rtol = atol = 1e-6 on Van der Pol mu = 1 over [0, 20] and on the 1000-dimensional
linear ODE over [0, 10]). Run with Debian's python3-scipy (1.10.1 on bookworm):  python3 docs/scripts/scipy_reference.py
"""
import time
import numpy as np
import scipy
from scipy.integrate import solve_ivp


def householder_blocks():
    a = [-0.3, -0.05, 0.1]
    w = [1.0, 2.5, 0.7]
    v = np.array([1, -2, 0.5, 3, -1, 2.0])
    q = np.eye(6) - 2 * np.outer(v, v) / v.dot(v)

    def blocks(t, exp):
        m = np.zeros((6, 6))
        for k in range(3):
            r = 2 * k
            if exp:
                g, c, s = np.exp(a[k] * t), np.cos(w[k] * t), np.sin(w[k] * t)
                m[r, r], m[r, r + 1], m[r + 1, r], m[r + 1, r + 1] = g * c, g * s, -g * s, g * c
            else:
                m[r, r], m[r, r + 1], m[r + 1, r], m[r + 1, r + 1] = a[k], w[k], -w[k], a[k]
        return m
    A = q @ blocks(0, False) @ q.T
    y0 = np.array([1, 0.5, -1, 2, 0, -0.5])
    return ("linear 6x6", lambda t, y: A @ y, 0.0, 5.0, y0, lambda t: q @ blocks(t, True) @ q.T @ y0)


def kepler(e, t1):
    def exact(t):
        E = t
        for _ in range(100):
            step = (E - e * np.sin(E) - t) / (1 - e * np.cos(E))
            E -= step
            if abs(step) < 1e-16 * max(1, abs(E)):
                break
        r, d = np.sqrt(1 - e * e), 1 - e * np.cos(E)
        return np.array([np.cos(E) - e, r * np.sin(E), -np.sin(E) / d, r * np.cos(E) / d])

    def f(t, y):
        r3 = (y[0] ** 2 + y[1] ** 2) ** 1.5
        return [y[2], y[3], -y[0] / r3, -y[1] / r3]
    return ("kepler e=%s" % e, f, 0.0, t1, exact(0.0), exact)


def problems():
    w = 2 * np.pi
    yield householder_blocks()
    yield ("x'=2xt", lambda t, y: 2 * y * t, 0.0, 1.0, np.array([3.0]), lambda t: np.array([3 * np.exp(t * t)]))
    for periods in (1, 20):
        yield ("harmonic x%d" % periods, lambda t, y: [y[1], -w * w * y[0]], 0.0, float(periods),
               np.array([1.0, 0.0]), lambda t: np.array([np.cos(w * t), -w * np.sin(w * t)]))
    r, k, y0 = 1.5, 10.0, 0.1
    yield ("logistic", lambda t, y: r * y * (1 - y / k), 0.0, 8.0, np.array([y0]),
           lambda t: np.array([k / (1 + (k / y0 - 1) * np.exp(-r * t))]))
    yield kepler(0.5, 2 * np.pi)


print("scipy", scipy.__version__, "numpy", np.__version__)
print("| problem | method | rtol=atol | NFE | max error / tol | final abs error |")
print("|---|---|---|---|---|---|")
for name, f, t0, t1, y0, exact in problems():
    ts = np.linspace(t0, t1, 41)
    for method in ("RK23", "RK45", "DOP853"):
        for tol in (1e-3, 1e-6, 1e-9):
            sol = solve_ivp(f, (t0, t1), y0, method=method, rtol=tol, atol=tol, t_eval=ts)
            ex = np.array([exact(t) for t in ts]).T
            scaled = np.max(np.abs(sol.y - ex) / (tol + tol * np.abs(ex)))
            final = np.max(np.abs(sol.y[:, -1] - ex[:, -1]))
            print("| %s | %s | %.0e | %d | %.2f | %.2e |" % (name, method, tol, sol.nfev, scaled, final))


def timed(label, f, span, y0, repeats):
    best = []
    for _ in range(repeats):
        start = time.perf_counter()
        sol = solve_ivp(f, span, y0, method="RK45", rtol=1e-6, atol=1e-6)
        best.append(time.perf_counter() - start)
    print("%s: median %.3f ms per solve over %d runs, NFE %d" % (label, 1e3 * np.median(best), repeats, sol.nfev))


rng = np.random.default_rng(42)
n = 1000
A = -np.eye(n) + rng.standard_normal((n, n)) * 0.5 / np.sqrt(n)
timed("RK45 linear 1000 [0, 10]", lambda t, y: A @ y, (0, 10), rng.uniform(-1, 1, n), 20)
timed("RK45 Van der Pol mu=1 [0, 20]", lambda t, y: [y[1], (1 - y[0] ** 2) * y[1] - y[0]], (0, 20), [2.0, 0.0], 50)
