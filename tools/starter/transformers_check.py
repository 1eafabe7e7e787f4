"""The folder hf-train wrote after fine-tuning the starter loads in transformers and generates what hf-train
generated: greedy, the first 8 validation documents, compared with hf-train's generated_predictions.txt (a prediction run over the same file).

    python3 tools/starter/transformers_check.py OUTPUT_DIR VALIDATION_JSONL
"""
import json, os, sys

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer


def main():
    folder, validation = sys.argv[1], sys.argv[2]
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSeq2SeqLM.from_pretrained(folder).eval()
    rows = [json.loads(line) for line in open(validation, encoding="utf-8")][:8]
    enc = tok([r["document"] for r in rows], max_length=256, truncation=True, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=32, num_beams=1)
    preds = [p.strip() for p in tok.batch_decode(out, skip_special_tokens=True)]
    ours_path = os.path.join(folder, "generated_predictions.txt")
    ours = open(ours_path, encoding="utf-8").read().splitlines()[:8] if os.path.exists(ours_path) else None
    for i, (p, r) in enumerate(zip(preds, rows)):
        mark = "" if ours is None else (" (same as hf-train)" if ours[i].strip() == p else f" (hf-train: {ours[i]!r})")
        print(f"  transformers: {p!r}{mark}\n  reference:    {r['summary']!r}")
    same = None if ours is None else sum(o.strip() == p for o, p in zip(ours, preds))
    print(f"TRANSFORMERS_CHECK loaded {type(model).__name__} from the hf-train folder; "
          f"{'no hf-train predictions to compare' if same is None else f'{same}/8 greedy predictions identical'}")


if __name__ == "__main__":
    main()
