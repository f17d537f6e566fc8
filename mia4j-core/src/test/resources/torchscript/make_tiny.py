#!/usr/bin/python3
"""Makes tiny.pt, the TorchScript fixture of TorchScriptModelTest and AuditModelIT (Debian's python3-torch).

A fixed 4 -> 3 linear model with logits out: logit_k = sum_j W[k, j] x_j + b_k with W[k, j] = (k - j) / 4 and
b = (0.1, 0, -0.1); the tests recompute these logits in Java. tiny_posteriors.pt is the same model with a softmax.
tiny_pruned.pt is a version of tiny.pt with its weights of magnitude 1/4 set to 0 (8 of 12 zero, the original 3), and
tiny_four.pt a 4 -> 4 model (a version with other classes) for ReleaseGivenIT.
usage: /usr/bin/python3 make_tiny.py   (writes next to this script)
"""
import os

import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
lin = nn.Linear(4, 3)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[(k - j) / 4 for j in range(4)] for k in range(3)]))
    lin.bias.copy_(torch.tensor([0.1, 0.0, -0.1]))
lin.eval()
example = torch.zeros(2, 4)
torch.jit.trace(lin, example).save(os.path.join(here, "tiny.pt"))
torch.jit.trace(nn.Sequential(lin, nn.Softmax(dim=1)).eval(), example).save(os.path.join(here, "tiny_posteriors.pt"))

with torch.no_grad():
    pruned = nn.Linear(4, 3)
    pruned.weight.copy_(lin.weight * (lin.weight.abs() != 0.25))
    pruned.bias.copy_(lin.bias)
torch.jit.trace(pruned.eval(), example).save(os.path.join(here, "tiny_pruned.pt"))
four = nn.Linear(4, 4)
with torch.no_grad():
    four.weight.copy_(torch.tensor([[(k - j) / 4 for j in range(4)] for k in range(4)]))
    four.bias.zero_()
torch.jit.trace(four.eval(), example).save(os.path.join(here, "tiny_four.pt"))
