"""Assign roles to a page's lines: headline, standfirst, byline, dateline, caption, body,
subhead, furniture.

Body comes from the line model's selection (:func:`~.textdump.select_body`). Around the
body (above it, at its start, between its paragraphs and under it) a small multinomial
regression (``data/clean/roles.v8.json``, trained by :mod:`.train_roles` on hand-labelled
pages) tells the headline, the byline and the dateline from the rest; captions, subheads
and a standfirst are read by their shape. One of the candidate lines is the page's
headline: a conditional logit over the page's candidates (trained to pick the one
headline among them) adds its score to the regression's log-probability of "headline";
likewise a second one ranks the candidates that give a date for the dateline.
Title, author and date are then read from the lines holding those roles
(:mod:`.page_meta`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ModelError
from ..lexicons import given_names
from .describe import BOILER, CREDIT, MONTHS, STOPWORDS, line_stats
from .meta import byline_name, has_date
from .model import Logistic, read_model
from .names import author_name
from .units import WORD, Unit

ROLES = ("headline", "standfirst", "byline", "dateline", "caption", "body", "subhead", "furniture")
# What the regression tells apart (the other roles are read by shape).
MODEL_ROLES = ("headline", "byline", "dateline", "other")
ROLES_RESOURCE = "data/clean/roles.v8.json"

# Candidate lines: this many above the first body line, and the first few body lines
# (a Dragnet-style body may open with its own headline and byline). 25 rather than 15: a
# standfirst, share bar and picture credits can push the headline further up (CV title
# 0.68 -> 0.70; 40 gives no more).
ABOVE = 25
INTO = 4
# Blogs and many news pages sign a post below it or between its paragraphs and the share
# bar ("Posted by John Turri on Sunday, October 28, 2012 at 06:18 PM", "By Raphaelle",
# "– Marcas Grant"): the lines just under the last body line, and the short lines the line
# model left out between body lines, are candidates too.
BELOW = 8
GAP_CHARS = 150  # a line left out inside the body is a candidate up to this length
GAP_LINES = 30  # and only so many of them, the first from the top

ROLE_FEATURES = (
    "d_far", "d_m8", "d_m4", "d_m3", "d_m2", "d_m1", "d_0", "d_1", "d_2", "d_3p", "d_scaled", "kept",
    "w1", "w2_3", "w4_7", "w8_14", "w15_30", "w31p",
    "cap_ratio", "upper_ratio", "digit_ratio", "period", "terminal", "colon_end", "stop_ratio", "pipe",
    "date", "months", "byline", "by_start", "name_shape", "name_on_date", "dup", "body_overlap",
    "prev_date", "next_date", "next_byline", "prev_short", "boiler", "credit", "urlish", "title_rank",
    "rule_title", "near_date_below", "near_byline_below", "near_title_above",
    "body_share", "best_share", "share_gap", "gap", "below", "end_near", "named", "by_named", "given_name",
)

_DATED = ROLE_FEATURES.index("date")  # a line of 200 characters or fewer with a date pattern
# The dateline bar of a role model file that does not give its own (roles.v7 and before).
DATELINE_MIN = 0.2
_NAME = r"[A-Z][\w'’.-]+"
_NAME_SHAPE = re.compile(rf"^{_NAME}(?:\s+{_NAME}){{1,3}}$")
_NAME_ON_DATE = re.compile(rf"^{_NAME}(?:\s+{_NAME}){{0,3}}\s+(?:on|at|-|\|)\s")
# a byline's opening words, or a dash that signs a post: "– Marcas Grant", "--Scott Ferguson"
_BY_START = re.compile(r"(?i)^(?:by|posted by|written by|author\s*:|post written by|contributed by)\b|^(?:--?|[–—])\s*[A-Z]")
_COMMENTS = re.compile(r"(?i)^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|leave a (?:reply|comment)|"
                       r"discussion)\b")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b")


def candidates(units: list[Unit], kept: list[int]) -> list[int]:
    """The lines the role regression looks at: :data:`ABOVE` lines above the first body
    line, the first :data:`INTO` body lines, the short lines left out between body lines,
    and the lines under the body down to the first that names somebody (at most
    :data:`BELOW`)."""
    if not kept:
        return []
    start, end = kept[0], kept[-1]
    kept_set = set(kept)
    gaps = [i for i in range(start + 1, end) if i not in kept_set and len(units[i].text) <= GAP_CHARS]
    # under the body, down to the first signature or a "Comments" heading: a post is signed
    # before its readers sign their comments
    below = []
    for i in range(end + 1, min(len(units), end + 1 + BELOW)):
        text = units[i].text.strip()
        if _COMMENTS.match(text):
            break
        below.append(i)
        if author_name(text) is not None:
            break
    return sorted(set(range(max(0, start - ABOVE), start)) | set(kept[:INTO]) | set(gaps[:GAP_LINES]) | set(below))


def role_features(units: list[Unit], kept: list[int], order: list[int],
                  rule_title: str | None = None) -> list[list[float]]:
    """Feature rows (in :data:`ROLE_FEATURES` order) for the units ``order``.

    ``rule_title`` is the whole-page reader's headline (:func:`~.meta.detect_title`
    anchored on the body), one piece of evidence among the others.
    """
    start = kept[0]
    kept_set = set(kept)
    keys = [u.text.strip().lower() for u in units]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    body_words = set()
    for i in kept[:4]:
        body_words.update(w.lower() for w in WORD.findall(units[i].text))
    # A headline's content words come back in its article: "Police recover body of missing
    # Toronto fisherman" over a body about the fisherman, unlike "Around the Net" or a
    # neighbouring story's headline.
    whole_body = {w.lower() for i in kept for w in WORD.findall(units[i].text)}
    shares = {i: _content_share(units[i].text, whole_body) for i in order}
    top_share = max((v for i, v in shares.items() if i not in kept_set and 4 <= len(WORD.findall(units[i].text)) <= 25),
                    default=0.0)
    end = kept[-1]
    # each candidate line and the neighbours its features read (one above, two below)
    near = {j for i in order for j in (i - 1, i, i + 1, i + 2) if 0 <= j < len(units)}
    dates = {i: len(units[i].text) <= 200 and has_date(units[i].text) for i in sorted(near)}
    rows: list[list[float]] = []
    rank = 0  # title-shaped lines counted up from the body
    title_rank: dict[int, int] = {}
    for i in range(start - 1, max(-1, start - ABOVE - 1), -1):
        n = len(WORD.findall(units[i].text))
        if 4 <= n <= 25 and not dates.get(i):
            rank += 1
            title_rank[i] = rank
    rule_key = rule_title.strip().lower() if rule_title else None
    bylines = {i: byline_name(units[i].text) is not None for i in dates}
    names = {i: author_name(units[i].text.strip()) for i in order}
    for i in order:
        text = units[i].text.strip()
        b = line_stats(text)
        n = b["n"]
        d = i - start
        words = [w.lower() for w in WORD.findall(text)]
        overlap = sum(1 for w in words if w in body_words and len(w) > 3) / max(len(words), 1)
        prev_text = units[i - 1].text.strip() if i > 0 else ""
        name = names[i]  # the writer's name as the cleaner would read it
        named = name is not None
        rows.append([
            float(d <= -9), float(-8 <= d <= -5), float(d == -4), float(d == -3), float(d == -2), float(d == -1),
            float(d == 0), float(d == 1), float(d == 2), float(d >= 3), max(-1.5, min(1.0, d / 10)),
            float(i in kept_set),
            float(n == 1), float(2 <= n <= 3), float(4 <= n <= 7), float(8 <= n <= 14), float(15 <= n <= 30),
            float(n > 30),
            b["cap_ratio"], b["upper_ratio"], b["digit_ratio"], b["period"], b["terminal"], b["colon_end"],
            b["stop_ratio"], float("|" in text),
            float(bool(dates.get(i))), float(bool(MONTHS.search(text))),
            float(bylines[i] if i in bylines and text == units[i].text else byline_name(text) is not None),
            float(bool(_BY_START.match(text))),
            float(bool(_NAME_SHAPE.match(text))), float(bool(_NAME_ON_DATE.match(text)) and has_date(text)),
            math.log1p(counts[keys[i]] - 1), overlap,
            float(bool(dates.get(i - 1))), float(bool(dates.get(i + 1))),
            float(bool(bylines.get(i + 1))), float(len(WORD.findall(prev_text)) <= 3),
            float(bool(BOILER.search(text))), float(bool(CREDIT.search(text))), float(bool(_URLISH.search(text))),
            1.0 / title_rank[i] if i in title_rank else 0.0,
            float(keys[i] == rule_key), float(bool(dates.get(i + 1) or dates.get(i + 2))),
            float(bool(bylines.get(i + 1) or bylines.get(i + 2))),
            float(any(keys[j] == rule_key for j in (i - 1, i - 2) if j >= 0)),
            shares[i], float(shares[i] > 0 and shares[i] >= top_share and 4 <= n <= 25), shares[i] - top_share,
            float(start < i < end and i not in kept_set), float(i > end), float(abs(i - end) <= 3),
            float(named), float(named and bool(_BY_START.match(text))),
            # "Marty Padgett" is a person's name, "Related Stories" is not
            float(named and name.split()[0].lower() in given_names()),
        ])
    return rows


def _content_share(text: str, words: set[str]) -> float:
    """Share of a line's content words (four letters or more, no function word) in ``words``."""
    own = [w for w in (x.lower() for x in WORD.findall(text)) if len(w) >= 4 and w not in STOPWORDS]
    return sum(w in words for w in own) / len(own) if own else 0.0


@dataclass(frozen=True, slots=True)
class RoleModel:
    """A standardised multinomial logistic regression over :data:`ROLE_FEATURES`."""

    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    # page-wise rankers over the same features: which candidate is the headline, and which
    # of the candidates giving a date is the dateline (None: the regression alone)
    headline: Logistic | None = None
    dateline: Logistic | None = None
    # the dateline (or byline) probability from which the best dateline's date is the page's
    dateline_min: float = DATELINE_MIN
    # the standardisation folded into the weights once, per class
    _weights: tuple[tuple[float, ...], ...] = field(init=False, repr=False, compare=False)
    _bias: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_weights", tuple(tuple(w / s for w, s in zip(ws, self.scale)) for ws in self.coef))
        object.__setattr__(self, "_bias", tuple(b - sum(w * m / s for w, m, s in zip(ws, self.mean, self.scale))
                                                for b, ws in zip(self.intercept, self.coef)))

    def probabilities(self, row: list[float]) -> dict[str, float]:
        """Class probabilities for one feature row."""
        z = [b + sum(w * v for w, v in zip(ws, row)) for b, ws in zip(self._bias, self._weights)]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {c: v / total for c, v in zip(self.classes, e)}

    def rank_score(self, role: str, row: list[float], p: float) -> float:
        """How likely a candidate line is the page's headline (``role`` "headline") or
        dateline, compared among one page's candidates only: the role's ranker score plus
        the regression's log-probability ``p`` of the role."""
        ranker = {"headline": self.headline, "dateline": self.dateline}[role]
        return (ranker.logit(row) if ranker is not None else 0.0) + math.log(max(p, 1e-12))

    def to_json(self) -> dict[str, object]:
        """Plain JSON form."""
        out: dict[str, object] = {
            "features": list(ROLE_FEATURES), "classes": list(self.classes), "mean": list(self.mean),
            "scale": list(self.scale), "coef": [list(c) for c in self.coef], "intercept": list(self.intercept)}
        for role, ranker in (("headline", self.headline), ("dateline", self.dateline)):
            if ranker is not None:
                out[role] = ranker.to_json()
        out["dateline_min"] = self.dateline_min
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> RoleModel:
        """Inverse of :meth:`to_json`, checking the feature names still match."""
        if tuple(data["features"]) != ROLE_FEATURES:  # type: ignore[arg-type]
            raise ModelError("The line-role model's features do not match this saidwhat version; "
                             "retrain it with `saidwhat train roles`.")
        rankers = {role: Logistic.from_json(data[role]) for role in ("headline", "dateline")  # type: ignore[arg-type]
                   if role in data}
        if any(r.names != ROLE_FEATURES for r in rankers.values()):
            raise ModelError("The line-role model's rankers read other features; "
                             "retrain it with `saidwhat train roles`.")
        return cls(tuple(data["classes"]), tuple(data["mean"]), tuple(data["scale"]),  # type: ignore[arg-type]
                   tuple(tuple(c) for c in data["coef"]), tuple(data["intercept"]),  # type: ignore[arg-type,union-attr]
                   rankers.get("headline"), rankers.get("dateline"),
                   float(data.get("dateline_min", DATELINE_MIN)))  # type: ignore[arg-type]


def load_role_model(path: str | Path | None = None) -> RoleModel:
    """The line-role model (the packaged one unless ``path`` is given).

    Raises:
        ModelError: the file is missing, unreadable, or for other features.
    """
    if path is None:
        return _packaged()
    return read_model(path, ROLES_RESOURCE, "line-role model", RoleModel.from_json)


@lru_cache(maxsize=1)
def _packaged() -> RoleModel:
    return read_model(None, ROLES_RESOURCE, "line-role model", RoleModel.from_json)


@dataclass(frozen=True, slots=True)
class Roles:
    """Each unit's role, the regression's probabilities for the candidate lines, the
    candidate the page's headline most likely is (None: no candidate may be), and the
    candidates that give a date, the likeliest dateline first (:attr:`datelines`), whose
    date is the page's from dateline (or byline) probability ``dateline_min`` on."""

    roles: tuple[str, ...]
    scores: dict[int, dict[str, float]]
    headline: int | None = None
    datelines: tuple[int, ...] = ()
    dateline_min: float = DATELINE_MIN

    def dated(self, i: int) -> float:
        """How likely line ``i`` is a dateline, or a byline (which may carry the date)."""
        return dated(self.scores[i])

    def best(self, role: str) -> list[int]:
        """Candidate units by the probability of ``role``, most likely first."""
        return sorted(self.scores, key=lambda i: -self.scores[i][role])


_CAPTION = re.compile(r"(?i)^(?:(?:media|image|video|photo) caption\b|(?:photo|pictured|above|image)\s*:)|"
                      r"\((?:photo|credit|image)[^)]*\)\s*$|\b(?:getty images|reuters/|ap photo|afp)\b")


def assign_roles(units: list[Unit], kept: list[int], model: RoleModel | None = None,
                 rule_title: str | None = None) -> Roles:
    """Every unit's role given the body lines ``kept``.

    The headline is the candidate with the highest :meth:`RoleModel.rank_score` that
    may be one (:func:`headline_candidate`); the candidates giving a date are ranked for
    the dateline the same way. Another candidate line goes to the regression's most
    likely role (byline, dateline); a body line stays body unless the regression is sure
    it is a byline or dateline. Shape decides the rest: a caption carries a picture
    credit or label, a subhead is a short unpunctuated line inside the body, a
    standfirst is a sentence between the headline and the body.
    """
    kept_set = set(kept)
    roles = ["body" if i in kept_set else "furniture" for i in range(len(units))]
    if not kept:
        return Roles(tuple(roles), {})
    model = model or load_role_model()
    order = candidates(units, kept)
    rows = role_features(units, kept, order, rule_title)
    scores = {i: model.probabilities(row) for i, row in zip(order, rows)}
    ranked = {order[k]: model.rank_score("headline", rows[k], scores[order[k]]["headline"])
              for k in ranked_lines("headline", units, kept_set, order, rows)}
    best = max(ranked, key=ranked.__getitem__, default=None)
    dates = {order[k]: model.rank_score("dateline", rows[k], dated(scores[order[k]]))
             for k in ranked_lines("dateline", units, kept_set, order, rows)}
    for i, p in scores.items():
        role = max(MODEL_ROLES, key=p.__getitem__)
        # one line is the headline (below); a body line gives up its role only where the
        # regression is sure
        if role in ("other", "headline") or (i in kept_set and p[role] < 0.5):
            continue
        roles[i] = role
    if best is not None:
        roles[best] = "headline"
    for i, u in enumerate(units):
        text = u.text
        if roles[i] == "furniture":
            if len(text) <= 300 and _CAPTION.search(text):
                roles[i] = "caption"
            elif best is not None and best < i < kept[0]:
                stats = line_stats(text.strip())
                if stats["n"] >= 8 and stats["terminal"]:
                    roles[i] = "standfirst"
        elif (roles[i] == "body" and len(text) <= 120 and 0 < i < len(units) - 1
              and roles[i + 1] == "body" and roles[i - 1] == "body"):
            stats = line_stats(text.strip())
            if 0 < stats["n"] <= 10 and not stats["terminal"]:
                roles[i] = "subhead"
    return Roles(tuple(roles), scores, best, tuple(sorted(dates, key=lambda i: -dates[i])), model.dateline_min)


def dated(p: dict[str, float]) -> float:
    """How likely a line with the role probabilities ``p`` is a dateline, or a byline
    (which may carry the date)."""
    return max(p["dateline"], p["byline"])


def ranked_lines(role: str, units: list[Unit], kept: set[int], order: list[int],
                 rows: list[list[float]]) -> list[int]:
    """The positions in ``order`` (the candidate lines, with their feature ``rows``) that
    the ``role`` ranker compares, in assigning roles and in training
    (:func:`~.train_roles.fit_ranker`): for the headline, every candidate but a sentence of
    the body (a kept line that ends like one, or runs over 25 words); for the dateline, the
    candidates with a date pattern."""
    if role == "dateline":
        return [k for k, row in enumerate(rows) if row[_DATED]]
    out = []
    for k, i in enumerate(order):
        stats = line_stats(units[i].text.strip()) if i in kept else None
        if stats is None or not (stats["terminal"] or stats["n"] > 25):
            out.append(k)
    return out
