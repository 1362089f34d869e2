"""Which language a document is written in (ISO 639-1 code), from its cleaned text.

py3langid (a naive-Bayes model over byte n-grams, shipped with the package, deterministic)
names one of 97 languages. Its normalised probability is high on a paragraph of prose in
any of them and low on a line of names ("Tomas Reiner, Sorvik"), so a short or mixed text
below :data:`MIN_CONFIDENCE` gets no language rather than a guess: attribution treats an
unknown language as English and tries, while a page confidently in German says so
instead of coming out with zero attributions.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# A paragraph of English news scores 0.99+; "Ana Lind said." scores 0.29 (as Estonian).
MIN_CONFIDENCE = 0.9
# The first thousand characters name the language as the first 4,000 do (the same code on
# all 95 AEB dev bodies) at a quarter of the cost: 0.7 ms a page, about 3% of cleaning it.
_SAMPLE_CHARS = 1000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The language of ``text`` as an ISO 639-1 code (``"en"``, ``"de"``), or None when
    the text is too short or too mixed to tell (confidence under :data:`MIN_CONFIDENCE`).
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    language, confidence = _identifier().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else None
