"""Train and cross-validate the line-role model (:mod:`.roles`) on hand-labelled pages.

``saidwhat train roles DATA_DIR`` reads ``tests/data/clean/meta-labels.tsv`` (page id,
title, date, author, outlet, source, split; annotated by hand from the dumps) and the
pages' two dumps in ``DATA_DIR`` (``../shared/data/cleaning-extra``). A line's role comes
from the labels: the headline is the line printing the labelled title, the byline the
line naming the labelled author, the dateline the line giving the labelled date; every
other line around the start of the body is "other". Only the ``seen`` and ``dev`` pages
train and choose; the ``heldout`` pages are for ``bench/cleaning_meta.py --split heldout``.
Folds keep both dumps of a page together. With ``--silver`` the pages whose HTML head states
their title (:mod:`.train_silver`) train too, in every fold that holds no page of their
site; they are never scored.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import load_settings
from ..errors import InputError
from ..ingest.decode import decode
from ..models import RawPage
from . import find_body
from .describe import line_stats
from .meta import detect_title, has_date, parse_date
from .names import author_name
from .page_meta import author_from_roles, date_from_roles, title_from_roles
from .model import Logistic
from .roles import MODEL_ROLES, ROLE_FEATURES, RoleModel, assign_roles, candidates, ranked_lines, role_features
from .train import FLATTENERS, load_truth, page_files, read_file
from .train_labels import FIELDS, TRAIN_SPLITS, in_splits, load_labels, meta_key
from .train_silver import SOURCES, agreement, kept_sources, load_silver, match_title, page_sites, silver_pages
from .units import WORD, Unit

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
# Dragnet pages whose gold text gives title, author and date (:func:`gold_labels`). Adding
# 300 of them cross-validated no better on the hand-labelled pages (title 0.597, author
# 0.697, date 0.879 against 0.605, 0.724, 0.871 without), so none by default.
GOLD_PAGES = 0
# A silver page's lines (:func:`silver_roles`) weigh this much against a hand-labelled
# page's: 900-odd silver pages at full weight drown the 62 (CV author 0.776 -> 0.724).
SILVER_WEIGHT = 0.1
CLASS_WEIGHT: str | None = None  # "balanced" cross-validated no better
TIE = 0.02  # summed CV accuracy (title + date + author over all dumps) that counts as no better


def gold_labels(data_dir: Path, exclude: set[str], count: int, seed: int = 25) -> list[dict[str, str]]:
    """Title, author and date read from the gold text of ``count`` Dragnet pages drawn by
    ``seed`` (none of ``exclude``): the Dragnet gold keeps the lines above the article's
    first paragraph, where the headline, byline and dateline are. The first title-shaped
    line there is the title, a line with "by" gives the author, a short line with a date
    the date; ``split`` is ``gold``."""
    truth = load_truth(data_dir)
    ids = sorted(k for k in truth if k.startswith("dragnet-") and k not in exclude)
    random.Random(seed).shuffle(ids)
    out = []
    for page_id in ids[:count]:
        label = {"page": page_id, "title": "", "date": "", "author": "", "outlet": "", "source": "dragnet",
                 "split": "gold"}
        for line in (x.strip() for x in truth[page_id].splitlines()):
            n = len(WORD.findall(line))
            if n >= 20 or (n >= 12 and line_stats(line)["terminal"]):
                break  # the first paragraph
            date = parse_date(line) if n <= 14 else None
            name = author_name(line) if re.search(r"(?i)\bby\b", line) else None
            if name and not label["author"]:
                label["author"] = name
            if date and not label["date"]:
                label["date"] = date[:10]
            if not (name or date or label["title"]) and 3 <= n <= 25 and not line.endswith(":"):
                label["title"] = line
        out.append(label)
    return out


@dataclass
class RolePage:
    """One dump of a labelled page, with its candidate lines' features and roles."""

    page_id: str
    flattener: str
    units: list[Unit]
    kept: list[int]
    order: list[int]
    rule_title: str | None
    rows: list[list[float]]
    targets: list[str]
    label: dict[str, str]
    sites: frozenset[str] = frozenset()  # the page's site (:func:`~.train_silver.page_sites`)
    weight: float = 1.0  # each line's weight in training


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def line_roles(units: list[Unit], kept: list[int], order: list[int], label: dict[str, str]) -> list[str]:
    """The role of each candidate line according to the page's labels (nearest to the
    body wins where several lines match)."""
    start = kept[0] if kept else 0
    out = ["other"] * len(order)
    by_distance = sorted(range(len(order)), key=lambda k: abs(order[k] - start))
    title = _key(label.get("title") or "")
    author = _key(label.get("author") or "").split()
    date = label.get("date") or ""

    def claim(role: str, ok: Any) -> None:
        for k in by_distance:
            if out[k] == "other" and ok(units[order[k]].text):
                out[k] = role
                return

    if len(title.split()) >= 2:
        claim("headline", lambda t: _key(t) == title or (_key(t).startswith(title) and len(t) < 2 * len(title) + 60))
    if author:
        def names(t: str) -> bool:
            return len(t) < 150 and all(w in _key(t).split() for w in author)

        # a byline-shaped line first: a caption's credit may name the writer too
        claim("byline", lambda t: names(t) and author_name(t) is not None)
        if "byline" not in out:
            claim("byline", names)
    if date:
        claim("dateline", lambda t: len(t) < 200 and (parse_date(t) or "")[:10] == date)
    return out


def prepare_roles(data_dir: Path, labels: list[dict[str, str]]) -> list[RolePage]:
    """Both dumps of every labelled page, cleaned as ``saidwhat extract`` would up to the
    body, with the candidate lines' features and roles."""
    settings = load_settings(env={})
    pages = []
    for flattener in FLATTENERS:
        files = page_files(data_dir, flattener)
        for label in labels:
            if label["page"] not in files:
                raise InputError(f"{data_dir}: no {flattener} dump for labelled page {label['page']}.")
            text, encoding = decode(read_file(files[label["page"]]), label["page"])
            page = RawPage(label["page"], label["page"], text, "text", (), encoding)
            units, kept, _ = find_body(page, settings)
            order = candidates(units, kept)
            rule_title = detect_title(units, kept[0]) if kept else None
            rows = role_features(units, kept, order, rule_title) if kept else []
            pages.append(RolePage(label["page"], flattener, units, kept, order, rule_title, rows,
                                  line_roles(units, kept, order, label), label))
    return pages


def silver_roles(data_dir: Path, rows: list[dict[str, str]], sites: dict[str, frozenset[str]]) -> list[RolePage]:
    """The dumps of the silver pages ``rows`` whose head's title is printed by a candidate
    line (:func:`~.train_silver.match_title`), with their roles. What the head does not
    state is unknown, not absent: a line shaped like a byline (or a dateline) is left out
    of training unless the page's author (date) is known, so that it is not taught as
    "other"."""
    out = []
    for page in prepare_roles(data_dir, rows):
        start = page.kept[0] if page.kept else 0
        title = match_title(page.units, page.order, start, page.label["title"]) if page.label["title"] else None
        if not title:
            continue
        page.label = {**page.label, "title": title}
        targets = line_roles(page.units, page.kept, page.order, page.label)
        keep = [k for k, (i, t) in enumerate(zip(page.order, targets)) if t != "other" or not (
            (not page.label["author"] and author_name(page.units[i].text) is not None)
            or (not page.label["date"] and len(page.units[i].text) <= 200 and has_date(page.units[i].text)))]
        page.rows = [page.rows[k] for k in keep]
        page.targets = [targets[k] for k in keep]
        page.sites = sites[page.page_id]
        out.append(page)
    return out


def title_agreement(pages: list[RolePage], silver: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per title source: (dumps where the line it is matched to is the labelled title, dumps
    where it is matched to a line), over hand-labelled dumps."""
    out = {}
    for source in (s for s, f in SOURCES.items() if f == "title"):
        pairs = []
        for p in pages:
            value = silver[p.page_id].values.get(source) if p.page_id in silver else None
            found = match_title(p.units, p.order, p.kept[0], value) if value and p.kept else None
            if found:
                pairs.append((found, p.label["title"]))
        out[source] = (sum(meta_key(a, "title") == meta_key(b, "title") for a, b in pairs), len(pairs))
    return out


def fit_roles(pages: list[RolePage], c: float) -> RoleModel:
    """A multinomial logistic regression over the candidate lines of ``pages``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([r for p in pages for r in p.rows], dtype=float)
    y = [t for p in pages for t in p.targets]
    weights = np.asarray([p.weight for p in pages for _ in p.targets], dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight=CLASS_WEIGHT)
    model.fit((x - mean) / scale, y, sample_weight=weights)
    classes = [str(k) for k in model.classes_]
    order = [classes.index(k) for k in MODEL_ROLES]
    return RoleModel(MODEL_ROLES, tuple(mean.tolist()), tuple(scale.tolist()),
                     tuple(tuple(model.coef_[k].tolist()) for k in order),
                     tuple(float(model.intercept_[k]) for k in order))


RANKER_L2 = (0.3, 1.0, 3.0)  # the headline and dateline rankers' L2 penalties tried
DATELINE_BARS = (0.05, 0.1, 0.2)  # the dateline probabilities from which its date is taken, tried


def ranker_groups(pages: list[RolePage], role: str) -> list[tuple[list[list[float]], int, float]]:
    """Per page, the rows of the candidate lines the ``role`` ranker compares
    (:func:`~.roles.ranked_lines`), the index of the labelled one among them and the page's
    weight; pages whose labelled line is no such candidate, or that have only one, are left
    out."""
    out = []
    for p in pages:
        take = ranked_lines(role, p.units, set(p.kept), p.order, p.rows)
        gold = [j for j, k in enumerate(take) if p.targets[k] == role]
        if gold and len(take) > 1:
            out.append(([p.rows[k] for k in take], gold[0], p.weight))
    return out


def fit_ranker(pages: list[RolePage], role: str, l2: float) -> Logistic:
    """A conditional logit over each page's candidates for ``role``
    (:func:`ranker_groups`): the softmax over one page's lines is fitted to the labelled
    one, with an L2 penalty ``l2`` on the standardised weights."""
    import numpy as np
    from scipy.optimize import minimize

    groups = ranker_groups(pages, role)
    if not groups:
        raise InputError(f"No labelled page has its {role} among two or more candidate lines to learn from.")
    x = np.vstack([np.asarray(g[0], dtype=float) for g in groups])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = [((np.asarray(rows, dtype=float) - mean) / scale, gold, weight) for rows, gold, weight in groups]

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = l2 * float(w @ w) / 2, l2 * w
        for rows, gold, weight in z:
            s = rows @ w
            top = s.max()
            e = np.exp(s - top)
            total -= weight * (s[gold] - top - np.log(e.sum()))
            grad = grad - weight * (rows[gold] - (e / e.sum()) @ rows)
        return total, grad

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    return Logistic(ROLE_FEATURES, tuple(mean.tolist()), tuple(scale.tolist()), tuple(w.tolist()), 0.0)


def extract_bars(page: RolePage, model: RoleModel, bars: tuple[float, ...]) -> list[dict[str, str | None]]:
    """Title, author and date as the cleaner reads them with ``model``, once for each
    dateline bar of ``bars`` (the roles assigned once)."""
    if not page.kept:
        return [dict.fromkeys(FIELDS) for _ in bars]
    roles = assign_roles(page.units, page.kept, model, page.rule_title)
    start = page.kept[0]
    title = title_from_roles(page.units, roles, page.rule_title)
    author = author_from_roles(page.units, roles, start)
    dates = [(date_from_roles(page.units, roles, start, bar) or "")[:10] or None for bar in bars]
    return [{"title": title, "author": author, "date": date, "outlet": None} for date in dates]


def score(pages: list[RolePage], got: list[dict[str, str | None]]) -> dict[str, float]:
    """Share of labelled values read right, per field (outlet is not read from roles), and
    ``author_all``: the share of all dumps whose author is right, where a page that shows
    no writer is right only when none is read (a wrong name is worse than none), and
    ``named_where_none``: the share of the dumps showing no writer where one is read."""
    out = {}
    for field in ("title", "author", "date"):
        pairs = [(g[field], p.label[field]) for p, g in zip(pages, got) if p.label.get(field)]
        out[field] = sum(meta_key(a, field) == meta_key(b, field) for a, b in pairs) / max(len(pairs), 1)
    out["author_all"] = sum(meta_key(g["author"], "author") == meta_key(p.label.get("author"), "author")
                            for p, g in zip(pages, got)) / max(len(pages), 1)
    unsigned = [g for p, g in zip(pages, got) if not p.label.get("author")]
    out["named_where_none"] = sum(bool(g["author"]) for g in unsigned) / max(len(unsigned), 1)
    return out


def chosen_sum(cv: dict[str, float]) -> float:
    """What C is chosen by: title, date and the author over all dumps (``author_all``)."""
    return cv["title"] + cv["date"] + cv["author_all"]


def cross_validate_roles(pages: list[RolePage], c: float, folds: int = 5, extra: list[RolePage] | None = None,
                         l2s: tuple[float, ...] = RANKER_L2,
                         bars: tuple[float, ...] = DATELINE_BARS) -> dict[tuple[float, float], dict[str, float]]:
    """Out-of-fold accuracy per field, for each ranker penalty of ``l2s`` (both rankers
    fitted with it) and dateline bar of ``bars``; a page's two dumps share a fold;
    ``extra`` pages train in every fold whose pages share no site with them, and are not
    scored."""
    ids = sorted({p.page_id for p in pages})
    fold = {pid: k % folds for k, pid in enumerate(ids)}
    got: dict[tuple[float, float], list[dict[str, str | None]]] = {
        (l2, bar): [{} for _ in pages] for l2 in l2s for bar in bars}
    for f in range(folds):
        held = frozenset().union(*(p.sites for p in pages if fold[p.page_id] == f))
        train = [p for p in pages if fold[p.page_id] != f] + [p for p in extra or [] if not p.sites & held]
        model = fit_roles(train, c)
        for l2 in l2s:
            ranked = replace(model, headline=fit_ranker(train, "headline", l2),
                             dateline=fit_ranker(train, "dateline", l2))
            for k, p in enumerate(pages):
                if fold[p.page_id] == f:
                    for bar, fields in zip(bars, extract_bars(p, ranked, bars)):
                        got[l2, bar][k] = fields
    return {key: score(pages, g) for key, g in got.items()}


def choose(cv: dict[tuple[float, float, float], dict[str, float]]) -> tuple[float, float, float, float]:
    """C, the headline ranker's penalty, the dateline ranker's penalty and the dateline bar.

    The headline's penalty: the one that reads the most titles right; the dateline's
    penalty and bar: the pair that reads the most dates right (ties: the larger). C: the
    most regularised within :data:`TIE` of the best summed accuracy (title + date + author
    over all dumps), each C at its chosen settings; 62 pages told C = 1 and 3 apart by one
    or two dumps, and the weaker fit read the fixtures' layouts more sensibly."""
    def settings(c: float) -> tuple[float, float, float, dict[str, float]]:
        keys = [(l2, bar) for k, l2, bar in cv if k == c]
        head = max(keys, key=lambda x: (round(cv[c, *x]["title"], 6), x))[0]
        l2, bar = max(keys, key=lambda x: (round(cv[c, *x]["date"], 6), x))
        return head, l2, bar, {**cv[c, l2, bar], "title": cv[c, head, bar]["title"]}

    per_c = {c: settings(c) for c in {k for k, _, _ in cv}}
    top = max(chosen_sum(v[3]) for v in per_c.values())
    best = min(c for c, v in per_c.items() if chosen_sum(v[3]) >= top - TIE)
    return (best, *per_c[best][:3])


def train_roles(data_dir: str | Path, labels_path: str | Path, out: str | Path,
                c: float | None = None, gold: int = GOLD_PAGES, silver: bool = False) -> dict[str, Any]:
    """Choose C by grouped CV (mean accuracy over title, author, date on the hand-labelled
    pages; the ``gold`` pages read from Dragnet gold text and, with ``silver``, the pages
    whose HTML head states their metadata (:mod:`.train_silver`, the sources that agree
    with the hand labels) train in every fold they share no site with) unless given, fit
    on every training page and write the model with its training record."""
    data = Path(data_dir)
    every = load_labels(Path(labels_path))
    labels = in_splits(every, TRAIN_SPLITS)
    heads = load_silver(data) if silver else {}
    pages = prepare_roles(data, labels)
    for p in pages:
        p.sites = page_sites(heads.get(p.page_id), p.label.get("outlet"))
    extra = prepare_roles(data, gold_labels(data, {r["page"] for r in every}, gold)) if gold else []
    record_silver: dict[str, Any] = {}
    if silver:
        agree = {**agreement(heads, in_splits(every, (*TRAIN_SPLITS, "outlet"))),
                 **title_agreement(pages, heads)}
        sources = [s for s in kept_sources(agree) if SOURCES[s] in ("title", "author", "date")]
        rows = silver_pages(heads, sources, every, in_splits(every, ("heldout",)))
        sites = {r["page"]: page_sites(heads[r["page"]], r["outlet"]) for r in rows}
        more = silver_roles(data, [r for r in rows if r["title"]], sites)
        for p in more:
            p.weight = SILVER_WEIGHT
        extra += more
        record_silver = {"agreement": {k: list(v) for k, v in agree.items()}, "sources": sources,
                         "pages": len({p.page_id for p in more}), "weight": SILVER_WEIGHT}
    grid = (c,) if c is not None else C_GRID
    cv = {(k, *key): m for k in grid for key, m in cross_validate_roles(pages, k, extra=extra).items()}
    best, head_l2, date_l2, bar = choose(cv)
    model = replace(fit_roles(pages + extra, best), headline=fit_ranker(pages + extra, "headline", head_l2),
                    dateline=fit_ranker(pages + extra, "dateline", date_l2), dateline_min=bar)
    record = {"data": data.name, "labels": Path(labels_path).name, "splits": list(TRAIN_SPLITS),
              "pages": len(labels), "gold_pages": gold, **({"silver": record_silver} if silver else {}),
              "lines": sum(len(p.rows) for p in pages + extra), "c": float(best), "headline_l2": head_l2,
              "dateline_l2": date_l2, "dateline_min": bar,
              "cv": {f"{k} l2={x} bar={b}": {f: round(v, 4) for f, v in m.items()} for (k, x, b), m in cv.items()}}
    Path(out).write_text(json.dumps({"training": record, **model.to_json()}, indent=1) + "\n", "utf-8")
    return {**record, "out": str(out), "features": len(ROLE_FEATURES)}
