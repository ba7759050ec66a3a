"""Network.to_torch(): the network as a float64 torch.nn.Module (imported only when called)."""
from __future__ import annotations

import numpy as np


def to_torch(net):
    """A torch.nn.Module with submodules ``rnn`` (torch.nn.RNN/GRU/LSTM, one layer, tanh,
    batch_first=False) and ``readout`` (torch.nn.Linear(H, 2)) holding the network's
    state_dict in float64. forward(x): x (T, 3) or (T, B, 3) from a zero state -> action
    probabilities (T, 2) or (T, B, 2), (P(left), P(right)) as iblrnn.forward computes them."""
    import torch

    cells = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}

    class IblrnnNetwork(torch.nn.Module):
        def __init__(self):
            super().__init__()
            H = net.n_hidden
            self.arch = net.arch
            self.rnn = cells[net.arch](3, H, num_layers=1, dtype=torch.float64)
            self.readout = torch.nn.Linear(H, 2, dtype=torch.float64)
            state = {k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in net.weights.items()}
            self.load_state_dict(state, strict=True)

        def forward(self, x):
            x = torch.as_tensor(x, dtype=torch.float64)
            single = x.dim() == 2
            if single:
                x = x.unsqueeze(1)
            hidden, _ = self.rnn(x)
            logits = self.readout(hidden)
            right = torch.sigmoid(logits[..., 1] - logits[..., 0])
            p = torch.stack([1.0 - right, right], dim=-1)
            return p[:, 0, :] if single else p

    return IblrnnNetwork()
