#!/usr/bin/env python3
"""Makes tests/Fixtures/legacy for hf-train's checkpoint reader (run once on the GPU machine, CPU only).
Usage: python3 tools/make_legacy_checkpoints.py SRC_DIR OUT_DIR   (SRC_DIR holds tiny/ and tiny-gated/)."""
import json, os, shutil, sys, traceback
import torch, transformers
from transformers import T5ForConditionalGeneration
from safetensors.torch import save_file

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
manifest = {"transformers": transformers.__version__, "torch": torch.__version__, "notes": {}}

def step(name):
    def wrap(fn):
        try:
            fn(); manifest["notes"].setdefault(name, "ok")
        except Exception:
            manifest["notes"][name] = "FAILED: " + traceback.format_exc()[-1500:]
        return fn
    return wrap

def copy_cfg(frm, to, names=("config.json", "generation_config.json")):
    for n in names:
        if os.path.exists(os.path.join(frm, n)):
            shutil.copy(os.path.join(frm, n), os.path.join(to, n))

tiny = T5ForConditionalGeneration.from_pretrained(os.path.join(src, "tiny")).eval()

@step("tiny-bin")
def _():
    d = os.path.join(out, "tiny-bin"); os.makedirs(d, exist_ok=True)
    try:
        tiny.save_pretrained(d, safe_serialization=False)
        how = "save_pretrained(safe_serialization=False)"
    except Exception as e:
        how = f"torch.save(state_dict) because save_pretrained(safe_serialization=False) raised {type(e).__name__}: {e}"
    if not os.path.exists(os.path.join(d, "pytorch_model.bin")):
        for f in os.listdir(d):
            if f.endswith(".safetensors") or f.endswith(".json"):
                os.remove(os.path.join(d, f))
        torch.save(tiny.state_dict(), os.path.join(d, "pytorch_model.bin"))
        copy_cfg(os.path.join(src, "tiny"), d)
        how = how if how.startswith("torch.save") else "torch.save(state_dict) (save_pretrained wrote no .bin)"
    manifest["notes"]["tiny-bin"] = how
    manifest["tiny-bin-keys"] = sorted(torch.load(os.path.join(d, "pytorch_model.bin"), weights_only=True).keys())

@step("tiny-bin-sharded")
def _():
    # transformers' legacy layout: pytorch_model-0000i-of-0000n.bin + pytorch_model.bin.index.json
    d = os.path.join(out, "tiny-bin-sharded"); os.makedirs(d, exist_ok=True)
    sd = {k: v for k, v in tiny.state_dict().items() if k not in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight")}
    keys = list(sd.keys()); half = len(keys) // 2
    parts = [keys[:half], keys[half:]]
    weight_map, total = {}, 0
    for i, part in enumerate(parts):
        name = f"pytorch_model-{i+1:05d}-of-{len(parts):05d}.bin"
        torch.save({k: sd[k].clone() for k in part}, os.path.join(d, name))
        for k in part:
            weight_map[k] = name; total += sd[k].numel() * sd[k].element_size()
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, open(os.path.join(d, "pytorch_model.bin.index.json"), "w"), indent=2)
    copy_cfg(os.path.join(src, "tiny"), d)

@step("tiny-sharded")
def _():
    d = os.path.join(out, "tiny-sharded")
    tiny.save_pretrained(d, max_shard_size="300KB")
    manifest["tiny-sharded-files"] = sorted(os.listdir(d))

@step("dtypes")
def _():
    # Every dtype, a 0-dim tensor, an empty tensor, and views sharing one storage (offset + strides).
    d = os.path.join(out, "dtypes"); os.makedirs(d, exist_ok=True)
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8 - 1   # exact in f16/bf16
    t = {
        "f32": base.clone(), "f64": base.double(), "f16": base.half(), "bf16": base.bfloat16(),
        "i64": torch.arange(-6, 6, dtype=torch.int64).reshape(3, 4) * 1_000_000_007,
        "i32": torch.arange(-6, 6, dtype=torch.int32), "i16": torch.arange(-6, 6, dtype=torch.int16),
        "i8": torch.arange(-6, 6, dtype=torch.int8), "u8": torch.arange(250, 256, dtype=torch.uint8),
        "bool": torch.tensor([True, False, True, True]), "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
    }
    save_file({k: v.contiguous() for k, v in t.items()}, os.path.join(d, "dtypes.safetensors"), metadata={"format": "pt"})
    views = dict(t)
    views["view_rows"] = base[1:3]           # storage offset 6
    views["view_cols"] = base[:, 1::2]       # strides (6, 2), offset 1
    views["view_t"] = base.t()               # strides (1, 6)
    views["f32"] = base                      # shares storage with the views
    torch.save(views, os.path.join(d, "dtypes.bin"))
    json.dump({k: {"dtype": str(v.dtype), "shape": list(v.shape), "values": v.double().flatten().tolist()} for k, v in views.items()},
              open(os.path.join(d, "dtypes.json"), "w"), indent=0)

def logits_summary(model, ref):
    ids = torch.tensor(ref["input_ids"]); am = torch.tensor(ref["attention_mask"]); lab = torch.tensor(ref["labels"])
    with torch.no_grad():
        o = model(input_ids=ids, attention_mask=am, labels=lab)
    lg = o.logits
    return {"loss": o.loss.item(), "logits_shape": list(lg.shape), "logits_first": lg[0, :3, :10].tolist(),
            "logits_sum": lg.double().sum().item(), "logits_abs_sum": lg.double().abs().sum().item()}

def save_v4(gated, d, head, note):
    """transformers-4.x / flan-t5 layout: tie_word_embeddings false, no scale_decoder_outputs, own lm_head.weight."""
    os.makedirs(d, exist_ok=True)
    sd = {k: v.clone().contiguous() for k, v in gated.state_dict().items()
          if k not in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight")}
    sd["lm_head.weight"] = head.clone().contiguous()
    save_file(sd, os.path.join(d, "model.safetensors"), metadata={"format": "pt"})
    cfg = json.load(open(os.path.join(src, "tiny-gated", "config.json")))
    cfg["tie_word_embeddings"] = False; cfg.pop("scale_decoder_outputs", None)
    json.dump(cfg, open(os.path.join(d, "config.json"), "w"), indent=2, sort_keys=True)
    copy_cfg(os.path.join(src, "tiny-gated"), d, ("generation_config.json",))
    ref = json.load(open(os.path.join(src, "tiny-gated", "reference_summarization.json")))
    m = T5ForConditionalGeneration.from_pretrained(d).eval()
    res = {"transformers": transformers.__version__, "note": note,
           "loaded_config": {"tie_word_embeddings": getattr(m.config, "tie_word_embeddings", None),
                             "scale_decoder_outputs": getattr(m.config, "scale_decoder_outputs", None)},
           "lm_head_equals_file": bool(torch.equal(m.lm_head.weight, sd["lm_head.weight"])),
           "lm_head_shares_shared": m.lm_head.weight.data_ptr() == m.shared.weight.data_ptr(),
           "input_ids": ref["input_ids"], "attention_mask": ref["attention_mask"], "labels": ref["labels"]}
    res.update(logits_summary(m, ref))
    res["original_tiny_gated_loss"] = ref["loss"]; res["original_tiny_gated_logits_sum"] = ref["logits_sum"]
    json.dump(res, open(os.path.join(d, "reference_logits.json"), "w"), indent=1)
    manifest["notes"][os.path.basename(d) + "-loaded"] = res["loaded_config"]

gated = T5ForConditionalGeneration.from_pretrained(os.path.join(src, "tiny-gated")).eval()

@step("tiny-gated-v4")
def _():
    save_v4(gated, os.path.join(out, "tiny-gated-v4"), gated.shared.weight.detach(),
            "lm_head.weight == shared.weight: logits must equal tiny-gated's reference (no d_model^-0.5 rescale)")

@step("tiny-gated-v4-head")
def _():
    g = torch.Generator().manual_seed(1)
    head = gated.shared.weight.detach() * 0.5 + torch.randn(gated.shared.weight.shape, generator=g) * 0.1
    save_v4(gated, os.path.join(out, "tiny-gated-v4-head"), head,
            "lm_head.weight != shared.weight (0.5*shared + N(0,0.1), seed 1): logits prove the separate head is used")

json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"), indent=1)
print(json.dumps(manifest["notes"], indent=1))
