# Reference values for PendulumDemoTest, from an independent solver: scipy.integrate.solve_ivp with DOP853
# at rtol = atol = 1e-12 (scipy 1.10.1, Debian bookworm's python3-scipy). Run: python3 pendulum_reference.py
import numpy as np
import scipy
from scipy.integrate import solve_ivp

b, c = 0.25, 5.0
sol = solve_ivp(lambda t, y: [y[1], -b * y[1] - c * np.sin(y[0])], (0, 10), [np.pi - 0.1, 0.0],
                method="DOP853", rtol=1e-12, atol=1e-12, t_eval=[1.0, 5.0, 10.0])
print("scipy", scipy.__version__)
for t, th, om in zip(sol.t, sol.y[0], sol.y[1]):
    print(f"{t:.1f} {th:.15e} {om:.15e}")
