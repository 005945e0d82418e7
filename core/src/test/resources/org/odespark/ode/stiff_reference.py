#!/usr/bin/python3
"""End states of two stiff problems, computed independently of odespark with scipy's Radau IIA (order 5) at
tight tolerances and cross-checked against scipy's BDF (LSODA for Van der Pol, where BDF stops short):
  Robertson's chemical kinetics y1' = -0.04 y1 + 1e4 y2 y3, y2' = 0.04 y1 - 1e4 y2 y3 - 3e7 y2^2,
  y3' = 3e7 y2^2, y(0) = (1, 0, 0), at t = 40 and t = 1e5;
  Van der Pol x'' = mu (1 - x^2) x' - x with mu = 1000 as (x, x'), y(0) = (2, 0), at t = 3000.
Run with Debian's python3-scipy (1.10.1 made the committed file):
    /usr/bin/python3 stiff_reference.py > stiff-reference.csv
Columns: problem, t_end, component, Radau value, cross-check value.
"""
import numpy as np
import scipy
from scipy.integrate import solve_ivp


def robertson(t, y):
    return [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2, 3e7 * y[1] ** 2]


def robertson_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0, 6e7 * y[1], 0]]


MU = 1000.0


def vdp(t, y):
    return [y[1], MU * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y):
    return [[0, 1], [-2 * MU * y[0] * y[1] - 1, MU * (1 - y[0] ** 2)]]


# (name, f, jacobian, y0, t_end, Radau rtol, atol, cross-check method and rtol)
CASES = [("robertson", robertson, robertson_jac, [1.0, 0.0, 0.0], 40.0, 1e-12, 1e-16, "BDF", 1e-11),
         ("robertson", robertson, robertson_jac, [1.0, 0.0, 0.0], 1e5, 1e-12, 1e-16, "BDF", 1e-11),
         ("vanderpol1000", vdp, vdp_jac, [2.0, 0.0], 3000.0, 1e-12, 1e-12, "LSODA", 1e-10)]

print("# stiff end states: scipy %s solve_ivp Radau, cross-checked by BDF or LSODA, numpy %s" % (scipy.__version__, np.__version__))
print("problem,t_end,component,radau,check")
for name, f, jac, y0, t1, rtol, atol, check, check_rtol in CASES:
    radau = solve_ivp(f, (0.0, t1), y0, method="Radau", jac=jac, rtol=rtol, atol=atol)
    bdf = solve_ivp(f, (0.0, t1), y0, method=check, jac=jac, rtol=check_rtol, atol=atol)
    if radau.status != 0 or bdf.status != 0:
        raise SystemExit(name + ": " + radau.message + " / " + bdf.message)
    for i in range(len(y0)):
        print("%s,%r,%d,%r,%r" % (name, t1, i, float(radau.y[i, -1]), float(bdf.y[i, -1])))
