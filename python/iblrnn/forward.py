"""The network's forward pass written in NumPy from its state_dict (docs/rnn.md eq. N1-N4).

It is the reference that Network.to_torch() follows operation for operation, and it lets a
user run a network on inputs of their own without iblrnn's C++ core.
"""
from __future__ import annotations

import numpy as np


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def forward(weights: dict, x: np.ndarray, arch: str = "rnn") -> np.ndarray:
    """Action probabilities of a network on inputs x, from a zero state.

    Args:
        weights: state_dict (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0,
            rnn.bias_hh_l0, readout.weight, readout.bias), e.g. Network.weights.
        x: inputs (T, 3) or (T, B, 3), rows (o_L, o_R, r).
        arch: "rnn" (tanh), "gru" or "lstm" (PyTorch's gate order r, z, n / i, f, g, o).

    Returns:
        probabilities (T, 2) or (T, B, 2): (P(left), P(right)), P(right) =
        sigmoid(logit_R - logit_L) (eq. N4).
    """
    x = np.asarray(x, dtype=np.float64)
    single = x.ndim == 2
    if single:
        x = x[:, None, :]
    W_ih, W_hh = weights["rnn.weight_ih_l0"], weights["rnn.weight_hh_l0"]
    b_ih, b_hh = weights["rnn.bias_ih_l0"], weights["rnn.bias_hh_l0"]
    W_out, b_out = weights["readout.weight"], weights["readout.bias"]
    H = W_hh.shape[1]
    T, B = x.shape[0], x.shape[1]
    h = np.zeros((B, H))
    c = np.zeros((B, H))
    p = np.empty((T, B, 2))
    for t in range(T):
        gi = x[t] @ W_ih.T + b_ih
        gh = h @ W_hh.T + b_hh
        if arch == "rnn":
            h = np.tanh(gi + gh)
        elif arch == "gru":
            r = _sigmoid(gi[:, :H] + gh[:, :H])
            z = _sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
            n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
            h = (1.0 - z) * n + z * h
        elif arch == "lstm":
            a = gi + gh
            i, f = _sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H])
            g, o = np.tanh(a[:, 2 * H:3 * H]), _sigmoid(a[:, 3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
        else:
            raise ValueError(f"forward: arch must be rnn, gru or lstm, got {arch!r}")
        logits = h @ W_out.T + b_out
        right = _sigmoid(logits[:, 1] - logits[:, 0])
        p[t, :, 0] = 1.0 - right
        p[t, :, 1] = right
    return p[:, 0, :] if single else p
