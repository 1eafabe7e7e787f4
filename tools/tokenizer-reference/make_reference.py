"""Reference token ids for the whole Debian data, made by transformers (the parity reference for T5Tokenizer).

Runs where transformers 5.17 + tokenizers are installed (the GPU machine; no GPU is used):
    python3 make_reference.py --tokenizer DIR --data DATA_DIR --out OUT_DIR [--probes probes.json]

DATA_DIR holds <dataset>/<split>.jsonl or .jsonl.gz for the datasets below. Texts are visited in a fixed order
(dataset, split, line, then field order below); for every text one line is written to OUT_DIR/<dataset>.<split>.txt:
    <sha1(ids)[:12]> <sha1(decode(ids, skip_special_tokens=True))[:8]>
where ids = AutoTokenizer.from_pretrained(DIR)(text)["input_ids"] (</s> appended) and sha1 is taken over the
ids joined by "," (UTF-8). OUT_DIR/ids.<dataset>.txt.gz holds the full ids (space-separated, one text a line) to
diagnose mismatches. The same texts are also encoded by a tokenizer loaded from spiece.model alone (the
converter path) and OUT_DIR/summary.json counts where the two paths differ and records probe strings.
"""
import argparse, gzip, hashlib, json, os, shutil, sys, tempfile, time

DATASETS = [
    ("debian_desc_summarization", lambda r: [r["document"], r["summary"]]),
    ("ddtp_en_de", lambda r: [r["translation"]["en"], r["translation"]["de"]]),
    ("ddtp_en_fr", lambda r: [r["translation"]["en"], r["translation"]["fr"]]),
]
SPLITS = ["train", "validation", "test"]


def read_texts(data_dir, dataset, split, fields):
    path = os.path.join(data_dir, dataset, split + ".jsonl")
    opener = open
    if not os.path.exists(path):
        path += ".gz"
        opener = gzip.open
    texts = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.extend(fields(json.loads(line)))
    return texts


def ids_hash(ids):
    return hashlib.sha1(",".join(map(str, ids)).encode("utf-8")).hexdigest()[:12]


def text_hash(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--probes")
    a = ap.parse_args()
    import transformers
    from transformers import AutoTokenizer

    os.makedirs(a.out, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(a.tokenizer)
    spm_dir = tempfile.mkdtemp()
    for name in ("spiece.model", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.tokenizer, name), spm_dir)
    tok_spm = AutoTokenizer.from_pretrained(spm_dir)
    summary = {
        "transformers": transformers.__version__,
        "tokenizer_class": type(tok).__name__,
        "spm_tokenizer_class": type(tok_spm).__name__,
        "len": len(tok), "spm_len": len(tok_spm),
        "extra_id_0": tok.convert_tokens_to_ids("<extra_id_0>"),
        "spm_extra_id_0": tok_spm.convert_tokens_to_ids("<extra_id_0>"),
        "extra_id_99": tok.convert_tokens_to_ids("<extra_id_99>"),
        "spm_extra_id_99": tok_spm.convert_tokens_to_ids("<extra_id_99>"),
        "clean_up_tokenization_spaces": getattr(tok, "clean_up_tokenization_spaces", None),
        "backend_normalizer": str(tok.backend_tokenizer.normalizer),
        "spm_backend_normalizer": str(tok_spm.backend_tokenizer.normalizer),
        "spm_backend_pre_tokenizer": str(tok_spm.backend_tokenizer.pre_tokenizer),
        "files": {}, "spm_mismatches": [],
    }
    t0 = time.time()
    for dataset, fields in DATASETS:
        with gzip.open(os.path.join(a.out, "ids." + dataset + ".txt.gz"), "wt", encoding="utf-8") as full:
            for split in SPLITS:
                texts = read_texts(a.data, dataset, split, fields)
                ids = tok(texts)["input_ids"]
                decoded = tok.batch_decode(ids, skip_special_tokens=True)
                ids_spm = tok_spm(texts)["input_ids"]
                name = dataset + "." + split + ".txt"
                with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
                    for x, d in zip(ids, decoded):
                        f.write(ids_hash(x) + " " + text_hash(d) + "\n")
                        full.write(" ".join(map(str, x)) + "\n")
                bad = [i for i, (x, y) in enumerate(zip(ids, ids_spm)) if x != y]
                summary["files"][name] = {"texts": len(texts), "tokens": sum(map(len, ids)), "spm_mismatch": len(bad)}
                for i in bad[:5]:
                    summary["spm_mismatches"].append({"file": name, "index": i, "text": texts[i],
                                                      "ids": ids[i], "spm_ids": ids_spm[i]})
                print(name, len(texts), "texts", len(bad), "spm mismatches", f"{time.time() - t0:.1f}s", flush=True)
    if a.probes:
        probes = json.load(open(a.probes, encoding="utf-8"))
        out = []
        for text in probes:
            ids = tok(text)["input_ids"]
            out.append({"text": text, "ids": ids, "spm_ids": tok_spm(text)["input_ids"],
                        "tokens": tok.convert_ids_to_tokens(ids),
                        "decode": tok.decode(ids), "decode_skip": tok.decode(ids, skip_special_tokens=True),
                        "truncated_5": tok(text, truncation=True, max_length=5)["input_ids"]})
        summary["probes"] = out
        # decode of id lists that encoding never produces (special tokens first, unk in the middle, sentinels)
        lists = [[0, 27, 1], [2], [2, 27, 2, 1], [32000, 27, 32001, 27, 1], [27, 0, 0, 27], [0, 24, 24, 27], [24], [24, 24, 27], [6, 3, 6, 4, 8], [27, 32099, 6], [40000, 27]]
        summary["decode_lists"] = []
        for l in lists:
            try:
                summary["decode_lists"].append({"ids": l, "decode": tok.decode(l),
                                                "decode_skip": tok.decode(l, skip_special_tokens=True)})
            except Exception as e:  # an id past the vocabulary: record what transformers does
                summary["decode_lists"].append({"ids": l, "error": repr(e)})
    with open(os.path.join(a.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k not in ("probes", "spm_mismatches", "decode_lists")}, indent=1))


if __name__ == "__main__":
    main()
