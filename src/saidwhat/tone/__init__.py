"""Tone stage: the tone of each statement toward its targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..config import Settings
from ..models import Parsed


@lru_cache(maxsize=1)
def _vader():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score(batch: Sequence[Parsed], settings: Settings) -> list[Parsed]:
    """Score the tone of every attribution in a batch of parsed articles.

    Args:
        batch: parsed articles with attributions.
        settings: ``tone_model`` selects the scorer.

    Returns:
        The records with ``tone``, ``polarity`` and ``targets`` set on each attribution.
    """
    analyzer = _vader()
    out = []
    for parsed in batch:
        text = parsed.article.text
        atts = []
        for att in parsed.attributions:
            content = " ".join(text[s:e] for s, e in att.content)
            value = float(analyzer.polarity_scores(content)["compound"])
            pol = "positive" if value >= 0.3 else "negative" if value <= -0.3 else "neutral"
            atts.append(replace(att, tone=value, polarity=pol))
        out.append(replace(parsed, attributions=tuple(atts)))
    return out
