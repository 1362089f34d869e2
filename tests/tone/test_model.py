"""The shipped ONNX tone model on clear sentences, and its input windows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.models import Article, Attribution, Entity, Parsed
from saidwhat.tone import score, scorer_name
from saidwhat.tone.model import (
    Specials,
    encode_window,
    load_onnx,
    load_tokenizer,
    model_available,
    model_dir,
    pad,
    specials,
)


def test_model_is_shipped(settings) -> None:  # type: ignore[no-untyped-def]
    assert model_available()
    assert scorer_name(settings) == "onnx"


def test_window_marks_the_target_and_keeps_it_inside() -> None:
    ids = list(range(1000, 1200))  # 200 word pieces, 5 characters each
    offsets = [(5 * i, 5 * i + 4) for i in range(200)]
    window, pos = encode_window(ids, offsets, 5 * 150, 5 * 152 - 1, max_len=20)
    assert len(window) == 20
    assert window[0] == 101 and window[-1] == 102  # [CLS], [SEP]
    assert window[pos] == 1 and window[pos + 1 : pos + 3] == [1150, 1151] and window[pos + 3] == 2  # [unused0/1]
    assert window[1] == 1150 - (pos - 1)


def test_window_at_the_end_gives_room_to_the_left() -> None:
    ids = list(range(1000, 1050))
    offsets = [(5 * i, 5 * i + 4) for i in range(50)]
    window, pos = encode_window(ids, offsets, 5 * 49, 5 * 49 + 4, max_len=20)
    assert window[pos + 1] == 1049 and window[-2] == 2 and len(window) == 20


def test_shipped_tokenizer_has_bert_ids() -> None:
    assert specials(load_tokenizer(model_dir() / "tokenizer.json")) == Specials(cls=101, sep=102, pad=0, open=1, close=2)


def test_mpnet_style_vocabulary_gives_its_own_ids() -> None:
    """A teacher's MPNet vocabulary starts <s> <pad> </s> <unk> and then BERT's, [CLS] included:
    the window must start with <s> and pad with <pad>, not with BERT's ids."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    words = ["<s>", "<pad>", "</s>", "<unk>", "[PAD]", "[unused0]", "[unused1]", "[CLS]", "[SEP]", "ferry", "late"]
    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = Whitespace()
    special = specials(tokenizer)
    assert special == Specials(cls=0, sep=2, pad=1, open=5, close=6)
    window, pos = encode_window([9, 10], [(0, 5), (6, 10)], 0, 5, max_len=16, special=special)
    assert window == [0, 5, 9, 6, 10, 2] and pos == 1
    assert pad([(window, pos), ([0, 5, 9, 6, 2], 1)], special.pad).input_ids[1].tolist() == [0, 5, 9, 6, 2, 1]


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
    assert target.probabilities is not None and target.probabilities[2] > 0.8


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
