"""Statements from ``saidwhat extract`` records, for timelines and shifts without a database."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Polarity, Statement
from .model import label_of
from .newsmtsc import LABELS

OVERALL = "*"  # the target name of a statement's overall tone (as the store names it)

# Institutions and processes that nearly every political statement touches: a shift "toward
# the Senate" or "toward elections" is mostly a change of subject, so they are targets of
# timelines and shifts only when asked for by name (``--about Senate``).
GENERIC_TARGETS = frozenset({
    "senate", "the senate", "house", "the house", "congress", "parliament", "the parliament", "government",
    "the government", "administration", "the administration", "cabinet", "the cabinet", "elections", "election",
    "the election", "the elections", "parliamentary elections", "the party", "party",
    # Seen crowding the 2016 PolNeAR review: party adjectives and the speakers' own country
    # ("Trump toward United States", "Sanders toward Democratic").
    "democratic", "republican", "democrats", "republicans", "gop", "united states", "the united states", "u.s.",
    "america", "american", "americans",
})


def is_generic(target: str | None) -> bool:
    """Whether a target is a generic institution or process ("Senate", "elections")."""
    return target is not None and target.strip().lower() in GENERIC_TARGETS


def is_self_target(statement: Statement) -> bool:
    """Whether a statement's target is its own speaker ("Trump" in Donald Trump's statement,
    most often his own name inside his quote or a description of him): not a stance."""
    target, speaker = statement.target.strip(), statement.speaker.strip()
    if not target or target == OVERALL:
        return False
    # A name, not a topic word: "Trump" for Donald Trump, but not "migration" for the
    # International Migration Council.
    return target.lower() == speaker.lower() or (target[0].isupper() and target.lower() == speaker.split()[-1].lower())


def worth_tracking(statements: Iterable[Statement], asked: str | None = None) -> list[Statement]:
    """The statements worth a timeline or a shift: less those toward generic targets unless
    that target was ``asked`` for, and less those toward the speaker themself."""
    keep_generic = is_generic(asked)
    return [st for st in statements if (keep_generic or not is_generic(st.target)) and not is_self_target(st)]


def statements_from_records(records: Iterable[Mapping[str, Any]]) -> list[Statement]:
    """One statement per (attribution, target), plus one per attribution for its overall tone.

    Attributions without a speaker, a tone or a publication date are left out: a shift
    needs to know who, how and when.

    Args:
        records: ``extract`` contract records (one per document).

    Returns:
        The statements, oldest first by when they were said (``said_on``, else publication).
    """
    out: list[Statement] = []
    number = 0
    for record in records:
        published = record.get("published")
        if not published or record.get("skipped"):
            continue
        for att in record.get("attributions", []):
            number += 1
            if not att.get("speaker") or att.get("tone") is None:
                continue
            base = dict(
                attribution_id=number, doc_id=str(record.get("doc")), speaker=str(att["speaker"]),
                published=str(published), quote=str(att.get("content_text") or ""),
                outlet=record.get("outlet"), venue=att.get("venue") or record.get("venue"),
                said_on=att.get("said_on"), said_on_basis=att.get("said_on_basis"),
            )
            out.append(Statement(target=OVERALL, tone=float(att["tone"]),
                                 polarity=att.get("polarity") or _label(float(att["tone"]), None), **base))
            for t in att.get("targets", []):
                probs = t.get("probabilities")
                kept = (float(probs[0]), float(probs[1]), float(probs[2])) if probs else None
                out.append(Statement(target=str(t["name"]), tone=float(t["tone"]),
                                     polarity=t.get("polarity") or _label(float(t["tone"]), kept),
                                     probabilities=kept, **base))
    out.sort(key=lambda s: (s.when, s.attribution_id))
    return out


def _label(tone: float, probabilities: tuple[float, float, float] | None) -> Polarity:
    """The class of a record's tone that carries no label (records of other tools): the most
    probable class, else the third of the [-1, 1] scale the score falls in."""
    if probabilities is not None:
        return label_of(probabilities)
    return LABELS[0] if tone < -1 / 3 else LABELS[2] if tone > 1 / 3 else LABELS[1]


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """``extract`` output records from a JSONL file.

    Raises:
        InputError: the file is missing or a line is not JSON.
    """
    p = Path(path)
    try:
        lines = p.read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"Records file {p} does not exist. Pass the output of `saidwhat extract`.") from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p} line {number} is not JSON: {exc}.") from None


def select(statements: Iterable[Statement], speaker: str | None = None, target: str | None = None) -> list[Statement]:
    """Statements of one speaker and/or target (case-insensitive), like ``store.statements``;
    generic targets ("Senate", "elections") only when ``target`` names them."""
    out = []
    for st in statements:
        if speaker and st.speaker.lower() != speaker.lower():
            continue
        if target and st.target.lower() != target.lower():
            continue
        if target is None and (st.target == OVERALL or is_generic(st.target)) or is_self_target(st):
            continue
        out.append(st)
    return out
