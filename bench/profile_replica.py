#!/usr/bin/env python3
"""GPU kernel profile of hf-train's T5 training step, replicated op for op in PyTorch (the GPU machine has no dotnet
profiler hook and TorchSharp does not expose libtorch's profiler).

hf-train's step (src/Engine/Models/T5, src/Engine/Training): bf16 weights with a float32 residual stream, RMSNorm
in float32, SDPA with the position bias as an additive bf16 mask (with a gradient), dropout 0.1, cross-entropy
in float32 on bf16 logits, flat AdamW on float32 master weights. Variants let us see what each design choice costs
on the GPU:
  ours      the above
  nobias    SDPA without any mask (flash attention): a lower bound for the attention
  eager     attention as transformers' eager T5: matmul, + bias, float32 softmax, dropout, matmul
Usage: python3 bench/profile_replica.py TRAIN.jsonl TOKENIZER_DIR BS STEPS VARIANT [--profile]
"""
import json, math, sys, time
import torch
import torch.nn.functional as F

D, DKV, H, DFF, L, NB, MAXD = 512, 64, 8, 2048, 6, 32, 128


def buckets(q_len, k_len, bidirectional, device):
    ctx = torch.arange(q_len, device=device)[:, None]
    mem = torch.arange(k_len, device=device)[None, :]
    rel = mem - ctx
    nb = NB
    if bidirectional:
        nb //= 2
        out = (rel > 0).long() * nb
        dist = rel.abs()
    else:
        out = torch.zeros_like(rel)
        dist = -torch.minimum(rel, torch.zeros_like(rel))
    exact = nb // 2
    large = exact + (torch.log(dist.float() / exact) / math.log(MAXD / exact) * (nb - exact)).long()
    large = torch.minimum(large, torch.full_like(large, nb - 1))
    return out + torch.where(dist < exact, dist, large)


class Norm(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.weight = torch.nn.Parameter(torch.ones(D))

    def forward(self, x):
        var = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(var + 1e-6)).to(self.weight.dtype)


class Attn(torch.nn.Module):
    def __init__(self, bias, variant):
        super().__init__()
        self.q, self.k, self.v, self.o = (torch.nn.Linear(D, H * DKV, bias=False) for _ in range(4))
        self.rel = torch.nn.Embedding(NB, H) if bias else None
        self.variant = variant

    def forward(self, x, mask, kv=None):
        b, t = x.shape[:2]
        src = x if kv is None else kv
        q = self.q(x).view(b, -1, H, DKV).transpose(1, 2)
        k = self.k(src).view(b, -1, H, DKV).transpose(1, 2)
        v = self.v(src).view(b, -1, H, DKV).transpose(1, 2)
        if self.variant == "eager":
            s = torch.matmul(q, k.transpose(2, 3))
            if mask is not None:
                s = s + mask
            w = F.softmax(s.float(), dim=-1).type_as(s)
            w = F.dropout(w, 0.1, self.training)
            y = torch.matmul(w, v)
        else:
            y = F.scaled_dot_product_attention(q * math.sqrt(DKV), k, v, None if self.variant == "nobias" else mask,
                                               dropout_p=0.1 if self.training else 0.0)
        return self.o(y.transpose(1, 2).reshape(b, t, H * DKV))


class Block(torch.nn.Module):
    def __init__(self, decoder, bias, variant):
        super().__init__()
        self.n1, self.a1 = Norm(), Attn(bias, variant)
        self.n2, self.a2 = (Norm(), Attn(False, variant)) if decoder else (None, None)
        self.n3, self.wi, self.wo = Norm(), torch.nn.Linear(D, DFF, bias=False), torch.nn.Linear(DFF, D, bias=False)

    def forward(self, x, bias, enc=None, cross=None):
        x = x + F.dropout(self.a1(self.n1(x), bias), 0.1, self.training)
        if self.a2 is not None:
            x = x + F.dropout(self.a2(self.n2(x), cross, enc), 0.1, self.training)
        h = F.dropout(F.relu(self.wi(self.n3(x))), 0.1, self.training)
        return x + F.dropout(self.wo(h), 0.1, self.training)


class Stack(torch.nn.Module):
    def __init__(self, decoder, variant):
        super().__init__()
        self.decoder = decoder
        self.blocks = torch.nn.ModuleList(Block(decoder, i == 0, variant) for i in range(L))
        self.final = Norm()

    def forward(self, x, mask, enc=None, enc_mask=None):
        t = x.shape[1]
        a0 = self.blocks[0].a1
        bias = a0.rel(buckets(t, t, not self.decoder, x.device)).permute(2, 0, 1).unsqueeze(0)
        minv = torch.finfo(bias.dtype).min
        if self.decoder:
            causal = torch.triu(torch.ones(t, t, dtype=torch.bool, device=x.device), 1)
            bias = bias + causal.to(bias.dtype) * minv
        elif mask is not None:
            bias = bias + ((1.0 - mask.to(bias.dtype)) * minv)[:, None, None, :]
        cross = None if enc_mask is None else ((1.0 - enc_mask.to(bias.dtype)) * minv)[:, None, None, :]
        x = F.dropout(x, 0.1, self.training)
        for blk in self.blocks:
            x = blk(x, bias, enc, cross)
        return F.dropout(self.final(x), 0.1, self.training)


class T5(torch.nn.Module):
    def __init__(self, vocab, variant):
        super().__init__()
        self.shared = torch.nn.Embedding(vocab, D)
        self.encoder, self.decoder = Stack(False, variant), Stack(True, variant)

    def forward(self, ids, mask, labels):
        enc = self.encoder(self.shared(ids).float(), mask)
        dec_in = torch.zeros_like(labels)
        dec_in[:, 1:] = labels[:, :-1]
        dec_in = dec_in.masked_fill(dec_in == -100, 0)
        h = self.decoder(self.shared(dec_in).float(), None, enc, mask) * D ** -0.5
        logits = F.linear(h.to(self.shared.weight.dtype), self.shared.weight)
        return F.cross_entropy(logits.view(-1, logits.shape[-1]).float(), labels.view(-1), ignore_index=-100)


def batches(path, tok_dir, bs, steps):
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(tok_dir)
    rows = [json.loads(l) for l, _ in zip(open(path, encoding="utf-8"), range(bs * steps))]
    src = tok(["summarize: " + r["document"] for r in rows], max_length=512, truncation=True)["input_ids"]
    tgt = tok([r["summary"] for r in rows], max_length=128, truncation=True)["input_ids"]
    g = torch.Generator().manual_seed(0)
    order = torch.randperm(len(rows), generator=g).tolist()
    out = []
    for i in range(0, len(order) - bs + 1, bs):
        idx = order[i:i + bs]
        s = max(len(src[j]) for j in idx); s = (s + 7) // 8 * 8
        t = max(len(tgt[j]) for j in idx); t = (t + 7) // 8 * 8
        ids = torch.zeros(bs, s, dtype=torch.long); m = torch.zeros(bs, s, dtype=torch.long)
        lab = torch.full((bs, t), -100, dtype=torch.long)
        for r, j in enumerate(idx):
            ids[r, :len(src[j])] = torch.tensor(src[j]); m[r, :len(src[j])] = 1
            lab[r, :len(tgt[j])] = torch.tensor(tgt[j])
        out.append((ids.pin_memory(), m.pin_memory(), lab.pin_memory()))
    return out, len(tok)


def main():
    path, tok_dir, bs, steps, variant = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    profile = "--profile" in sys.argv
    torch.backends.cuda.matmul.allow_tf32 = True
    data, vocab = batches(path, tok_dir, bs, steps)
    torch.manual_seed(0)
    model = T5(vocab, variant).cuda().to(torch.bfloat16).train()
    params = [p for p in model.parameters()]
    master = [p.detach().float().clone().requires_grad_(True) for p in params]
    opt = torch.optim.AdamW(master, lr=3e-4, fused=True)

    def step(batch):
        ids, m, lab = (t.cuda(non_blocking=True) for t in batch)
        loss = model(ids, m, lab)
        loss.backward()
        for mp, p in zip(master, params):
            mp.grad = p.grad.float() if p.grad is not None else torch.zeros_like(mp)
        torch.nn.utils.clip_grad_norm_(master, 1.0, foreach=True)
        opt.step()
        with torch.no_grad():
            torch._foreach_copy_(params, master)
        for p in params:
            p.grad = None
        return loss

    warm = min(20, len(data) // 2)
    for b in data[:warm]:
        step(b)
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    t0 = time.time()
    for b in data[warm:]:
        step(b)
    torch.cuda.synchronize()
    dt = (time.time() - t0) / (len(data) - warm)
    print(f"variant={variant} bs={bs} {dt * 1000:.1f} ms/step {bs / dt:.1f} samples/s peak {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB")
    # the same split as hf-train's HF_TRAIN_PROFILE=1: host issue time of each phase, then the device's remaining time
    split = {"forward": [0.0, 0.0], "backward": [0.0, 0.0]}
    for b in data[warm:]:
        ids, m, lab = (t.cuda(non_blocking=True) for t in b)
        torch.cuda.synchronize()
        t0 = time.perf_counter(); loss = model(ids, m, lab); t1 = time.perf_counter(); torch.cuda.synchronize(); t2 = time.perf_counter()
        loss.backward(); t3 = time.perf_counter(); torch.cuda.synchronize(); t4 = time.perf_counter()
        split["forward"][0] += t1 - t0; split["forward"][1] += t2 - t1
        split["backward"][0] += t3 - t2; split["backward"][1] += t4 - t3
        for p in params:
            p.grad = None
    n = len(data) - warm
    print("python split (ms/step, host issue + device wait): " + ", ".join(f"{k} {v[0] / n * 1000:.2f} + {v[1] / n * 1000:.2f}" for k, v in split.items()))
    if profile:
        from torch.profiler import profile as prof, ProfilerActivity
        with prof(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as p:
            for b in data[warm:warm + 10]:
                step(b)
            torch.cuda.synchronize()
        print(p.key_averages().table(sort_by="cuda_time_total", row_limit=30, max_name_column_width=70))


if __name__ == "__main__":
    main()
