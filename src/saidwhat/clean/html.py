"""HTML pages: body via trafilatura (favor precision), metadata via trafilatura, JSON-LD and
meta tags (htmldate runs inside trafilatura for the date)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..ingest.limits import json_depth
from .meta import parse_date

# Published timestamps that carry the time, in the order pages tend to be right about them.
_META_DATE = (
    re.compile(r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|og:published_time|"""
               r"""datePublished|pubdate|publishdate|publish-date|dc\.date\.issued|sailthru\.date)["']"""
               r"""[^>]*content=["']([^"']+)["']""", re.I),
    re.compile(r"""<meta[^>]+content=["']([^"']+)["'][^>]*(?:property|name|itemprop)=["']"""
               r"""(?:article:published_time|datePublished|pubdate)["']""", re.I),
    re.compile(r""""datePublished"\s*:\s*"([^"]+)\""""),
    re.compile(r"""<time[^>]+datetime=["']([^"']+)["'][^>]*>""", re.I),
)
_JSONLD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.I | re.S)
_OG_SITE = re.compile(r"""<meta[^>]+property=["']og:site_name["'][^>]*content=["']([^"']+)["']""", re.I)
_OPINION_TYPES = {"opinionnewsarticle": "opinion", "analysisnewsarticle": "analysis",
                  "reviewnewsarticle": "opinion", "backgroundnewsarticle": "analysis"}
# Only tags this long can hold many attributes; the rest are not looked at.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{2000,}>?")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE = re.compile(r"\s+[^\s=/>]+")
_URL_KIND = re.compile(r"/(opinions?|commentisfree|comment|op-?eds?|columns?|editorials?|analysis)/", re.I)


@dataclass(frozen=True, slots=True)
class HtmlResult:
    """What the HTML path found."""

    text: str
    title: str | None
    published: str | None
    author: str | None
    outlet: str | None
    url: str | None
    kind: str | None


def check_markup(html: str, max_attributes: int) -> None:
    """Refuse a page with a tag holding more than ``max_attributes`` attributes.

    The HTML parser checks each attribute against all the others on its tag: 50,000 on one
    tag take it minutes inside one C call, which no watchdog can interrupt.

    Raises:
        InputError: naming the count and the setting (``max_html_attributes``).
    """
    for match in _LONG_TAG.finditer(html):
        count = len(_ATTRIBUTE.findall(_QUOTED.sub("", match.group())))
        if count > max_attributes:
            raise InputError(
                f"an HTML tag has {count:,} attributes, over the limit of {max_attributes:,} (max_html_attributes)"
            )


def _jsonld_types(html: str, max_nesting: int = 200) -> set[str]:
    types: set[str] = set()
    for block in _JSONLD.findall(html)[:8]:
        # A block nested deeper than any real one is ignored, not parsed (RecursionError),
        # so it cannot cost the page its article.
        if json_depth(block) > max_nesting:
            continue
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                t = item.get("@type")
                for v in t if isinstance(t, list) else [t]:
                    if isinstance(v, str):
                        types.add(v.lower())
                stack.extend(v for k, v in item.items() if k == "@graph")
    return types


def _published(html: str, fallback: str | None) -> str | None:
    for pattern in _META_DATE:
        m = pattern.search(html)
        if m:
            out = parse_date(m.group(1))
            if out:
                return out
    return fallback


def _html_kind(
    html: str, url: str | None, title: str | None, categories: list[str], max_nesting: int = 200
) -> str | None:
    for t in _jsonld_types(html, max_nesting):
        if t in _OPINION_TYPES:
            return _OPINION_TYPES[t]
    if url and _URL_KIND.search(url):
        seg = _URL_KIND.search(url).group(1).lower()  # type: ignore[union-attr]
        return "analysis" if seg == "analysis" else "opinion"
    labels = [c.strip().lower() for c in categories]
    if title:
        m = re.match(r"^\s*(opinion|analysis|op-ed|comment)\s*[|:]", title, re.I)
        if m:
            labels.append(m.group(1).lower())
    for label in labels:
        if label in {"opinion", "op-ed", "comment", "commentary", "editorial", "editorials", "opinions"}:
            return "opinion"
        if label in {"analysis", "news analysis"}:
            return "analysis"
    return None


def clean_html(html: str, max_attributes: int = 1000, max_nesting: int = 200) -> HtmlResult:
    """Extract the article body and metadata of one HTML page.

    The body is trafilatura's precision-leaning text without comments (best of the
    settings tried on the AEB dev pages), NFC-normalised, one blank line between paragraphs.

    Args:
        html: the page.
        max_attributes: refuse a page with a tag holding more attributes (:func:`check_markup`).
        max_nesting: ignore JSON-LD blocks nested deeper.

    Raises:
        InputError: the markup is over ``max_attributes``.
    """
    import trafilatura

    check_markup(html, max_attributes)
    found = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, with_metadata=True
    )
    doc: dict[str, Any] = {}
    if isinstance(found, dict):
        doc = found
    elif found is not None:
        doc = found.as_dict()
    if not doc:
        return HtmlResult("", None, None, None, _og_site(html), None, None)
    raw = unicodedata.normalize("NFC", doc.get("text") or "")
    paragraphs = [" ".join(p.split()) for p in raw.split("\n")]
    title = doc.get("title") or None
    paragraphs = [p for p in paragraphs if p]
    # The <h1> often opens the extracted text; the headline is metadata, not body.
    while paragraphs and title and _key(paragraphs[0]) in {_key(title), _key(_strip_site(title))}:
        paragraphs.pop(0)
    text = "\n\n".join(paragraphs)
    url = doc.get("url") or None
    categories = list(doc.get("categories") or [])
    return HtmlResult(
        text=text,
        title=title,
        published=_published(html, doc.get("date") or None),
        author=doc.get("author") or None,
        outlet=_og_site(html) or doc.get("sitename") or None,
        url=url,
        kind=_html_kind(html, url, title, categories, max_nesting),
    )


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _strip_site(title: str) -> str:
    """"Why X | Harbour Gazette" -> "Why X"; "Opinion | X" keeps X."""
    parts = [p for p in re.split(r"\s+[|–—-]\s+", title) if p]
    return max(parts, key=len) if parts else title


def _og_site(html: str) -> str | None:
    m = _OG_SITE.search(html)
    return m.group(1).strip() if m else None
