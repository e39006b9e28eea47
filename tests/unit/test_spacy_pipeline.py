"""The offline Dutch spaCy pipeline: Dutch tokenisation; lookup lemmas only when asked for."""
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


def test_the_shipped_pipeline_has_no_lemmatizer_and_tokenises_dutch(tmp_path):
    """What config.yml loads (`make spacy`): Dutch tokenisation, no lemma tables to load."""
    nlp = spacy.load(build(tmp_path / "nl"))
    assert nlp.pipe_names == []
    assert [t.text for t in nlp("Wat doet een ADV? Bel 0800-1234.")][-1] == "."
