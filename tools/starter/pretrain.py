"""Build hf-train's starter model in one device call: a T5-style SentencePiece tokenizer and a small T5 v1.1-style
model pretrained with T5's span corruption on the training splits of the Debian description data.

Run on the GPU machine (PyTorch + transformers + sentencepiece, no network), from the repository root:
    python3 tools/starter/pretrain.py --data .gpu/starter --out $OUT/starter-t5 --minutes 6.5
Inputs: the *.txt.gz files written by tools/starter/prepare.py (one JSON string per line).
Outputs (8 files, the most the device tool returns): config.json, generation_config.json, model.safetensors (bf16),
spiece.model, tokenizer.json, tokenizer_config.json, loss.tsv, pretrain.json (settings and measured numbers).
"""
import argparse, glob, gzip, json, math, os, random, time

import numpy as np
import torch

T0 = time.time()


def log(*a):
    print(f"[{time.time() - T0:6.1f}s]", *a, flush=True)


def read_texts(folder):
    texts = []
    for path in sorted(glob.glob(os.path.join(folder, "*.txt.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        log(f"{os.path.basename(path)}: {len(rows)} texts")
        texts += rows
    return texts


def train_tokenizer(texts, out, pieces):
    """Unigram SentencePiece with T5's ids (pad 0, eos 1, unk 2, no bos), then transformers' T5Tokenizer adds the
    100 <extra_id_N> sentinels and writes tokenizer.json + tokenizer_config.json as save_pretrained does."""
    import sentencepiece as spm
    lines = [line for t in texts for line in t.split("\n") if line.strip()]
    random.Random(0).shuffle(lines)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=os.path.join(out, "spiece"), vocab_size=pieces,
        model_type="unigram", character_coverage=0.9999, pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>", normalization_rule_name="nmt_nfkc",
        input_sentence_size=600000, shuffle_input_sentence=True, num_threads=os.cpu_count(),
        max_sentence_length=20000, byte_fallback=False, minloglevel=2)
    log(f"sentencepiece: {pieces} pieces from {len(lines)} lines")
    from transformers import T5Tokenizer
    try:   # transformers 5: from a folder holding only spiece.model, converted to the tokenizers backend
        tok = T5Tokenizer.from_pretrained(out, extra_ids=100)
    except Exception as e:  # noqa: BLE001
        log("from_pretrained(spiece.model) failed, vocab_file=:", repr(e)[:300])
        tok = T5Tokenizer(vocab_file=os.path.join(out, "spiece.model"), extra_ids=100)
    tok.save_pretrained(out)
    os.remove(os.path.join(out, "spiece.vocab"))   # the device tool returns at most 8 files; nothing reads this one
    if not os.path.exists(os.path.join(out, "tokenizer.json")):
        raise SystemExit("save_pretrained wrote no tokenizer.json: " + str(os.listdir(out)))
    log("tokenizer saved:", sorted(os.listdir(out)), "len", len(tok))
    # Cross-check the saved tokenizer against the sentencepiece model on a few texts.
    sp = spm.SentencePieceProcessor(model_file=os.path.join(out, "spiece.model"))
    same = sum(tok(t)["input_ids"][:-1] == sp.encode(t) for t in texts[:500])
    log(f"tokenizer.json vs spiece.model: {same}/500 texts give the same ids")
    return tok


def span_lengths(inputs_length, density, mean_span):
    """run_t5_mlm_flax.compute_input_and_target_lengths: raw tokens per example so that the corrupted input is
    inputs_length long (with eos)."""
    def lengths(tokens):
        noise = int(round(tokens * density))
        spans = int(round(noise / mean_span))
        return tokens - noise + spans + 1, noise + spans + 1
    tokens = inputs_length
    while lengths(tokens + 1)[0] <= inputs_length:
        tokens += 1
    return tokens, lengths(tokens)[1]


def noise_mask(length, density, mean_span, rng):
    """run_t5_mlm_flax.random_spans_noise_mask: alternating kept / noise spans, noise spans averaging mean_span."""
    noise = max(1, min(int(round(length * density)), length - 1))
    spans = max(1, int(round(noise / mean_span)))
    def segment(items, n):
        marks = np.zeros(items - 1, dtype=bool)
        marks[: n - 1] = True
        rng.shuffle(marks)
        ids = np.cumsum(np.pad(marks, [[1, 0]]))
        return np.bincount(ids, minlength=n)
    noise_l, keep_l = segment(noise, spans), segment(length - noise, spans)
    interleaved = np.reshape(np.stack([keep_l, noise_l], axis=1), [spans * 2])
    starts = np.cumsum(interleaved)[:-1]
    start_marks = np.zeros(length, dtype=np.int8)
    start_marks[starts] = True
    span_num = np.cumsum(start_marks)
    return np.equal(span_num % 2, 1)


def corrupt(chunk, sentinels, eos, density, mean_span, rng):
    """One example: noise spans -> one sentinel each in the input; the target lists sentinel + span in order."""
    mask = noise_mask(len(chunk), density, mean_span, rng)
    def filt(ids, m):
        starts = m & ~np.pad(m, [[1, 0]])[:-1]
        sent = np.where(starts, sentinels[np.cumsum(starts) - 1], 0)
        sent = np.where(m & ~starts, -1, sent)
        out = np.where(sent != 0, sent, ids)
        return np.append(out[out >= 0], eos)
    return filt(chunk, mask), filt(chunk, ~mask)


def reconstruct(chunk, sentinels, eos, density, mean_span, rng, length):
    """The T5 paper's reconstruction variant: the input is the span-corrupted start of the chunk, the target the
    whole uncorrupted start. It teaches the cross-attention to copy, which summaries of package descriptions lean on."""
    head = chunk[:length]
    source, _ = corrupt(head, sentinels, eos, density, mean_span, rng)
    return source, np.append(head, eos)


class Batches(torch.utils.data.IterableDataset):
    def __init__(self, chunks, sentinels, eos, batch, density, mean_span, copy_fraction, copy_length):
        self.chunks, self.sentinels, self.eos, self.batch = chunks, sentinels, eos, batch
        self.density, self.mean_span = density, mean_span
        self.copy_fraction, self.copy_length = copy_fraction, copy_length

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        rng = np.random.default_rng(1234 + (info.id if info else 0))
        while True:
            rows = rng.integers(0, len(self.chunks), self.batch)
            if rng.random() < self.copy_fraction:   # a whole batch of one objective keeps the shapes fixed
                pairs = [reconstruct(self.chunks[r], self.sentinels, self.eos, self.density, self.mean_span, rng,
                                     self.copy_length) for r in rows]
                width = max(len(p[0]) for p in pairs)
                sources = np.stack([np.pad(p[0], (0, width - len(p[0]))) for p in pairs])
                yield (torch.from_numpy(sources), torch.from_numpy(np.stack([p[1] for p in pairs])))
                continue
            pairs = [corrupt(self.chunks[r], self.sentinels, self.eos, self.density, self.mean_span, rng) for r in rows]
            yield (torch.from_numpy(np.stack([p[0] for p in pairs])), torch.from_numpy(np.stack([p[1] for p in pairs])))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--minutes", type=float, default=6.5, help="wall-clock budget for the training loop")
    p.add_argument("--deadline", type=float, default=560, help="seconds from start by which everything is saved")
    p.add_argument("--tokenizer", default=None, help="a folder with a tokenizer from an earlier run: skips training one")
    p.add_argument("--pieces", type=int, default=8000)
    p.add_argument("--d_model", type=int, default=256)
    p.add_argument("--d_kv", type=int, default=64)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--d_ff", type=int, default=512)
    p.add_argument("--enc_layers", type=int, default=2)
    p.add_argument("--dec_layers", type=int, default=2)
    p.add_argument("--tied", type=int, default=1)
    p.add_argument("--inputs_length", type=int, default=256)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--compile", type=int, default=1)
    p.add_argument("--copy_fraction", type=float, default=0.5, help="share of batches with the reconstruction target")
    p.add_argument("--copy_length", type=int, default=96, help="raw tokens reconstructed in those batches")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)

    texts = read_texts(a.data)
    if a.tokenizer:   # reuse a tokenizer made by an earlier run (same texts, same settings)
        from transformers import T5Tokenizer
        tok = T5Tokenizer.from_pretrained(a.tokenizer)
        tok.save_pretrained(a.out)
    else:
        tok = train_tokenizer(texts, a.out, a.pieces)
    eos = tok.eos_token_id
    sentinels = np.array([tok.convert_tokens_to_ids(f"<extra_id_{i}>") for i in range(100)], dtype=np.int64)
    log("ids: pad", tok.pad_token_id, "eos", eos, "unk", tok.unk_token_id, "extra_id_0", sentinels[0], "extra_id_99", sentinels[-1])

    # One token stream (eos after each text), cut into chunks of the raw length that corrupts to inputs_length.
    ids = tok(texts, add_special_tokens=True)["input_ids"]
    stream = np.fromiter((i for row in ids for i in row), dtype=np.int64)
    raw, target_len = span_lengths(a.inputs_length, 0.15, 3.0)
    chunks = stream[: len(stream) // raw * raw].reshape(-1, raw)
    log(f"{len(stream)} tokens, {len(chunks)} chunks of {raw} raw tokens -> input {a.inputs_length}, target {target_len}")

    check = np.random.default_rng(7)   # one pair of each objective, decoded, to read by eye in the log
    src, tgt = corrupt(chunks[0], sentinels, eos, 0.15, 3.0, check)
    log("span corruption input :", tok.decode(src[:80]))
    log("span corruption target:", tok.decode(tgt[:40]))
    src, tgt = reconstruct(chunks[1], sentinels, eos, 0.15, 3.0, check, a.copy_length)
    log("reconstruction input  :", tok.decode(src[:60]))
    log("reconstruction target :", tok.decode(tgt[:60]))

    from transformers import T5Config, T5ForConditionalGeneration, GenerationConfig
    vocab = (len(tok) + 63) // 64 * 64
    cfg = T5Config(vocab_size=vocab, d_model=a.d_model, d_kv=a.d_kv, d_ff=a.d_ff, num_layers=a.enc_layers,
                   num_decoder_layers=a.dec_layers, num_heads=a.heads, feed_forward_proj="gated-gelu",
                   dropout_rate=0.0, tie_word_embeddings=bool(a.tied), pad_token_id=0, eos_token_id=1,
                   decoder_start_token_id=0, relative_attention_num_buckets=32, relative_attention_max_distance=128)
    model = T5ForConditionalGeneration(cfg).cuda()
    n_params = sum(t.numel() for t in model.parameters())
    log(f"model: {n_params / 1e6:.2f} M parameters, vocab {vocab}")
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=0.01, fused=True)
    step_fn = model
    if a.compile:
        try:
            step_fn = torch.compile(model)
        except Exception as e:  # noqa: BLE001 - eager is the fallback
            log("compile failed, eager:", e)

    loader = torch.utils.data.DataLoader(Batches(chunks, sentinels, eos, a.batch, 0.15, 3.0, a.copy_fraction, a.copy_length),
                                         batch_size=None, num_workers=min(12, os.cpu_count() - 2), pin_memory=True,
                                         prefetch_factor=4)
    budget = min(a.minutes * 60, a.deadline - (time.time() - T0) - 40)   # 40 s left for saving
    log(f"training budget {budget:.0f}s")
    loop_start, total_steps, step = time.time(), None, 0
    losses, log_rows = [], []
    model.train()
    for inputs, labels in loader:
        inputs, labels = inputs.cuda(non_blocking=True), labels.cuda(non_blocking=True)
        elapsed = time.time() - loop_start
        if step == 100:
            t100 = elapsed
        if total_steps is None and step == 300:       # speed measured after compile + warm-up fixes the schedule
            per_step = (elapsed - t100) / 200
            total_steps = 300 + int((budget - elapsed) / per_step * 0.97)
            log(f"{per_step * 1000:.1f} ms/step -> {total_steps} steps")
        horizon = total_steps or 10**9
        lr = a.lr * min(1.0, (step + 1) / a.warmup) * (1.0 if total_steps is None else max(0.0, 1 - step / horizon) ** 0.5)
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = step_fn(input_ids=inputs, attention_mask=(inputs != 0).long(), labels=labels).loss
        except Exception as e:  # noqa: BLE001 - a compile failure on the first step falls back to eager
            if step_fn is model or step > 0:
                raise
            log("compiled step failed, eager:", repr(e)[:300])
            step_fn = model
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = step_fn(input_ids=inputs, attention_mask=(inputs != 0).long(), labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.detach())
        step += 1
        if step % 100 == 0:
            mean = torch.stack(losses).mean().item()   # host sync every 100 steps
            losses.clear()
            log_rows.append((step, round(mean, 4), round(lr, 6), round(time.time() - loop_start, 1)))
            if step % 500 == 0:
                log(f"step {step} loss {mean:.4f} lr {lr:.2e}")
        if (total_steps is not None and step >= total_steps) or time.time() - loop_start > budget * 1.05:
            break
    train_s = time.time() - loop_start
    log(f"trained {step} steps in {train_s:.0f}s, last loss {log_rows[-1][1] if log_rows else None}")

    model.eval()
    model.config.dropout_rate = 0.1                    # the fine-tuning default (run_summarization keeps config's)
    # Fine-tuned on 2,000 rows, the model sometimes loops on one word ("Apache Apache Apache"); blocking repeated
    # bigrams (transformers' NoRepeatNGramLogitsProcessor) ends that and cost no ROUGE on the demo.
    model.generation_config = GenerationConfig(decoder_start_token_id=0, eos_token_id=1, pad_token_id=0,
                                               no_repeat_ngram_size=2)
    model.to(torch.bfloat16).save_pretrained(a.out, safe_serialization=True)
    with open(os.path.join(a.out, "loss.tsv"), "w") as f:
        f.write("step\tloss\tlr\tseconds\n")
        f.writelines("\t".join(map(str, r)) + "\n" for r in log_rows)
    sample = "The package provides a <extra_id_0> for the GNOME desktop. It <extra_id_1> files and folders."
    with torch.no_grad():
        out = model.generate(**tok(sample, return_tensors="pt").to("cuda"), max_new_tokens=20)
    filled = tok.decode(out[0], skip_special_tokens=False)
    log("span fill:", filled)
    json.dump({"params": n_params, "config": cfg.to_dict(), "steps": step, "train_seconds": round(train_s, 1),
               "batch": a.batch, "inputs_length": a.inputs_length, "targets_length": target_len, "lr": a.lr,
               "warmup": a.warmup, "copy_fraction": a.copy_fraction, "copy_length": a.copy_length, "tokens_in_stream": int(len(stream)), "chunks": int(len(chunks)),
               "texts": len(texts), "device": torch.cuda.get_device_name(), "span_fill_example": filled,
               "torch": torch.__version__},
              open(os.path.join(a.out, "pretrain.json"), "w"), indent=1, default=str)
    log("done:", sorted(os.listdir(a.out)))


if __name__ == "__main__":
    main()
