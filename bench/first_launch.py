#!/usr/bin/env python3
"""What a kernel's first launch costs in a fresh process (CUDA lazy module loading): each op of a beam-search step,
called twice on the shapes of a batch of 128 rows × 4 beams (t5-small, 32k vocabulary), synchronised, timed.
Usage: python3 bench/first_launch.py   (GPU machine; prints one line per op: first call, second call, in ms)"""
import time
import torch

dev = "cuda"
torch.ones(1, device=dev).add_(1)
torch.cuda.synchronize()
B, N, V, L, D = 128, 4, 32128, 65, 512
logp = torch.randn(B, N * V, device=dev)
run = torch.randn(B, N, device=dev)
seq = torch.zeros(B, N, L, dtype=torch.long, device=dev)
idx = torch.randint(0, N, (B, 2 * N), device=dev)
eos = torch.tensor([1], device=dev)
h = torch.randn(B * N, 1, D, device=dev, dtype=torch.bfloat16)
w = torch.randn(D, D, device=dev, dtype=torch.bfloat16)
cache = torch.randn(B * N, 8, L, 64, device=dev, dtype=torch.bfloat16)
beam = torch.randint(0, B * N, (B * N,), device=dev)
mask = torch.rand(B, 2 * N, device=dev) > 0.5
ops = [
    ("log_softmax fp32", lambda: logp.log_softmax(-1)),
    ("add broadcast", lambda: logp.view(B, N, V) + run.unsqueeze(-1)),
    ("topk 8 of 128k", lambda: logp.topk(2 * N, dim=-1)),
    ("floor_divide", lambda: idx.floor_divide(V)),
    ("remainder", lambda: idx.remainder(V)),
    ("take_along_dim", lambda: seq.take_along_dim(idx.unsqueeze(-1), 1)),
    ("index_put slice", lambda: seq[:, :, 3].copy_(idx[:, :N])),
    ("isin", lambda: torch.isin(idx, eos)),
    ("to float32 from bool", lambda: mask.to(torch.float32)),
    ("mul scalar", lambda: run * -1e9),
    ("topk 4 of 8", lambda: run.repeat(1, 2).topk(N, dim=-1)),
    ("logical_and", lambda: mask.logical_and(mask)),
    ("logical_not", lambda: mask.logical_not()),
    ("div scalar", lambda: run / 3.0),
    ("all dim", lambda: mask.all(-1, keepdim=True)),
    ("cat long 3d", lambda: torch.cat([seq, seq], 1)),
    ("cat bool", lambda: torch.cat([mask, mask], 1)),
    ("min dim", lambda: run.min(1, keepdim=True).values),
    ("where", lambda: torch.where(mask[:, :N], run, torch.full_like(run, -1e9))),
    ("gt", lambda: run.gt(run)),
    ("any", lambda: mask.any()),
    ("item", lambda: mask.any().item()),
    ("index_select cache", lambda: cache.index_select(0, beam)),
    ("linear bf16 (cuBLAS)", lambda: torch.nn.functional.linear(h, w)),
    ("relu bf16", lambda: torch.relu(h)),
    ("rms_norm", lambda: torch.rms_norm(h.float(), [D])),
    ("to bf16", lambda: h.float().to(torch.bfloat16)),
    ("embedding", lambda: torch.nn.functional.embedding(beam.remainder(V), torch.randn(V, D, device=dev))),
    ("sdpa bias", lambda: torch.nn.functional.scaled_dot_product_attention(
        torch.randn(B * N, 8, 1, 64, device=dev, dtype=torch.bfloat16), cache, cache,
        attn_mask=torch.randn(1, 8, 1, L, device=dev, dtype=torch.bfloat16))),
]
total_first = 0.0
for name, op in ops:
    times = []
    for _ in range(2):
        torch.cuda.synchronize(); t = time.perf_counter(); op(); torch.cuda.synchronize()
        times.append((time.perf_counter() - t) * 1e3)
    total_first += times[0] - times[1]
    print(f"first launch {name:22s} {times[0]:8.2f} ms, then {times[1]:6.2f} ms")
print(f"first-launch extra over {len(ops)} ops: {total_first:.1f} ms")
