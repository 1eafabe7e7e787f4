#!/usr/bin/env python3
"""How PyTorch divides a float32 tensor by a Python float on each device (beam search's length penalty,
`topk_log_probs / (length ** length_penalty)`): bit-compared with true float32 division and with multiplication by
the float32 reciprocal. hf-train's beam bookkeeping runs on the host and must round as this does.
Usage: python3 bench/division.py   (on the GPU machine)"""
import numpy as np
import torch

values = -np.random.default_rng(7).random(65536, dtype=np.float64).astype(np.float32) * 60
for device in ["cpu", "cuda"]:
    x = torch.from_numpy(values).to(device)
    ways = {
        "float32 ÷": lambda d: values / np.float32(d),
        "× float32 reciprocal": lambda d: values * (np.float32(1.0) / np.float32(d)),
        "× float64 reciprocal rounded to float32": lambda d: values * np.float32(1.0 / d),
        "float64 ÷ rounded to float32": lambda d: (values.astype(np.float64) / d).astype(np.float32),
        "float64 × reciprocal rounded to float32": lambda d: (values.astype(np.float64) * (1.0 / d)).astype(np.float32),
    }
    same = {name: 0 for name in ways}
    total = 0
    for penalty in [1.0, 0.6, 2.0, -0.5]:
        for length in range(1, 65):
            d = length ** penalty
            got = (x / d).cpu().numpy().view(np.int32)
            for name, way in ways.items():
                same[name] += int((got == way(d).view(np.int32)).sum())
            total += got.size
    print(f"torch {torch.__version__} {device}: tensor / python float equals " + ", ".join(f"{name} in {n}/{total}" for name, n in same.items()))
