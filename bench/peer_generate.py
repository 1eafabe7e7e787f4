#!/usr/bin/env python3
"""The peer's generation, timed as ../shared/bench/hf_reference.py bench --gen does (autocast bf16, batches of 128,
max_new_tokens 64, greedy then 4 beams), on a model folder given — so hf-train and transformers generate from the
same weights. Also writes the decoded predictions for the identical-output check.
The optional 9th argument picks the beam settings ("1", "4" or "1,4"); bench.sh runs each in a fresh process, as
hf-train's predict runs are, so neither side's number carries the other's warm-up (CUDA module loading, cuBLAS)."""
import json, sys, time
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

model_dir, data, n, bs, new, out, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
precision = sys.argv[8] if len(sys.argv) > 8 else "bf16"      # bf16: autocast as the peer's bench; fp32: no autocast, no tf32
torch.backends.cuda.matmul.allow_tf32 = precision == "bf16"
tok = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).cuda().eval()
docs = []
for line in open(data, encoding="utf-8"):
    if line.strip():
        docs.append("summarize: " + json.loads(line)["document"])
        if len(docs) >= n:
            break
beam_settings = [int(b) for b in (sys.argv[9] if len(sys.argv) > 9 else "1,4").split(",")]
result = {"examples": len(docs)}
for beams in beam_settings:
    preds, batch_s = [], []
    torch.cuda.synchronize(); t0 = time.time()
    with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16"):
        for i in range(0, len(docs), bs):
            enc = tok(docs[i:i + bs], max_length=512, truncation=True, padding=True, return_tensors="pt").to("cuda")
            g = model.generate(**enc, max_new_tokens=new, num_beams=beams, do_sample=False)
            preds += tok.batch_decode(g, skip_special_tokens=True)         # copies to the host: each batch has ended here
            batch_s.append(time.time() - t0 - sum(batch_s))
    torch.cuda.synchronize(); s = time.time() - t0
    result[f"beams{beams}_s"] = s
    result[f"beams{beams}_examples_per_second"] = len(docs) / s
    result[f"beams{beams}_batch_s"] = [round(b, 4) for b in batch_s]        # the first one carries the warm-up
    with open(f"{work}/peer-gen{beams}{'' if precision == 'bf16' else '-fp32'}.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(p.strip() for p in preds) + "\n")
json.dump(result, open(out, "w"), indent=1)
print(json.dumps(result, indent=1))
