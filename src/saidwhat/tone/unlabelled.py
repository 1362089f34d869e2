"""News sentences with marked targets from corpora other than NewsMTSC, for distillation (issue 20).

A student learns the teacher's function best from many inputs the teacher has labelled, and
NewsMTSC train has only 8.7k targets. These rows come from other news texts (PolNeAR's article
texts, a cleaning ground truth's article bodies) with targets found as the pipeline finds them:
entity mentions of people, organisations, places and groups, and topic keywords marked as the
noun phrase they sit in. They carry no gold label; the teacher's probabilities are their label.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .model import Span
from .targets import ENTITY_TYPES, load_topics

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
                      skip: frozenset[str] = frozenset()) -> Iterator[Span]:
    """One target per usable sentence (drawn with ``rng`` among its entity mentions and topic
    phrases), as (sentence, start, end); sentences in ``skip`` are passed over."""
    topics = load_topics()
    for doc in nlp.pipe(texts, batch_size=16):
        for sent in doc.sents:
            text = sent.text.strip()
            if not MIN_TOKENS <= len(sent) <= MAX_TOKENS or "\n" in text or text in skip:
                continue
            base = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            marks = {(e.start_char - base, e.end_char - base) for e in sent.ents if e.label_ in ENTITY_TYPES}
            chunks = [(c.start_char - base, c.end_char - base) for c in sent.noun_chunks]
            for pattern in topics.values():
                for m in pattern.finditer(text):
                    around = [c for c in chunks if c[0] < m.end() and m.start() < c[1]]
                    marks.add((min([m.start()] + [c[0] for c in around]), max([m.end()] + [c[1] for c in around])))
            marks = {(s, e) for s, e in marks if 0 <= s < e <= len(text)}
            if marks:
                start, end = rng.choice(sorted(marks))
                yield text, start, end


def extra_targets(paths: Sequence[Path], rows: int, seed: int, nlp_model: str,
                  skip: frozenset[str] = frozenset()) -> list[Span]:
    """``rows`` targets from the texts under ``paths``: the articles of all paths shuffled
    with ``seed``, read in that order until enough sentences held a target.

    Raises:
        InputError: a path holds no texts, or all of them together give fewer than ``rows``.
    """
    from ..nlp import load_nlp

    texts = [t for p in paths for t in read_texts(Path(p))]
    rng = random.Random(seed)
    rng.shuffle(texts)
    out: list[Span] = []
    for item in candidate_targets(texts, load_nlp(nlp_model), rng, skip):
        out.append(item)
        if len(out) == rows:
            return out
    raise InputError(f"The extra texts ({', '.join(map(str, paths))}) gave {len(out)} targets, fewer than the "
                     f"{rows} asked for. Pass more texts with --extra or fewer --extra-rows.")
