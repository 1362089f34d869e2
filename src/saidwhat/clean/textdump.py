"""Choose the body units of a text dump and lay them out as paragraphs with segments."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..models import Segment
from .describe import BOILER, BULLET, URLISH, line_stats
from .meta import OPINION_DISCLAIMER
from .units import COLUMN_GAP, WORD, Unit

_SUBHEAD_END = re.compile(r"[.!][\"'”’»)]*$")
# Promos and teasers inside the body: "READ MORE: New Syrian constitution by August: ...",
# "Also on rt.com Journalists & politicians ...", "RELATED: ...", "WATCH: ...".
_PROMO = re.compile(
    r"^(read more|read also|also read|also on|related|see also|more on this|watch|listen|"
    r"recommended|sponsored|advertisement|click here|sign up|subscribe)\b\s*[:|\-–—]?",
    re.IGNORECASE,
)
_PROMO_STRICT = re.compile(r"^(also on|read more|read also|also read|related|see also|watch|listen|"
                           r"don[’']?t miss|must read|more on this|recommended|trending|top stories|"
                           r"editor[’']?s picks?)\b", re.IGNORECASE)
# A caption's credit at the end of the line: "FURIOUS: Tomas Reiner at yesterday's press
# conference (Image: Sorvik government press office)", "The new pier at dusk on Friday.
# Credit: Harbour Ferries", "... in the dry dock on Tuesday. (AP Photo/Jane Doe)", "... at the
# quay. (Reuters)". Body prose does not credit a picture; a wire dateline credits the agency
# at the start ("FENWICK (AP) — ..."), not at the end.
# 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9365 -> 0.9375 / 0.9309 -> 0.9319.
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:image|photo|picture|pictured|photograph|credit)s?\s*:[^)]*\)"
    r"|\bcredit\s*(?::|\.\.\.|…)\s*[^.!?]{1,60}"
    r"|\((?:ap|reuters|afp|getty)(?: images)?(?: photo)?(?:/[^()]*)?\))\s*$",
    re.IGNORECASE)

# What closes an article without being part of it: a colleague's credit ("Ana Lind contributed
# reporting from Ostby."), the reporter's address alone on a line ("owen.tarrant@example.com"),
# a prompt to share or comment ("Like this story? Share it with a friend!", "Tell us what you
# think..."), or an empty tag list ("Tags:").
# 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9375 -> 0.9379 / 0.9319 -> 0.9323.
_SIGN_OFF = re.compile(
    r"\bcontributed (?:reporting|to this (?:report|story|article))\b"
    r"|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"
    r"|^(?:did you )?(?:like|liked|enjoy|enjoyed|love|loved) (?:this|the) (?:story|article|post)\?"
    r"|^tell us what you think\b"
    r"|^\W?\s*(?:tags|topics|filed under|categories)\s*:$",
    re.IGNORECASE,
)
_SIGN_OFF_WORDS = 25
# A call to action: "Stay up to date with the Gazette. Subscribe to our newsletter.", "Get the
# Gazette delivered every Saturday. Click here for more information." Written as sentences,
# about the outlet, not about the story. ("Residents who subscribe to the scheme pay less" is
# the story's.) 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9393 ->
# 0.9402 / 0.9339 -> 0.9346.
_CALL_TO_ACTION = re.compile(r"\b(?:click here|(?:subscribe|sign up)(?: now|\b.{0,30}\bnewsletter)|our newsletter|"
                             r"download (?:the|our) app|follow us on)\b", re.IGNORECASE)
_CALL_TO_ACTION_WORDS = 40
# A caption that says it is one: "Media caption The ferry's first crossing", "Image caption
# Passengers on the quay", "Video: The mayor explains the plan", "Pictured: the new car deck".
# 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9379 -> 0.9382 / 0.9323 -> 0.9327.
_CAPTION_LABEL = re.compile(r"^(?:(?:media|image|video) caption\b|(?:video|photo|pictured|above)\s*:)",
                            re.IGNORECASE)

# Entry furniture between the posts of a live blog or the paragraphs of an article:
# "23:41", "Share", "Advertisement". It says nothing about whether the text around it is
# body, so smoothing looks through it, and it is never kept itself.
_TRANSPARENT = re.compile(
    r"^(\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?(\s*(gmt|bst|cet|utc|et|pt|msk))?|\d+\s*(min|mins|h|hr)s?\s*ago|"
    r"share|share this|tweet|e-?mail|print|advertisement|advert|ad|sponsored|comments?)$",
    re.IGNORECASE,
)


def is_transparent(unit: Unit) -> bool:
    """Timestamps and share/ad labels standing alone on a line."""
    return bool(_TRANSPARENT.match(unit.text.strip()))


def is_furniture(unit: Unit) -> bool:
    """Lines that are never body, whatever the classifier says: promos and disclaimers.

    "READ MORE: ..." and "Also on rt.com ..." teasers sit between body paragraphs and
    look like prose, and so do captions that credit their picture ("... (Image: ...)") and
    the lines that sign an article off ("Ana Lind contributed reporting from Ostby."); "The
    statements, views and opinions expressed in this column are solely those of the author
    ..." is a full sentence but not the article.
    """
    text = unit.text.strip()
    if _PROMO_STRICT.match(text) and (":" in text[:15] or text.lower().startswith("also on")):
        return True
    if _PROMO.match(text) and len(WORD.findall(text)) <= 4:
        return True
    if _CAPTION_CREDIT.search(text) and len(WORD.findall(text)) <= 40:
        return True
    if _SIGN_OFF.search(text) and len(WORD.findall(text)) <= _SIGN_OFF_WORDS:
        return True
    if _CALL_TO_ACTION.search(text) and len(WORD.findall(text)) <= _CALL_TO_ACTION_WORDS:
        return True
    if _CAPTION_LABEL.match(text) and len(WORD.findall(text)) <= 60:
        return True
    return bool(OPINION_DISCLAIMER.search(text)) and len(WORD.findall(text)) <= 60


RECURRING_PROSE_WORDS = 20
_QUOTE = re.compile(r"[“\"«„][^”\"»]{12,}[”\"»]")


def is_recurring_furniture(unit: Unit, others: int) -> bool:
    """A line of under twenty words that other pages of the same site print too.

    "Harbour Gazette readers can get the Morning Briefing in their inbox every weekday."
    reads like a sentence of the article, but a site's pages share only furniture: its
    menus, promos, share bars and footers. Longer shared prose (a standing disclaimer, a
    boilerplate paragraph about the company) is left to the line model, and so is a line
    with a quotation in it: follow-up stories repeat a short quote paragraph word for word
    ("“We will not give up,” Varga said."), and the rule would drop it from every one.
    """
    return others > 0 and len(WORD.findall(unit.text)) < RECURRING_PROSE_WORDS and not _QUOTE.search(unit.text)


def is_subhead(unit: Unit, next_unit: Unit | None) -> bool:
    """A short heading inside the body, e.g. "Ceasefire on Syria?" or "Sanctions no more?".

    Subheads are kept out of the body so they are not parsed as sentences: at most ten
    words, no full stop at the end (nor a colon after four words or more: that is a sentence
    leading into the paragraph), and followed by a real paragraph.
    """
    text = unit.text.strip()
    words = WORD.findall(text)
    if not words or len(words) > 10 or _SUBHEAD_END.search(text):
        return False
    if any(q in text for q in "“”\"«»"):
        return False  # a short quote ("Please.") or a quoted fragment is body
    if text.endswith(":") and len(words) >= 4:
        # a sentence that leads into what follows ("Here is the catch for borrowers:") is
        # body; "Sources:" or "Up next:" is not. 5-fold CV by site, seeds 0-4, lxml_blocks /
        # inscriptis (means): 0.9382 -> 0.9385 / 0.9327 -> 0.9330.
        return False
    if text[:1].islower() or re.match(r"^(\d+[.)]|[QA]:|[-–—•*\[])", text):
        return False  # list items, interview turns and tweet credits are content
    return next_unit is not None and len(WORD.findall(next_unit.text)) >= 15


def smooth(probs: list[float], penalty: float) -> list[bool]:
    """Most likely body/non-body labelling given per-unit probabilities (Viterbi).

    Each switch between body and furniture costs ``penalty`` (in log-probability), so a
    lone short line inside the article ("Please.") stays, and a lone sentence-like teaser
    among menus goes. With ``penalty == 0`` this is plain thresholding at 0.5.
    """
    eps = 1e-6
    score_out, score_in = 0.0, -penalty  # pages start with furniture more often than not
    back: list[tuple[int, int]] = []
    for p in probs:
        p = min(max(p, eps), 1 - eps)
        from_out = (score_out, 0) if score_out >= score_in - penalty else (score_in - penalty, 1)
        from_in = (score_in, 1) if score_in >= score_out - penalty else (score_out - penalty, 0)
        back.append((from_out[1], from_in[1]))
        score_out = from_out[0] + math.log(1 - p)
        score_in = from_in[0] + math.log(p)
    state = 1 if score_in > score_out else 0
    labels: list[bool] = []
    for prev in reversed(back):
        labels.append(state == 1)
        state = prev[state]
    return labels[::-1]


def select_body(
    units: list[Unit],
    probs: list[float],
    threshold: float,
    title: str | None = None,
    drop_subheads: bool = True,
    penalty: float = 0.0,
    fallback: bool = True,
    recurring: Sequence[int] | None = None,
    extend: float = 0.0,
) -> list[int]:
    """Indices of the units that form the body.

    Args:
        units: the page's units.
        probs: body probability of each unit (from the line model).
        threshold: keep units at or above it (when ``penalty`` is 0).
        title: the detected headline; its copies are never body.
        drop_subheads: leave out in-body subheads (see :func:`is_subhead`).
        penalty: when above 0, label by :func:`smooth` instead of the threshold.
        fallback: when nothing is kept, keep the best run of prose (:func:`_best_prose`).
        recurring: per unit, on how many other pages of the site it occurs
            (:meth:`.recurrence.RecurrenceProfile.counts`); short recurring units are dropped.
        extend: when above 0, grow kept runs over adjacent prose scoring at least this
            (:func:`_extend`).
    """
    title_key = _key(title) if title else None
    if penalty > 0:
        see = [0.5 if is_transparent(u) else p for u, p in zip(units, probs)]
        kept = [i for i, body in enumerate(smooth(see, penalty)) if body and not is_transparent(units[i])]
    else:
        kept = [i for i, p in enumerate(probs) if p >= threshold]
    if extend and kept:
        kept = _extend(units, probs, kept, extend)
    kept = [i for i in kept if not is_furniture(units[i])]
    if recurring is not None:
        kept = [i for i in kept if not is_recurring_furniture(units[i], recurring[i])]
    if title_key:
        kept = [i for i in kept if _key(units[i].text) != title_key]
    if drop_subheads:
        out = []
        for pos, i in enumerate(kept):
            nxt = units[kept[pos + 1]] if pos + 1 < len(kept) else None
            if not is_subhead(units[i], nxt):
                out.append(i)
        kept = out
    if not kept and fallback:
        kept = _best_prose(units, probs, title_key, recurring)
    kept = _first_copies(units, kept)
    kept = _with_lists(units, kept, title_key, recurring)
    kept = _with_run_under_small_body(units, probs, kept, title_key, recurring)
    kept = _without_author_bio(units, kept)
    return _without_teasers(units, kept)


def _extend(units: list[Unit], probs: list[float], kept: list[int], floor: float) -> list[int]:
    """Grow each kept run over prose lines next to it that score at least ``floor``.

    The first and last paragraphs of a short story sit between furniture and the body
    ("BRISTOL (Wire) — A tortoise missing for three years has been found two streets from
    home."), and smoothing pays a switch for them; a finished sentence right against the
    body is body more often than not.
    """
    start = set(kept)

    def prose(j: int) -> bool:
        return j not in start and _sentence(units[j], 8) and probs[j] >= floor

    out = set(kept)
    for i in kept:
        lo, hi = _run_around(i, len(units), prose)
        out.update(range(lo, hi + 1))
    return sorted(out)


def _sentence(unit: Unit, min_words: int) -> bool:
    """A finished sentence of at least ``min_words`` words."""
    b = line_stats(unit.text.strip())
    return b["n"] >= min_words and bool(b["terminal"])


def _run_around(i: int, n: int, ok: Callable[[int], bool]) -> tuple[int, int]:
    """The widest ``lo..hi`` around index ``i`` whose other indices all satisfy ``ok``."""
    lo = hi = i
    while lo > 0 and ok(lo - 1):
        lo -= 1
    while hi + 1 < n and ok(hi + 1):
        hi += 1
    return lo, hi


_GALLERY_COPIES = 3  # a paragraph printed this often is a gallery caption (:func:`_first_copies`)


def _first_copies(units: list[Unit], kept: list[int]) -> list[int]:
    """Keep only the first copy of a paragraph of eight words or more.

    An article does not repeat a paragraph; a page does: a photo caption printed under the
    picture and again in the gallery ("The mayor, left, and the chief engineer open the new
    bridge on Friday."), or the whole body printed twice by a flattener that saw it in two
    layouts.

    A paragraph the page prints three times or more is dropped altogether: that is a
    gallery's caption, shown under the lead picture, on each slide and in the thumbnails
    ("The mayor, left, speaks with stall holders at the market on Tuesday."), not a body
    printed twice. (5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9431
    -> 0.9437 / 0.9377 -> 0.9382.)
    """
    copies = Counter(_key(u.text) for u in units)
    seen: set[str] = set()
    out: list[int] = []
    for i in kept:
        key = _key(units[i].text)
        if key.count(" ") >= 7:
            if key in seen or copies[key] >= _GALLERY_COPIES:
                continue
            seen.add(key)
        out.append(i)
    return out


def _best_prose(units: list[Unit], probs: list[float], title_key: str | None,
                recurring: Sequence[int] | None) -> list[int]:
    """When nothing reached the bar, the most body-like run of prose, if the page has one.

    A short notice on a city hall's portal can be one paragraph under three hundred menu
    lines ("A equipe do posto de saúde do bairro informou nesta manhã que ..."): smoothing
    then prefers "all furniture", and an empty body loses the whole page. A finished
    sentence of ten words or more is kept instead, with the prose lines right around it
    that score at least half as well. Lines recurring on the site's other pages are never
    chosen.
    """
    def prose(i: int) -> bool:
        return (_sentence(units[i], 10) and not is_furniture(units[i]) and _key(units[i].text) != title_key
                and not (recurring is not None and is_recurring_furniture(units[i], recurring[i])))

    candidates = [i for i in range(len(units)) if prose(i)]
    if not candidates:
        return []
    best = max(candidates, key=lambda i: probs[i])
    floor = probs[best] / 2
    lo, hi = _run_around(best, len(units), lambda j: prose(j) and probs[j] >= floor)
    return list(range(lo, hi + 1))


# A list item that names what follows it: "Group B: Harbour FC, Ostby Rovers", "Q: First job?".
_LABELLED = re.compile(r"^[^:]{1,40}:\s*\S")
_PUNCTUATION = re.compile(r"[^\w\s]")
_LIST_ITEM_WORDS = 40
# "Harbour ferry fares to rise in spri..." and "The operator says fuel costs have dou…": cut
# off by the site mid-word, as teasers and comment excerpts are; body prose is not. Some sites
# cut at a word boundary instead: "Ana Lind: Congratulations to the whole team and the …".
# (That space allowed: 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means):
# 0.9385 -> 0.9393 / 0.9330 -> 0.9339.)
_TRUNCATED = re.compile(r"\w[,;:]? ?(?:\.\.\.|…)[\"'”’»)]*$")
_TEASER_PAIRS = 3
_STANDFIRST_BREAKS = 1  # a standfirst has one or two sentences


def _item_shape(text: str) -> tuple[str, str]:
    """What a list's items share: a bullet, a leading number, a "Label: value" form, or,
    for lines that only start with a capital, the same punctuation in the same order
    ("June 9 – Lisbon @ Coliseu" and "June 12 – Porto @ Super Bock Arena" both give "–@")."""
    text = text.strip()
    if BULLET.match(text):
        return ("bullet", "")
    if re.match(r"^\(?\d", text):
        return ("number", "")
    if _LABELLED.match(text):
        return ("label", "")
    if text[:1].isupper():
        return ("capital", "".join(dict.fromkeys(_PUNCTUATION.findall(text))))
    return ("other", "")


# A picture's credit or label in a list's place ("Photo: Jane Doe", "Getty Images", "Video/Fenwick
# Standard"); a venue may be called "Harbour Credit Union Arena" and stay an item.
_PICTURE_CREDIT = re.compile(
    r"\b(?:photo|image|picture|credit|video|gallery|illustration|caption)s?\s*(?::|/|\.\.\.|…)"
    r"|\b(?:getty|afp|reuters|shutterstock|ap photo|epa)\b",
    re.IGNORECASE,
)


def _marked_furniture(unit: Unit, others: int, title_key: str | None) -> bool:
    """What marks a line as the page's furniture, whatever the model says: menu or share
    words, a promo or disclaimer, a link, a line ``others`` pages of the site print, the
    headline."""
    text = unit.text.strip()
    return bool(others or is_furniture(unit) or BOILER.search(text) or URLISH.search(text)
                or _key(text) == title_key)


def _list_item(unit: Unit, others: int, title_key: str | None) -> bool:
    """A line that may be an item of the article's own list: short, not an entry label,
    no picture credit, and nothing else that marks furniture (:func:`_marked_furniture`)."""
    text = unit.text.strip()
    n = len(WORD.findall(text))
    return (0 < n <= _LIST_ITEM_WORDS and not is_transparent(unit) and not _PICTURE_CREDIT.search(text)
            and not _marked_furniture(unit, others, title_key))


def _list_heading(units: list[Unit], kept: set[int], a: int) -> bool:
    """A kept heading of a few words right under a kept paragraph: "The Harbour Lights Tour Dates"
    over "June 9 – Ostby, Town Hall @ Main Stage", "June 11 – Fenwick, ...".

    It names the list under it as a colon sentence does. Tried before on its own (+0.001, one
    split lower); with list items no longer cut at a venue called "... Credit Union Arena"
    (:data:`_PICTURE_CREDIT`) and three items of a shape other than bare capitalised words
    asked for, 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9402 ->
    0.9431 / 0.9346 -> 0.9377, every split higher.
    """
    b = line_stats(units[a].text)
    return (0 < b["n"] <= 8 and not b["terminal"] and a - 1 in kept and _sentence(units[a - 1], 8)
            and not BOILER.search(units[a].text) and not is_furniture(units[a]))


def _with_lists(units: list[Unit], kept: list[int], title_key: str | None,
                recurring: Sequence[int] | None) -> list[int]:
    """Add the lists and tables that belong to the article.

    Short list lines look like menu lines to the line model ("2 tbsp chopped dill",
    "Group B: Harbour FC, Mill Town, Ostby Rovers", "Q: First job?"), so a list inside
    the article is dropped. Two things tell it apart from a menu: where it sits and what it
    looks like. A run of two or more lines right after a kept paragraph is kept when

    - it sits between two kept paragraphs, or the paragraph before it introduces it (a
      sentence of five words or more ending in a colon: "The band will play these dates:"),
      or a kept heading right under a paragraph names it ("Tour dates", :func:`_list_heading`;
      then three items or more of one shape other than bare capitalised words, which a menu
      has: "Home", "News");
    - its lines share one shape (:func:`_item_shape`): two thirds of them or more;
    - no line is furniture (:func:`_list_item`), and it does not open with a heading of
      its own ("More:", "Related:"); a line of another shape that looks like an in-body
      subhead (:func:`is_subhead`) stays out, and "Print" or "Advertisement" lines
      (:func:`is_transparent`) are looked through but not kept.
    """
    kept_set = set(kept)
    added: set[int] = set()
    n = len(units)
    for a in kept:
        b = a + 1
        # a "Print" or "Advertisement" line inside a recipe's ingredients is looked through
        while b < n and b not in kept_set and (
                _list_item(units[b], recurring[b] if recurring else 0, title_key)
                or (b > a + 1 and is_transparent(units[b]))):
            b += 1
        items = [i for i in range(a + 1, b) if not is_transparent(units[i])]
        if len(items) < 2:
            continue
        first = units[items[0]].text.strip()
        if first.endswith(":") and len(WORD.findall(first)) <= 3:
            continue
        between = b < n and b in kept_set
        intro = units[a].text.rstrip().endswith(":") and len(WORD.findall(units[a].text)) >= 5
        heading = _list_heading(units, kept_set, a)
        if not (between or intro or heading):
            continue
        shapes = [_item_shape(units[i].text) for i in items]
        shape, count = Counter(shapes).most_common(1)[0]
        if count * 3 < 2 * len(shapes):
            continue
        if heading and not (between or intro) and (shape in (("capital", ""), ("other", "")) or count < 3):
            continue
        if not between:  # nothing closes the list but its shape: "Home" after the last date is not in it
            while shapes[-1] != shape:
                shapes.pop()
                items.pop()
        # The last item sits right above a paragraph and is short, as a subhead is; an item
        # of the list's own shape is an item ("Training: a twelve-week course"), another
        # line may be a subhead and stays out.
        added.update(i for i, s in zip(items, shapes)
                     if s == shape or not is_subhead(units[i], units[i + 1] if i + 1 < n else None))
    return sorted(kept_set | added) if added else kept


# A body this short (in characters, so that pages in Japanese count as English ones do) is
# implausibly small when a long run of unkept lines sits right under it (:func:`_with_run_under_small_body`).
_SMALL_BODY_CHARS = 2000
_RUN_LINES = 5
_RUN_MEAN_PROB = 0.15  # the model's mean body probability over the run
_RUN_MENU_PROB = 0.03  # a line the model is sure is furniture ...
_RUN_MENU_SHARE = 0.25  # ... may be at most this share of the run
_RUN_COPIES = 3  # a line printed this often in the run makes it a feed ("By Wire Staff")


def _with_run_under_small_body(units: list[Unit], probs: list[float], kept: list[int], title_key: str | None,
                               recurring: Sequence[int] | None) -> list[int]:
    """Add the run of lines right under a body that is implausibly small.

    Some articles are mostly a list, a table or short lines: reader reviews, each followed
    by its signature ("“Loved every minute, bring the kids!”", "– Mar** Lo**"), race results
    ("3. Ana Lind (Harbour Racing) +4.2s"), a list of what a software update brings ("New
    levels for two players", "Better tablet support"). The line model keeps the paragraph
    or two of prose that introduces them and drops the rest as menu lines, so the kept body
    is a few hundred characters long and the article's main part is lost.

    When the kept body has fewer than 2,000 characters, the lines right under its last
    line are read on to the first line that marks furniture (menu or share words, a
    promo, a link, a line other pages of the site print, the headline; blank lines and
    "Advertisement" labels are looked through). They are kept as body when there are five
    or more, the model gives them a mean body probability of 0.15 or more and is sure of
    furniture (under 0.03) for at most a quarter of them, which a menu or a "Related
    articles" block does not pass, and no line comes three times: a feed of other stories
    repeats its byline ("By Wire Staff") under each headline.

    5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis (means): 0.9437 -> 0.9482 /
    0.9382 -> 0.9452, every split higher. Not a knife edge: a bar of 1,500 to 6,000
    characters, a mean of 0.1, a third of sure furniture or runs of three lines give the
    same within 0.001; with no bar on the body's length, or runs of eight lines, about
    two thirds of the gain is left.
    """
    if not kept or sum(len(units[i].text.strip()) for i in kept) >= _SMALL_BODY_CHARS:
        return kept

    def plain(j: int) -> bool:
        others = recurring[j] if recurring is not None else 0
        return bool(WORD.search(units[j].text)) and not _marked_furniture(units[j], others, title_key)

    n = len(units)
    b = kept[-1] + 1
    while b < n and (plain(b) or is_transparent(units[b]) or not WORD.search(units[b].text)):
        b += 1
    run = [j for j in range(kept[-1] + 1, b) if plain(j)]
    if len(run) < _RUN_LINES:
        return kept
    run_probs = [probs[j] for j in run]
    sure_menu = sum(p < _RUN_MENU_PROB for p in run_probs)
    copies = Counter(_key(units[j].text) for j in run).most_common(1)[0][1]
    if (sum(run_probs) < _RUN_MEAN_PROB * len(run) or sure_menu > _RUN_MENU_SHARE * len(run)
            or copies >= _RUN_COPIES):
        return kept
    return kept + run


# "About Ana Lind", "Über Jonas Berg", "Sobre Rita Lopes", "À propos de Marc Petit": a
# heading over the author's bio names a person, two or three capitalised words.
_ABOUT_PERSON = re.compile(
    r"^(?:about|über|sobre|à propos de|acerca de|a proposito di|over|om)\s+"
    r"((?:[A-ZÀ-Þ][\w'’.-]+\s+){1,2}([A-ZÀ-Þ][\w'’-]+))\s*:?$", re.IGNORECASE)


def _without_author_bio(units: list[Unit], kept: list[int]) -> list[int]:
    """Drop the author's bio that a page prints under the article.

    "About Ana Lind" over "Ana Lind covers schools and the county council for the Gazette
    and lives in Ostby with her two sons." reads as a last paragraph of the article to the
    line model; the heading is dropped as a subhead and the bio stays. A paragraph right
    under a heading "About", "Über", "Sobre" ... and a person's name (two or three
    capitalised words), which names that person again, is furniture, and so is the
    heading. A heading that names a company ("About Harbourtech") is left alone: a press
    release's "about" paragraph is part of the release. (5-fold CV by site, seeds 0-4,
    lxml_blocks / inscriptis (means): 0.9482 -> 0.9498 / 0.9452 -> 0.9467, every split
    higher; two sites.)
    """
    drop: set[int] = set()
    for i in kept:
        if i == 0:
            continue
        m = _ABOUT_PERSON.match(units[i - 1].text.strip())
        if m and all(w[:1].isupper() for w in m.group(1).split()) and m.group(2) in units[i].text:
            drop.update((i - 1, i))
    return [i for i in kept if i not in drop] if drop else kept


def _without_teasers(units: list[Unit], kept: list[int]) -> list[int]:
    """Drop a "More stories" block that the line model took for body.

    Teasers under an article repeat one shape: a headline (three to sixteen words, no full
    stop, or cut off: "Harbour ferry fares to rise in spring"), then a standfirst of one or
    two sentences ("The operator says fuel costs have doubled since last year."), then the
    next headline. The standfirsts read like prose. Three such pairs in a row, after some
    kept text and with none of the body below them, are teasers (with the block's heading
    right above them); an article's subheads are followed by paragraphs of several
    sentences, and not three times in strict alternation. So are three lines in a row that
    the site cut off mid-word.
    """
    if not kept:
        return kept
    # only lines from just above the first kept one can be teasers under kept text
    start = max(min(kept) - 1, 0)
    basics = [line_stats(u.text) if i >= start else {} for i, u in enumerate(units)]

    def headline(i: int) -> bool:
        b, text = basics[i], units[i].text
        return (3 <= b["n"] <= 16 and (not b["terminal"] or bool(_TRUNCATED.search(text)))
                and not b["colon_end"] and not BULLET.match(text))

    def standfirst(i: int) -> bool:
        b = basics[i]  # ("sentences" counts the breaks between sentences)
        return b["n"] >= 8 and b["sentences"] <= _STANDFIRST_BREAKS and (bool(b["terminal"]) or bool(_TRUNCATED.search(units[i].text)))

    pairs = {i for i in range(start, len(units) - 1) if headline(i) and standfirst(i + 1)}
    runs: list[range] = []
    for i in sorted(pairs):
        if i - 2 in pairs:
            continue  # counted from the run's first pair
        j = i
        while j in pairs:
            j += 2
        if (j - i) // 2 >= _TEASER_PAIRS:
            # and the block's own heading right above it: "Elsewhere in the Standard"
            heading = i > start and basics[i - 1]["n"] <= 6 and not basics[i - 1]["terminal"]
            runs.append(range(i - 1 if heading else i, j))
    # Three lines in a row cut off mid-word are excerpts of other pages (latest comments,
    # teasers without headlines): "Ana Lind: Congratulations to the whole team on a well deser…"
    cut = [i >= start and basics[i]["n"] >= 5 and bool(_TRUNCATED.search(u.text.strip())) for i, u in enumerate(units)]
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and cut[j]:
            j += 1
        if j - i >= _TEASER_PAIRS:
            runs.append(range(i, j))
        i = j + 1
    # Such blocks sit under the article, with kept text above them and none of the body
    # below: three subheads over one-sentence paragraphs, or a speaker trailing off
    # ("and then...") three times, in the middle of a body are the body.
    in_runs = set().union(*runs) if runs else set()

    def body_below(stop: int) -> bool:
        return any(k >= stop and k not in in_runs and basics[k]["n"] >= 8 and basics[k]["terminal"] for k in kept)

    block: set[int] = set()
    for run in runs:
        if any(k < run.start for k in kept) and not body_below(run.stop):
            block.update(run)
    rest = [i for i in kept if i not in block]
    return rest or kept  # a page that is nothing but such a block keeps what it had


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def same_text(a: str, b: str) -> bool:
    """Equal up to case, punctuation and spacing."""
    return _key(a) == _key(b)


def assemble(text: str, units: list[Unit], kept: list[int]) -> tuple[str, tuple[Segment, ...]]:
    """Join the kept units into ``Article.text`` and its verbatim segments.

    Paragraphs are separated by exactly one blank line; pieces of a hard-wrapped paragraph
    are joined by one space, and so are neighbouring sentences of one long line that
    ``split_units`` cut (``LONG_LINE``). Only the inserted separators are not covered by a
    segment.
    """
    parts: list[str] = []
    segments: list[Segment] = []
    cursor = 0
    for n, i in enumerate(kept):
        if n:
            sep = " " if i == kept[n - 1] + 1 and _same_line(text, units[i - 1], units[i]) else "\n\n"
            parts.append(sep)
            cursor += len(sep)
        for k, (start, end) in enumerate(units[i].pieces):
            if k:
                parts.append(" ")
                cursor += 1
            parts.append(text[start:end])
            segments.append(Segment(cursor, start, end - start))
            cursor += end - start
    return "".join(parts), tuple(segments)


def _same_line(text: str, before: Unit, after: Unit) -> bool:
    """Whether two units are sentences of one line: only spaces between them (no newline),
    and fewer than a column gap (``units.COLUMN_GAP``), which parts table cells."""
    gap = text[before.pieces[-1][1]:after.pieces[0][0]]
    return bool(gap) and not gap.strip(" \t\u00a0") and not COLUMN_GAP.search(gap)
