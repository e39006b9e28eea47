"""Build the Dutch spaCy pipeline Rasa's SpacyNLP loads, from installed packages only.

No Dutch model package can be downloaded here, so the pipeline is ``spacy.blank("nl")``
(Dutch tokenizer rules, stop words, lexical attributes). Optionally (``with_lemmas``, for
`make compare-pipelines`) a lookup lemmatizer whose tables come from the installed
``spacy-lookups-data`` package; the shipped pipeline has none since nothing reads lemmas any
more (the TensorFlow featurizers went), and the tables cost about 3 s and 80 MB per load.
"""
from __future__ import annotations

from pathlib import Path


def build(out_dir: Path, with_lemmas: bool = False) -> Path:
    import spacy

    nlp = spacy.blank("nl")
    if with_lemmas:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads nl_lemma_lookup from spacy-lookups-data, no network
    nlp.meta["name"] = "rasa_nl" + ("_lemma" if with_lemmas else "")
    nlp.meta["description"] = "spacy.blank('nl')" + (
        " + lookup lemmatizer (spacy-lookups-data)" if with_lemmas else "")
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    return out_dir
