"""News sentences with marked targets from corpora other than NewsMTSC, for distillation (issue 20).

A student learns the teacher's function best from many inputs the teacher has labelled, and
NewsMTSC train has only 8.7k targets. These rows come from other news texts (PolNeAR's article
texts, a cleaning ground truth's article bodies) with targets found by the pipeline's own
``targets.find_mentions``: entity mentions of people, organisations, places and groups, and
topic keywords marked as the noun phrase they sit in. They carry no gold label; the
teacher's probabilities are their label.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..attribution.phrases import noun_phrases
from ..errors import InputError
from ..models import Article, Attribution, Entity, Parsed
from .index import PositionIndex
from .model import Span
from .targets import find_mentions, load_topics

# Sentences of this many tokens are kept: shorter ones are headlines and bylines, longer ones
# run past the model's window around the target anyway.
MIN_TOKENS, MAX_TOKENS = 6, 60

if TYPE_CHECKING:
    from spacy.language import Language


def read_texts(path: Path) -> list[str]:
    """Article texts: every ``*.txt`` under a directory, or the ``articleBody`` values of a
    ground-truth JSON file (``{"id": {"articleBody": ...}}``), in name order.

    Raises:
        InputError: the path is missing or holds neither.
    """
    if path.is_dir():
        files = sorted(path.rglob("*.txt"))
        if files:
            return [f.read_text("utf-8", errors="replace") for f in files]
    elif path.suffix == ".json" and path.is_file():
        try:
            records = json.loads(path.read_text("utf-8"))
            return [str(records[k]["articleBody"]) for k in sorted(records)]
        except (ValueError, KeyError, TypeError):
            pass
    raise InputError(f"{path}: no article texts (want a directory of .txt files or a ground-truth .json with "
                     "articleBody values). Pass e.g. --extra ../shared/data/polnear/train/text.")


def candidate_targets(texts: Sequence[str], nlp: Language, rng: random.Random,
                      skip: frozenset[str] = frozenset(), per_sentence: int = 1) -> Iterator[Span]:
    """Up to ``per_sentence`` targets of each usable sentence (drawn with ``rng`` among its
    distinct mentions), as (sentence, start, end); sentences in ``skip`` are passed over.
    With more than one, a sentence's targets come one after another (multi-target rows, where
    the student must tell its targets apart).

    The mentions are the pipeline's own (``targets.find_mentions`` over the sentence as if it
    were an attribution's content, with the parse's noun phrases), so a topic keyword is marked
    as the phrase the tone stage would show the model.
    """
    topics = load_topics()
    for doc in nlp.pipe(texts, batch_size=16):
        spans = []
        for sent in doc.sents:
            text = sent.text.strip()
            if MIN_TOKENS <= len(sent) <= MAX_TOKENS and "\n" not in text and text not in skip:
                start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                spans.append((start, start + len(text)))
        if not spans:
            continue
        entities = tuple(Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
        parsed = Parsed(Article(doc_id="", path="", text=doc.text), entities=entities,
                        phrases=noun_phrases(doc, tuple(spans)))
        index = PositionIndex.of(parsed)
        for lo, hi in spans:
            mentions = find_mentions(parsed, Attribution(content=((lo, hi),)), topics, index)
            marks = sorted({(m.mark[0] - lo, m.mark[1] - lo) for m in mentions})
            if not marks:
                continue
            drawn = [rng.choice(marks)] if per_sentence == 1 else rng.sample(marks, min(per_sentence, len(marks)))
            for start, end in drawn:
                yield doc.text[lo:hi], start, end


def extra_targets(paths: Sequence[Path], rows: int, seed: int, nlp_model: str,
                  skip: frozenset[str] = frozenset(), per_sentence: int = 1) -> list[Span]:
    """``rows`` targets from the texts under ``paths``: the articles of all paths shuffled
    with ``seed``, read in that order until enough sentences held a target (up to
    ``per_sentence`` of each sentence's).

    Raises:
        InputError: a path holds no texts, or all of them together give fewer than ``rows``.
    """
    from ..nlp import load_nlp

    texts = [t for p in paths for t in read_texts(Path(p))]
    rng = random.Random(seed)
    rng.shuffle(texts)
    out: list[Span] = []
    for item in candidate_targets(texts, load_nlp(nlp_model), rng, skip, per_sentence):
        out.append(item)
        if len(out) == rows:
            return out
    raise InputError(f"The extra texts ({', '.join(map(str, paths))}) gave {len(out)} targets, fewer than the "
                     f"{rows} asked for. Pass more texts with --extra, fewer --extra-rows or a larger "
                     "--targets-per-sentence.")
