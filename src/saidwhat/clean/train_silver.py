"""Silver metadata labels: what a crawled page's HTML head says about it (training only).

Many of the cleaning-extra pages state their metadata in the HTML the dumps were flattened
from: ``og:title`` / ``twitter:title`` / ``<title>``, ``<meta name="author">``,
``og:site_name`` / ``application-name``, ``article:published_time`` / ``dc.date``. Each kind
of evidence is a *source* (``title:og``, ``author:meta``, ...); :func:`agreement` measures
each source against the hand labels, and the trainers keep the sources that agree often
enough (``meta name=author`` names the site as often as the writer). The page's site (the
host of ``og:url`` or ``<link rel=canonical>``) groups pages, so that no silver page of a
held-aside page's site trains anything.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from .names import author_name
from .train_labels import meta_key
from .units import WORD, Unit

# source -> (field, how the head states it)
SOURCES = {
    "title:og": "title",
    "title:twitter": "title",
    "title:tag": "title",
    "author:meta": "author",
    "author:article": "author",
    "outlet:og": "outlet",
    "outlet:application": "outlet",
    "date:meta": "date",
}
_META_KEYS = {
    "og:title": "title:og", "twitter:title": "title:twitter", "author": "author:meta",
    "article:author": "author:article", "og:site_name": "outlet:og", "application-name": "outlet:application",
    "article:published_time": "date:meta", "dc.date": "date:meta", "dc.date.issued": "date:meta",
    "date": "date:meta", "sailthru.date": "date:meta", "pubdate": "date:meta",
}
# the part of a <title> after the last separator is the site: "Story | Apple - CNET News"
_TITLE_SITE = re.compile(r"\s+(?:[|–—-]|::)\s+")
_HOST = re.compile(r"(?i)^https?://(?:www\d?\.)?([^/:?#]+)")
# The sources kept are those whose values agree with the hand labels on at least this share
# of at least MIN_PAIRS labelled pages (measured by :func:`agreement`; for a title, on the
# dump line it was matched to).
AGREE = 0.8
MIN_PAIRS = 5
# a title's variants: the head's title with a site's name cut at a separator ("Web Ink Now:
# Entrenched music business ...", "Changing reality for impoverished teen moms - CNN.com")
_SEPARATOR = re.compile(r"\s*(?:\||«|»|›|::|:\s|\s[-–—]\s)\s*")
TITLE_WORDS = 4  # a matched title has at least this many words (a site's name has fewer)


@dataclass(frozen=True)
class Silver:
    """What one page's HTML head states: ``values[source]`` and the page's site."""

    page_id: str
    site: str
    values: dict[str, str]

    def label(self, sources: set[str]) -> dict[str, str]:
        """A label row (as :func:`~.train_labels.load_labels` gives) from the kept ``sources``
        (the first kept source of a field wins, in :data:`SOURCES` order); ``split`` is ``silver``."""
        row = {"page": self.page_id, "title": "", "date": "", "author": "", "outlet": "",
               "source": self.page_id.split("-")[0], "split": "silver"}
        for source, field in SOURCES.items():
            value = self.values.get(source)
            if value and source in sources and not row[field]:
                row[field] = value
        return row


def read_silver(page_id: str, html: bytes) -> Silver:
    """The metadata a page's HTML head states (empty where it is not parseable HTML)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, etree.LxmlError):  # an empty or undecodable page
        return Silver(page_id, "", {})
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        source = _META_KEYS.get(name)
        if source and content and source not in values:
            values[source] = content
    title = root.find(".//title")
    if title is not None and title.text:
        parts = _TITLE_SITE.split(" ".join(title.text.split()))
        values["title:tag"] = parts[0] if len(parts) > 1 else " ".join(title.text.split())
    for source in ("author:meta", "author:article"):
        # a writer's name, not a profile link or the site ("CBSNews.com", "FilmDrunk")
        name = author_name(values[source]) if source in values and "." not in values[source] else None
        values[source] = name if name and len(name.split()) >= 2 else ""
    for source in ("outlet:og", "outlet:application"):
        if values.get(source, "").startswith("http"):
            values[source] = ""  # an address: "http://ibnlive.in.com/"
    if "date:meta" in values:
        values["date:meta"] = values["date:meta"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", values["date:meta"]) else ""
    urls = [meta.get("content") or "" for meta in root.iter("meta") if (meta.get("property") or "").lower() == "og:url"]
    urls += [link.get("href") or "" for link in root.iter("link") if (link.get("rel") or "").lower() == "canonical"]
    hosts = [m.group(1).lower() for u in urls for m in [_HOST.match(u.strip())] if m]
    return Silver(page_id, hosts[0] if hosts else "", {k: v for k, v in values.items() if v})


def load_silver(data_dir: Path) -> dict[str, Silver]:
    """Every page of ``data_dir/html`` (``<id>.html.gz``) read by :func:`read_silver`."""
    out = {}
    for path in sorted((data_dir / "html").glob("*.html.gz")):
        page_id = path.name[: -len(".html.gz")]
        out[page_id] = read_silver(page_id, gzip.decompress(path.read_bytes()))
    return out


def agreement(silver: dict[str, Silver], labels: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """Per source: (pages where it agrees with the hand label, pages labelled for its field
    where it gives a value), compared as :func:`~.train_labels.meta_key` compares. An empty
    label on a fully labelled page means the page shows no such value, so a silver value
    there disagrees; pages labelled for their outlet only count for the outlet."""
    out = {}
    for source, field in SOURCES.items():
        pairs = [(silver[r["page"]].values[source], r[field]) for r in labels
                 if r["page"] in silver and silver[r["page"]].values.get(source)
                 and (r.get(field) or (field != "outlet" and r.get("split") != "outlet"))]
        out[source] = (sum(meta_key(a, field) == meta_key(b, field) for a, b in pairs), len(pairs))
    return out


def title_keys(title: str) -> set[str]:
    """The word keys a dump line printing ``title`` may have: the whole title, and what is
    left of it before or after each separator, of :data:`TITLE_WORDS` words or more."""
    text = " ".join(title.split())
    pieces = [text] + [x for m in _SEPARATOR.finditer(text) for x in (text[: m.start()], text[m.end():])]
    keys = {" ".join(WORD.findall(x.lower())) for x in pieces}
    return {k for k in keys if len(k.split()) >= TITLE_WORDS}


def match_title(units: list[Unit], order: list[int], start: int, title: str) -> str | None:
    """The candidate line (``order``) nearest the body start that prints ``title`` (one of
    :func:`title_keys`), or None."""
    keys = title_keys(title)
    for i in sorted(order, key=lambda i: abs(i - start)):
        if " ".join(WORD.findall(units[i].text.lower())) in keys:
            return units[i].text.strip()
    return None


def kept_sources(agree: dict[str, tuple[int, int]]) -> list[str]:
    """The sources that agree often enough with the hand labels (:data:`AGREE`, :data:`MIN_PAIRS`)."""
    return [s for s, (right, n) in agree.items() if n >= MIN_PAIRS and right >= AGREE * n]


def page_sites(silver: Silver | None, outlet: str | None) -> frozenset[str]:
    """What identifies a page's site: the host its head gives and its outlet's key."""
    return frozenset(x for x in ((silver.site if silver else ""), meta_key(outlet, "outlet")) if x)


def silver_pages(silver: dict[str, Silver], sources: list[str], labels: list[dict[str, str]],
                 heldout: list[dict[str, str]]) -> list[dict[str, str]]:
    """Silver label rows for every page that has no hand label, giving a kept source, and
    shares no site with a held-aside page (:func:`page_sites`)."""
    hand = {r["page"] for r in labels} | {r["page"] for r in heldout}
    barred = set().union(*(page_sites(silver.get(r["page"]), r.get("outlet")) for r in heldout))
    out = []
    for page_id in sorted(silver):
        row = silver[page_id].label(set(sources))
        if page_id in hand or not any(row[f] for f in ("title", "author", "outlet", "date")):
            continue
        if page_sites(silver[page_id], row["outlet"]) & barred:
            continue
        out.append(row)
    return out
