#!/usr/bin/python3
"""Writes the PyTorch reference fixture of tests/data/rnn/ (run once; the files are committed).

For each cell (rnn, gru, lstm): a small torch.nn.RNN/GRU/LSTM(3, H=4) in float64 with
PyTorch's default initialisation (seeded) and a torch.nn.Linear(4, 2) readout, run on 7 random
input steps from the zero state. Writes into tests/data/rnn/<arch>/:
  rnn.weight_ih_l0.npy rnn.weight_hh_l0.npy rnn.bias_ih_l0.npy rnn.bias_hh_l0.npy
  readout.weight.npy readout.bias.npy network.json   (the network, iblrnn's file layout)
  inputs.npy (T, 3)   hidden.npy (T, H)   probs.npy (T, 2) softmax of the readout
  cell_last.npy (H,)  (lstm only: the final cell state c_T)

Usage: /usr/bin/python3 scripts/make_torch_fixture.py   (Debian python3-torch, python3-numpy)
"""
import json
import os

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'data', 'rnn')
H, T = 4, 7


def main():
    for seed, arch in enumerate(('rnn', 'gru', 'lstm')):
        torch.manual_seed(100 + seed)
        cls = {'rnn': torch.nn.RNN, 'gru': torch.nn.GRU, 'lstm': torch.nn.LSTM}[arch]
        cell = cls(3, H).double()
        readout = torch.nn.Linear(H, 2).double()
        x = torch.randn(T, 1, 3, dtype=torch.float64)
        x[:, :, 2] = torch.tensor([0.0, 0.0, -0.05, -0.05, 1.0, 0.0, -1.0], dtype=torch.float64)[:, None]
        with torch.no_grad():
            out, state = cell(x)
            probs = torch.softmax(readout(out), -1)
        d = os.path.join(ROOT, arch)
        os.makedirs(d, exist_ok=True)
        sd = {**{'rnn.' + k: v for k, v in cell.state_dict().items()},
              **{'readout.' + k: v for k, v in readout.state_dict().items()}}
        for k, v in sd.items():
            np.save(os.path.join(d, k + '.npy'), v.numpy())
        with open(os.path.join(d, 'network.json'), 'w') as f:
            json.dump({'arch': arch, 'n_hidden': H, 'n_inputs': 3, 'n_outputs': 2}, f, indent=2)
        np.save(os.path.join(d, 'inputs.npy'), x[:, 0, :].numpy())
        np.save(os.path.join(d, 'hidden.npy'), out[:, 0, :].numpy())
        np.save(os.path.join(d, 'probs.npy'), probs[:, 0, :].numpy())
        if arch == 'lstm':
            np.save(os.path.join(d, 'cell_last.npy'), state[1][0, 0, :].numpy())
        print(arch, 'written to', d)


if __name__ == '__main__':
    main()
