# Builds tiny Argos Translate packages with random weights, for the LibreTranslate contract tests.
#
# Real Argos models come only from the Argos package index (not PyPI), which tests cannot reach,
# and LibreTranslate will not start with fewer than two packages installed (it then tries the
# index). These packages are built here from nothing: a CTranslate2 transformer of 1 layer each
# side, d_model 8, filled with seeded random numbers, and a 30-piece sentencepiece model. They
# load and run like real ones; what they "translate" is gibberish, which a contract test of status
# codes and error messages does not look at.
#
# Packages: en->th and th->en (both directions of the pair HopeNow needs) and de->en alone, so
# that en->de is a pair the server knows both languages of but cannot translate (its refusal).
#
# Usage: python build_models.py OUT_DIR   (writes OUT_DIR/translate-<from>_<to>-0_0/)
import json
import os
import random
import shutil
import sys
import tempfile

import numpy as np
import sentencepiece as spm
import spacy
from ctranslate2.specs import model_spec, transformer_spec

NAMES = {"en": "English", "th": "Thai", "de": "German"}
PAIRS = [("en", "th"), ("th", "en"), ("de", "en")]
D_MODEL, FFN = 8, 16


def train_sentencepiece(work):
    """A 30-piece unigram model trained on generated lines: enough to tokenize any input."""
    rng = random.Random(0)
    words = "hello world good morning thank you please help me water food guten tag".split()
    corpus = os.path.join(work, "corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for _ in range(2000):
            f.write(" ".join(rng.choice(words) for _ in range(6)) + "\n")
    prefix = os.path.join(work, "sp")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, vocab_size=30, model_type="unigram",
        character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=0, minloglevel=2,
    )
    return prefix + ".model"


def fill(spec, vocab_size, rng, path=""):
    """Gives every weight of an empty TransformerSpec a random array of the shape it needs."""
    for name, value in list(vars(spec).items()):
        where = f"{path}/{name}"
        if isinstance(value, model_spec.LayerSpec):
            fill(value, vocab_size, rng, where)
        elif isinstance(value, list) and value and isinstance(value[0], model_spec.LayerSpec):
            for i, layer in enumerate(value):
                fill(layer, vocab_size, rng, f"{where}_{i}")
        elif value is None:
            if name == "gamma":
                array = np.ones(D_MODEL)
            elif name == "beta":
                array = np.zeros(D_MODEL)
            elif "embeddings" in where or "projection" in where:
                array = rng.normal(0, 0.1, (vocab_size, D_MODEL))
            elif "ffn/linear_0" in where:
                array = rng.normal(0, 0.1, (FFN, D_MODEL))
            elif "ffn/linear_1" in where:
                array = rng.normal(0, 0.1, (D_MODEL, FFN))
            elif "self_attention/linear_0" in where:  # fused query, key and value
                array = rng.normal(0, 0.1, (3 * D_MODEL, D_MODEL))
            elif "/attention/linear_1" in where:  # cross-attention: fused key and value
                array = rng.normal(0, 0.1, (2 * D_MODEL, D_MODEL))
            elif "linear" in where:
                array = rng.normal(0, 0.1, (D_MODEL, D_MODEL))
            else:
                raise SystemExit(f"build_models.py: no shape known for {where}")
            setattr(spec, name, np.asarray(array, np.float32))


def build(out, source, target, sp_model, vocab, rng):
    package = os.path.join(out, f"translate-{source}_{target}-0_0")
    shutil.rmtree(package, ignore_errors=True)
    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    fill(spec, len(vocab), rng)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    os.makedirs(os.path.join(package, "model"))
    spec.save(os.path.join(package, "model"))
    shutil.copy(sp_model, os.path.join(package, "sentencepiece.model"))
    # With ARGOS_CHUNK_TYPE=SPACY, sentences are split by the package's own spaCy pipeline: a
    # blank one (argostranslate adds the rule-based sentencizer). The default splitter, MiniSBD,
    # downloads a model on the first translation.
    spacy.blank("xx").to_disk(os.path.join(package, "spacy"))
    metadata = {
        "package_version": "0.0", "argos_version": "1.0", "type": "translate",
        "from_code": source, "from_name": NAMES[source], "to_code": target, "to_name": NAMES[target],
        "code": f"translate-{source}_{target}", "name": f"hopenow test {source}->{target}", "links": [],
    }
    with open(os.path.join(package, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as work:
        sp_model = train_sentencepiece(work)
        processor = spm.SentencePieceProcessor(model_file=sp_model)
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        vocab = ["<blank>", "<unk>", "<s>", "</s>"] + [p for p in pieces if p != "<unk>"]
        for source, target in PAIRS:
            build(out, source, target, sp_model, vocab, rng)


if __name__ == "__main__":
    main()
