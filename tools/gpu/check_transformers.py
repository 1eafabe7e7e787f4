#!/usr/bin/env python3
"""Runs on the GPU machine (transformers 5.17): do files written by hf-train load in transformers as they are?

  check_transformers.py saved DIR REFERENCE.json   hf-train's save of a fixture model: logits and generations vs the reference
  check_transformers.py output DIR                  an hf-train output_dir: model, tokenizer, trainer_state.json load; it generates
"""
import json, sys

def saved(model_dir, reference_path):
    import torch
    from transformers import T5ForConditionalGeneration
    ref = json.load(open(reference_path))
    model = T5ForConditionalGeneration.from_pretrained(model_dir).eval()
    ids, mask, labels = (torch.tensor(ref[k]) for k in ("input_ids", "attention_mask", "labels"))
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, labels=labels)
        greedy = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=ref["generate_max_new_tokens"], do_sample=False)
        beam = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=ref["generate_max_new_tokens"], num_beams=4, do_sample=False)
    first = out.logits[0, :3, :10].tolist()
    err = max(abs(a - b) for ra, rb in zip(first, ref["logits_first"]) for a, b in zip(ra, rb))
    same_greedy = [r[:len(e)] for r, e in zip(greedy.tolist(), ref["greedy"])] == ref["greedy"]
    same_beam = [r[:len(e)] for r, e in zip(beam.tolist(), ref["beam4"])] == ref["beam4"]
    ok = abs(out.loss.item() - ref["loss"]) <= 1e-5 * abs(ref["loss"]) and err <= 1e-4 and same_greedy and same_beam
    print(f"{'PASS' if ok else 'FAIL'} transformers loads hf-train's save of {model_dir}: loss {out.loss.item()} vs {ref['loss']}, "
          f"logits max |d| {err:.1e}, greedy {'identical' if same_greedy else 'DIFFERENT'}, beam4 {'identical' if same_beam else 'DIFFERENT'}")
    return ok

def output(out_dir):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, TrainerState
    model = AutoModelForSeq2SeqLM.from_pretrained(out_dir).eval()
    tok = AutoTokenizer.from_pretrained(out_dir)
    state = TrainerState.load_from_json(f"{out_dir}/trainer_state.json")
    enc = tok(["summarize: hf-train converts address books into vCard files."], return_tensors="pt")
    with torch.no_grad():
        gen = model.generate(**enc, max_new_tokens=16)
    print(f"PASS transformers loads the hf-train output {out_dir}: {type(model).__name__}, {type(tok).__name__}, "
          f"trainer_state global_step {state.global_step}, {len(state.log_history)} log entries; generates {tok.decode(gen[0], skip_special_tokens=True)!r}")
    return True

if __name__ == "__main__":
    ok = saved(sys.argv[2], sys.argv[3]) if sys.argv[1] == "saved" else output(sys.argv[2])
    sys.exit(0 if ok else 1)
