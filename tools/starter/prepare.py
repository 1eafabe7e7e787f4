"""Write the starter model's pretraining texts: the TRAINING splits only, no summaries, no validation or test text.

    python3 tools/starter/prepare.py --data ../shared/data --out .gpu/starter

Writes gzip'ed JSON-string-per-line files (about 7 MB together, small enough to carry to the GPU machine):
  debian_documents.txt.gz   the `document` field of debian_desc_summarization/train.jsonl
  ddtp_en_de_{en,de}.txt.gz  the English and German paragraphs of ddtp_en_de/train.jsonl
  ddtp_en_fr_{en,fr}.txt.gz  the English and French paragraphs of ddtp_en_fr/train.jsonl
The DDTP rows whose id ends in ":synopsis" are left out: their English text is a package's summary.
"""
import argparse, gzip, json, os


def write(out, name, texts):
    with gzip.open(os.path.join(out, f"{name}.txt.gz"), "wt", encoding="utf-8") as f:
        n = 0
        for text in texts:
            f.write(json.dumps(text, ensure_ascii=False) + "\n")
            n += 1
    print(name, n)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data")
    p.add_argument("--out", default=".gpu/starter")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.data, "debian_desc_summarization", "train.jsonl"), encoding="utf-8") as f:
        write(a.out, "debian_documents", (json.loads(line)["document"] for line in f))
    for lang in ("de", "fr"):
        with open(os.path.join(a.data, f"ddtp_en_{lang}", "train.jsonl"), encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        rows = [r for r in rows if not r["id"].endswith(":synopsis")]
        write(a.out, f"ddtp_en_{lang}_en", (r["translation"]["en"] for r in rows))
        write(a.out, f"ddtp_en_{lang}_{lang}", (r["translation"][lang] for r in rows))


if __name__ == "__main__":
    main()
