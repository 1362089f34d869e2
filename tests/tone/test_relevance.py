""""Not about the target": a mere mention weighs little; criticism and praise of named actors.

Sentences are invented. Each target is scored by the pipeline's tone stage with the shipped
model, and its calibrated probabilities are kept with it (``Target.probabilities``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.models import Article, Attribution, Entity, Parsed, Statement, Target
from saidwhat.tone import score


def scored_target(text: str, name: str, settings) -> Target:  # type: ignore[no-untyped-def]
    start = text.index(name)
    parsed = Parsed(Article("d", "d.txt", text), (Attribution(content=((0, len(text)),)),),
                    (Entity(start, start + len(name), name, "PERSON"),), ((0, len(text)),))
    (out,) = score([parsed], replace(settings, tone_model="onnx"))
    (target,) = [t for t in out.attributions[0].targets if t.name == name]
    return target


def weight(target: Target) -> float:
    statement = Statement(1, "d", "X", target.name, "2026-01-01", target.tone, target.polarity, "q",
                          probabilities=target.probabilities)
    return statement.weight


@pytest.mark.parametrize("text, name", [
    ("Talks with Germany will resume on Monday in the capital, the ministry said.", "Germany"),
    ("The report was published a day after Senator Alvarez returned from Brussels.", "Alvarez"),
])
def test_a_mere_mention_is_neutral_and_weighs_little(text: str, name: str, settings) -> None:  # type: ignore[no-untyped-def]
    target = scored_target(text, name, settings)
    assert target.polarity == "neutral"
    assert target.probabilities is not None and sum(target.probabilities) == pytest.approx(1.0, abs=1e-3)
    assert weight(target) < 0.3
    assert abs(target.tone) < 0.1


@pytest.mark.parametrize("text, name", [
    ("Harlow Capital misled its investors and wrecked their savings with reckless bets.", "Harlow Capital"),
    ("The fund manager Dana Kessler has failed her clients again and again.", "Dana Kessler"),
])
def test_criticism_of_a_named_actor_is_negative_and_weighs_much(text: str, name: str, settings) -> None:  # type: ignore[no-untyped-def]
    target = scored_target(text, name, settings)
    assert target.polarity == "negative"
    assert weight(target) > 0.8


@pytest.mark.parametrize("text, name", [
    pytest.param("Our enemies have never faced a tougher, more relentless foe than the Reiner administration.",
                 "Reiner administration", marks=pytest.mark.xfail(
                     reason="tone-minilm.v2 reads this praise negative (tone-minilm.v1 read it positive)",
                     strict=True)),
    pytest.param("No leader has fought corruption more ruthlessly than Mayor Okafor, who crushed the cartels.",
                 "Mayor Okafor", marks=pytest.mark.xfail(
                     reason="praise in negative words (fought, ruthlessly, crushed) still reads negative",
                     strict=True)),
])
def test_praise_phrased_with_negative_words_is_positive(text: str, name: str, settings) -> None:  # type: ignore[no-untyped-def]
    assert scored_target(text, name, settings).polarity == "positive"


def test_weight_is_the_probability_of_a_tone() -> None:
    base = dict(attribution_id=1, doc_id="d", speaker="X", target="t", published="2026-01-01", tone=0.0,
                polarity="neutral", quote="q")
    assert Statement(**base, probabilities=(0.25, 0.7, 0.05)).weight == pytest.approx(0.3)  # type: ignore[arg-type]
    assert Statement(**base).weight == 1.0  # type: ignore[arg-type]
