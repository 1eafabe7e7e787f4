#!/usr/bin/env python3
"""Reference values for hf-train's metrics, made by the Python libraries they imitate.

Writes two JSON fixtures (copied into tests/Fixtures/metrics/):
  sacrebleu_reference.json  sacrebleu 2.x corpus_bleu / sentence_bleu / corpus_chrf / 13a tokenizer outputs
  rouge_reference.json      rouge_score RougeScorer(use_stemmer=True) per-pair scores, their mean, and
                            NLTK PorterStemmer() stems of a vocabulary

Inputs (deterministic, stored in the fixtures so the C# tests need no Python):
  * the first 300 pairs of ddtp_en_de/validation.jsonl: German side as reference, a corruption of it as
    hypothesis (drop every 5th word, swap the 2nd and 3rd word), so BLEU is neither 0 nor 100;
  * the first 300 rows of debian_desc_summarization/validation.jsonl, summary or first paragraph as reference;
  * hand-picked edge cases (empty sides, punctuation, entities, Unicode, short segments).

Usage: make_reference.py --data DIR --out DIR [--vendor DIR]
  DIR for --data holds ddtp_en_de_validation.jsonl and summarization_validation.jsonl.
  --vendor: a folder put first on sys.path, for machines without rouge_score / nltk installed; it must hold
  importable `rouge_score` (rouge_scorer, tokenize, scoring) and `nltk.stem.porter` sources. The JSON records
  which implementation ran.
"""
import argparse
import json
import os
import re
import sys


def corrupt(text):
    """Drop every 5th word and swap the 2nd and 3rd: keeps most n-grams, loses some."""
    words = text.split(" ")
    kept = [w for i, w in enumerate(words) if i % 5 != 4]
    if len(kept) >= 3:
        kept[1], kept[2] = kept[2], kept[1]
    return " ".join(kept)


def read_jsonl(path, n):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


EDGE_PAIRS = [
    # (hypothesis / prediction, reference / target)
    ("", "Ein kleiner Test."),
    ("Ein kleiner Test.", ""),
    ("", ""),
    ("Ein kleiner Test.", "Ein kleiner Test."),
    ("Test", "Ein kleiner Test."),
    ("kleiner Test", "Ein kleiner Test."),
    ("Pi is 3.14, not 3,15 - see 1,000.5 and 5-6 x.y, a-b.", "Pi is 3.14 , not 3,15 - see 1,000.5 and 5 - 6 x.y, a-b."),
    ("AT&amp;T &lt;b&gt; &quot;quoted&quot; <skipped> line-\nbreak\nnext", "AT&T <b> \"quoted\" linebreak next"),
    ("naïve café — “smart” quotes… ½ 😀 emoji😀x", "naive cafe - \"smart\" quotes... 1/2 😀 emoji😀x"),
    ("İstanbul KELVIN \u212a unit ÄÖÜ straße", "istanbul kelvin k unit aou strasse"),
    ("tabs\tand\u00a0nbsp\u2003em\u001cfs and\x85nel  ", "tabs and nbsp em fs and nel"),
    ("(hi) [there] {you} ~tilde~ `tick` ^caret^ |pipe| @at #hash $5 %pct", "hi there you tilde tick caret pipe at hash 5 pct"),
    ("the the the the", "the cat is on the mat"),
    ("Dies ist ein Satz. Und noch einer!", "Dies ist ein Satz.\nUnd noch einer!"),
]

ROUGE_EDGE_PAIRS = [
    # (prediction, target)
    ("", "a reference"),
    ("a prediction", ""),
    ("", ""),
    ("!!! ... ---", "some words"),
    ("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog"),
    ("running runners ran quickly; generalizations", "he runs and the runner generalized quickly"),
    ("İstanbul is big", "istanbul is big"),
    ("\u212aelvin degrees", "kelvin degrees"),
    ("Größe naïve café ΣΑΣ déjà-vu", "gr e na ve caf vu"),
    ("version 2.0.1 of x86_64 libfoo3", "version 2 0 1 of x86 64 libfoo3"),
    ("first sentence here\nsecond sentence there", "first sentence there\nsecond sentence here"),
    ("a b c\n\nd e f\n", "d e f\na b c"),
    ("cats cats cats dogs", "cats dogs dogs dogs"),
    ("Tools for the manipulation of PDF files", "tools for manipulating PDF documents"),
]

EXTRA_WORDS = [
    "caresses", "ponies", "ties", "caress", "cats", "feed", "agreed", "disabled", "matting", "mating", "meeting",
    "milling", "messing", "meetings", "happy", "sky", "skies", "dying", "lying", "tying", "news", "innings",
    "inning", "outings", "cannings", "howe", "proceed", "exceed", "succeed", "relational", "conditional",
    "rational", "valenci", "hesitanci", "digitizer", "conformabli", "radicalli", "differentli", "vileli",
    "analogousli", "vietnamization", "predication", "operator", "feudalism", "decisiveness", "hopefulness",
    "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate", "formative", "formalize",
    "electriciti", "electrical", "hopeful", "goodness", "revival", "allowance", "inference", "airliner",
    "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment", "dependent", "adoption",
    "homologou", "communism", "activate", "angulariti", "homologous", "effective", "bowdlerize", "probate",
    "rate", "cease", "controll", "roll", "generalizations", "oscillators", "geology", "theology", "fully",
    "hopefully", "tionally", "enjoy", "enjoyment", "spied", "died", "flies", "dies", "spy", "fly", "try",
    "syzygy", "toy", "trouble", "oats", "trees", "ivy", "troubles", "private", "oaten", "orrery", "eed", "oed",
    "aed", "bed", "ied", "ies", "sses", "ying", "yyyy", "aaaa", "abcdefghijklmnopqrstuvwxyz", "x86", "utf8",
    "2vcard", "1234", "a1b2c3", "logi", "alli", "bli", "fulli", "eli",
]


def sacrebleu_reference(data_dir):
    import sacrebleu
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    rows = read_jsonl(os.path.join(data_dir, "ddtp_en_de_validation.jsonl"), 300)
    refs = [r["translation"]["de"] for r in rows]
    hyps = [corrupt(r) for r in refs]
    tok = Tokenizer13a()
    bleu_metric, chrf_metric = sacrebleu.BLEU(), sacrebleu.CHRF()
    bleu_metric.corpus_score(hyps, [refs])
    chrf_metric.corpus_score(hyps, [refs])
    corpus = {
        "name": "ddtp_en_de validation[:300], hypothesis = corrupt(de)",
        "hypotheses": hyps,
        "references": refs,
        "bleu": sacrebleu.corpus_bleu(hyps, [refs]).score,
        "bleu_effective_order": sacrebleu.BLEU(effective_order=True).corpus_score(hyps, [refs]).score,
        "chrf": sacrebleu.corpus_chrf(hyps, [refs]).score,
        "bleu_signature": str(bleu_metric.get_signature()),
        "chrf_signature": str(chrf_metric.get_signature()),
    }
    # the edge cases as one corpus too (empty hypotheses/references inside a corpus)
    edge_h = [h for h, _ in EDGE_PAIRS]
    edge_r = [r for _, r in EDGE_PAIRS]
    edge_corpus = {
        "name": "edge cases as one corpus",
        "hypotheses": edge_h,
        "references": edge_r,
        "bleu": sacrebleu.corpus_bleu(edge_h, [edge_r]).score,
        "bleu_effective_order": sacrebleu.BLEU(effective_order=True).corpus_score(edge_h, [edge_r]).score,
        "chrf": sacrebleu.corpus_chrf(edge_h, [edge_r]).score,
    }
    segments = []
    for h, r in EDGE_PAIRS + list(zip(hyps[:40], refs[:40])):
        segments.append({
            "hypothesis": h,
            "reference": r,
            "corpus_bleu": sacrebleu.corpus_bleu([h], [[r]]).score,
            "sentence_bleu": sacrebleu.sentence_bleu(h, [r]).score,
            "chrf": sacrebleu.corpus_chrf([h], [[r]]).score,
            "tok13a_hypothesis": tok(h.rstrip()),
            "tok13a_reference": tok(r.rstrip()),
        })
    return {
        "made_by": "sacrebleu " + sacrebleu.__version__,
        "corpora": [corpus, edge_corpus],
        "segments": segments,
    }


def rouge_reference(data_dir):
    from rouge_score import rouge_scorer
    from nltk.stem import porter
    import rouge_score

    rows = read_jsonl(os.path.join(data_dir, "summarization_validation.jsonl"), 300)
    pairs = list(ROUGE_EDGE_PAIRS)
    for i, r in enumerate(rows):
        first_par = r["document"].split("\n\n")[0]
        multi = re.sub(r"([.!?]) +", r"\1\n", first_par)  # one sentence per line, for rougeLsum
        if i % 2 == 0:
            pairs.append((corrupt(r["summary"]), r["summary"]))
        else:
            pairs.append((r["summary"] + "\n" + corrupt(multi.split("\n")[0]), multi))
    types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    scorer = rouge_scorer.RougeScorer(types, use_stemmer=True)
    out_pairs = []
    sums = {t: 0.0 for t in types}
    for pred, target in pairs:
        s = scorer.score(target, pred)
        item = {"prediction": pred, "target": target}
        for t in types:
            item[t] = [s[t].precision, s[t].recall, s[t].fmeasure]
            sums[t] += s[t].fmeasure
        out_pairs.append(item)
    stemmer = porter.PorterStemmer()
    vocab = set(EXTRA_WORDS)
    for r in rows:
        for text in (r["document"], r["summary"]):
            vocab.update(w for w in re.sub(r"[^a-z0-9]+", " ", text.lower()).split() if len(w) > 3)
    vocab = sorted(vocab)
    vendored = "vendor" in rouge_score.__file__
    return {
        "made_by": ("rouge_score + nltk PorterStemmer sources transcribed into --vendor (packages not installed)"
                    if vendored else "rouge_score + nltk (installed packages)"),
        "pairs": out_pairs,
        "mean_fmeasure": {t: sums[t] / len(pairs) for t in types},
        "stems": {w: stemmer.stem(w) for w in vocab},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vendor")
    ap.add_argument("--only", choices=["sacrebleu", "rouge"])
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.only != "rouge":
        with open(os.path.join(args.out, "sacrebleu_reference.json"), "w", encoding="utf-8") as f:
            json.dump(sacrebleu_reference(args.data), f, ensure_ascii=False, indent=1)
    if args.only != "sacrebleu":
        try:
            import rouge_score  # noqa: F401
            import nltk  # noqa: F401
        except ImportError:
            if not args.vendor:
                raise
            sys.path.insert(0, args.vendor)
        with open(os.path.join(args.out, "rouge_reference.json"), "w", encoding="utf-8") as f:
            json.dump(rouge_reference(args.data), f, ensure_ascii=False, indent=1)
    print("wrote", os.listdir(args.out))


if __name__ == "__main__":
    main()
