"""The shipped ONNX tone model on clear sentences, and its input windows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.models import Article, Attribution, Entity, Parsed
from saidwhat.tone import score, scorer_name
from saidwhat.tone.model import CLOSE_ID, CLS_ID, OPEN_ID, SEP_ID, encode_window, load_onnx, model_available


def test_model_is_shipped(settings) -> None:  # type: ignore[no-untyped-def]
    assert model_available()
    assert scorer_name(settings) == "onnx"


def test_window_marks_the_target_and_keeps_it_inside() -> None:
    ids = list(range(1000, 1200))  # 200 word pieces, 5 characters each
    offsets = [(5 * i, 5 * i + 4) for i in range(200)]
    window, pos = encode_window(ids, offsets, 5 * 150, 5 * 152 - 1, max_len=20)
    assert len(window) == 20
    assert window[0] == CLS_ID and window[-1] == SEP_ID
    assert window[pos] == OPEN_ID and window[pos + 1 : pos + 3] == [1150, 1151] and window[pos + 3] == CLOSE_ID
    assert window[1] == 1150 - (pos - 1)


def test_window_at_the_end_gives_room_to_the_left() -> None:
    ids = list(range(1000, 1050))
    offsets = [(5 * i, 5 * i + 4) for i in range(50)]
    window, pos = encode_window(ids, offsets, 5 * 49, 5 * 49 + 4, max_len=20)
    assert window[pos + 1] == 1049 and window[-2] == CLOSE_ID and len(window) == 20


CLEAR = [
    ("Critics said the mayor is a corrupt liar who ruined the city.", "mayor", "negative"),
    ("The minister arrived in Geneva on Tuesday.", "minister", "neutral"),
    ("Fans cheered the coach, praising her brilliant, inspiring leadership.", "coach", "positive"),
]


@pytest.mark.parametrize(("text", "mention", "expected"), CLEAR)
def test_clear_sentences(text: str, mention: str, expected: str) -> None:
    start = text.index(mention)
    (verdict,) = load_onnx().score([(text, start, start + len(mention))])
    assert verdict.polarity == expected
    assert -1.0 <= verdict.score <= 1.0


def test_tone_depends_on_the_target() -> None:
    text = "Voters adored the senator, but they despised the governor for the scandal."
    spans = [(text, text.index(m), text.index(m) + len(m)) for m in ("senator", "governor")]
    senator, governor = load_onnx().score(spans)
    assert senator.score > governor.score


def test_score_uses_the_model_in_the_pipeline(settings) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor said the brutal sanctions on Cuba were a cruel disgrace."
    att = Attribution(content=((15, len(text) - 1),))
    cuba = text.index("Cuba")
    p = Parsed(Article("d", "d", text), (att,), (Entity(cuba, cuba + 4, "Cuba", "GPE"),), ((0, len(text)),))
    (out,) = score([p], replace(settings, tone_model="onnx"))
    names = {t.name: t.polarity for t in out.attributions[0].targets}
    assert names == {"sanctions": "negative", "Cuba": names["Cuba"]}
    assert out.attributions[0].polarity == "negative"


@pytest.mark.slow
def test_a_topic_is_judged_by_its_phrase_not_the_bare_keyword(settings) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.attribution import attribute

    text = "“We are pleased with this agreement on sanctions, which is a real success,” Varga said."
    (parsed,) = attribute([Article("d", "d.txt", text)], settings)
    (att,) = score([parsed], settings)[0].attributions
    (target,) = [t for t in att.targets if t.name == "sanctions"]
    assert text[target.start:target.end] == "sanctions"
    assert target.polarity == "positive"
    # The keyword marked alone reads as the word usually reads in the news.
    word = text.index("sanctions")
    (bare,) = load_onnx().probabilities([(text, word, word + len("sanctions"))])
    assert bare[0] > bare[2]


def _marked(text: str, mention: str) -> tuple[str, int, int]:
    return text, text.index(mention), text.index(mention) + len(mention)


BATCH = [
    _marked("Ann won.", "Ann"),
    _marked("Critics said the mayor is a corrupt liar who ruined the city.", "mayor"),
    _marked("In a long statement released late on Friday after a week of talks in the capital, the union leader "
            "said that the new contract offered by the rail company was an insult to every driver and guard who "
            "had kept the trains running through the winter storms, and that the strike would go on.", "rail company"),
    _marked("Bo lost.", "Bo"),
    _marked("Fans cheered the coach, praising her brilliant, inspiring leadership.", "coach"),
]


def test_a_rows_tone_does_not_depend_on_its_batch() -> None:
    model = load_onnx()
    alone = [model.probabilities([item])[0] for item in BATCH]
    together = model.probabilities(BATCH)
    reversed_batch = model.probabilities(BATCH[::-1])[::-1]
    assert abs(together - alone).max() <= 1e-6
    assert abs(reversed_batch - alone).max() <= 1e-6
