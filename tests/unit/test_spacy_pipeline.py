"""The offline Dutch spaCy pipeline: Dutch tokenisation and lookup lemmas."""
import spacy

from bot.spacy_pipeline import build


def test_build_and_load_dutch_pipeline(tmp_path):
    out = build(tmp_path / "nl", with_lemmas=True)
    nlp = spacy.load(out)
    assert nlp.lang == "nl"
    doc = nlp("Waar kan ik meldingen van discriminatie doen? Bij de ADV's.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["meldingen"] == "melding"
    assert doc[-1].text == "."


def test_without_lemmas_has_no_lemmatizer(tmp_path):
    nlp = spacy.load(build(tmp_path / "nl", with_lemmas=False))
    assert "lemmatizer" not in nlp.pipe_names
