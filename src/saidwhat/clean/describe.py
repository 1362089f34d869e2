"""Step 2 of a page dump: describe each unit (:mod:`.units`) by the features the line
model (:mod:`.model`) and the rules read: words, sentences, end punctuation, function
words, furniture and caption lexicons, position, neighbours and the dense prose region.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from .units import TERMINAL, WORD, Unit, UnitRecurrence

_SENTENCE_BREAK = re.compile(r"[a-z0-9%)\"”’][.!?][\"”’]?\s+[\"“‘A-Z]")
URLISH = re.compile(r"https?://|www\.|\.com\b|@\w|\w@\w")
# inscriptis draws nested list items with "o ": "o Local News", "o Contact Us"
BULLET = re.compile(r"^(?:[*+•·|>»\-–—▶►✓]\s*|o\s+(?=[A-Z0-9]))")
MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)

# Function words: running prose is ~40-55 % function words, menus and captions far fewer
# ("Home News AJ Impact Middle East" has none). jusText's main signal, in miniature.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own said same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself has had says
    may might must since though although however according""".split()
)

# Page furniture that survives flattening. Each phrase was seen on a real page, e.g.
# "Skip to content", "Sign up for our newsletter", "READ MORE: ...", "Share this article".
BOILER = re.compile(
    r"\b(sign (in|up)|log ?in|log out|subscribe|subscription|newsletter|cookies?|privacy|"
    r"terms of (use|service)|all rights reserved|copyright|advertisement|advertising|"
    r"sponsored|skip to|read more|related( articles| stories| coverage|:)|recommended|"
    r"share (this|on)|follow us|click here|comments?|most (read|popular|viewed)|"
    r"trending|watch:|listen|download (the|our) app|sections|menu|search|"
    r"continue reading|more from|you may also like|editor'?s picks|back to top|"
    r"top stories|latest news|sign up|join us|contact us|about us|facebook|twitter|"
    r"instagram|linkedin|whatsapp|email this|print this|e-?mail|rss|javascript|your browser)\b",
    re.IGNORECASE,
)
# Captions and credits: "Trump asked voters ... Credit...Doug Mills/The New York Times".
CREDIT = re.compile(
    r"\b(photo|photograph|image|picture|credit|getty|afp|ap photo|reuters/|file photo|"
    r"illustration|video|gallery|caption|shutterstock|epa|courtesy)\b",
    re.IGNORECASE,
)
_ICON = re.compile(r"\bicon\b|chevron|bicon", re.IGNORECASE)


FEATURES = (
    "log_words", "w_le3", "w_4_7", "w_8_14", "w_15_29", "w_30p",
    "stop_ratio", "stop_dense", "terminal", "period", "colon_end", "no_alpha_end",
    "cap_ratio", "upper_ratio", "digit_ratio", "comma_density", "sentences",
    "bullet", "pipe", "boiler", "boiler_short", "credit", "icon", "dateish", "byline",
    "urlish", "quote", "rel_pos", "rel_pos2", "dup", "title_like",
    "prev_words", "next_words", "prev_stop", "next_stop", "prev_terminal", "next_terminal",
    "dense_before", "dense_after", "inside", "cum_before", "len_rel", "same_block_prev",
    "log_chars", "doc_stop", "doc_stop_dense", "after_title", "win_words", "win_dense",
    "prose", "dense", "dup_long",
    "recur", "recur_long", "site_unique",
)
# Cross-page features (see :mod:`.recurrence`) are 0 for a page alone; the model keeps
# them uncentred so that a 0 adds nothing and a lone page is scored as without a profile.
UNCENTRED = ("recur", "recur_long", "site_unique")


def line_stats(text: str) -> dict[str, float]:
    """Statistics of one line on its own (words, sentences, end punctuation, ...): a copy
    of the cached ones, so callers may add to it."""
    return dict(_basic_cached(text))


# Japanese and Chinese write no spaces: to ``\w+`` a whole clause is one "word"
# ("報道によると" ...), so a page's sentences looked like menu entries to the line model. A run
# of these characters counts one word per two characters (about their mean word length),
# and its particles and function characters ("の", "に", "は", "的", "了") count as function
# words, as "of" and "the" do in English. 5-fold CV by site on cleaning-extra + AEB dev
# (whose four Japanese pages are the only ones), AEB lxml_blocks / inscriptis 0.934 / 0.934
# -> 0.936 / 0.939, the other sources the same within 0.001; also counting "、" as a comma
# and "。" as a sentence break: no better.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_FUNCTION = frozenset("のにはをがとでもて的了是在和")


def _words_and_function_words(words: list[str]) -> tuple[int, int]:
    """How many words ``words`` stand for, and how many of them are function words."""
    n = stop = 0
    for w in words:
        cjk = len(_CJK.findall(w))
        if cjk:
            n += max(1, (cjk + 1) // 2)
            stop += sum(1 for c in w if c in _CJK_FUNCTION)
        else:
            n += 1
            stop += w.lower() in STOPWORDS
    return n, min(stop, n)


# A page is described three times (the headline is looked for twice, then the features),
# and its lines recur across a site's pages: the per-line statistics are worth caching.
@lru_cache(maxsize=8192)
def _basic_cached(text: str) -> dict[str, float]:
    words = WORD.findall(text)
    if _CJK.search(text):
        n, stop = _words_and_function_words(words)
    else:
        n, stop = len(words), sum(1 for w in words if w.lower() in STOPWORDS)
    letters = sum(1 for c in text if c.isalpha())
    upper = sum(1 for c in text if c.isupper())
    digits = sum(1 for c in text if c.isdigit())
    caps = sum(1 for w in words if w[:1].isupper())
    last = text.rstrip()[-1:] if text.strip() else ""
    return {
        "n": float(n),
        "stop_ratio": stop / n if n else 0.0,
        "terminal": 1.0 if TERMINAL.search(text) else 0.0,
        "period": 1.0 if text.rstrip().rstrip("\"'”’»)").endswith(".") else 0.0,
        "colon_end": 1.0 if last == ":" else 0.0,
        "no_alpha_end": 1.0 if last and not (last.isalnum() or last in ".!?\"'”’)»…") else 0.0,
        "cap_ratio": caps / n if n else 0.0,
        "upper_ratio": upper / letters if letters else 0.0,
        "digit_ratio": digits / max(len(text), 1),
        "comma_density": (text.count(",") + text.count(";")) / n if n else 0.0,
        "sentences": float(len(_SENTENCE_BREAK.findall(text))),
    }


def is_dense(b: dict[str, float]) -> bool:
    """A unit that is certainly running prose: long and full of function words.

    ``doc_stop`` (the page's own frequent words) stands in for the English list on other
    languages; ``chars`` lets a long Japanese sentence, one "word" to ``\\w+``, count.
    """
    stop = max(b["stop_ratio"], b.get("doc_stop", 0.0))
    if b["n"] >= 25 and stop >= 0.25:
        return True
    if b["terminal"] and b["n"] >= 12 and stop >= 0.3:
        return True
    return bool(b["terminal"]) and b.get("chars", 0.0) >= 80 and b["n"] * 12 < b.get("chars", 0.0)


def _doc_stopwords(units: list[Unit]) -> frozenset[str]:
    """The page's own most frequent words: its function words, in whatever language.

    A Portuguese page ("A equipe do Serviço de Atendimento ...") has no English function
    words, but "a", "do", "de", "que" top its own word counts.
    """
    counts: Counter[str] = Counter()
    for u in units:
        words = WORD.findall(u.text.lower())
        if len(words) >= 8:
            counts.update(words)
    return frozenset(w for w, _ in counts.most_common(30))


def describe(units: list[Unit]) -> list[dict[str, float]]:
    """Per-unit statistics, including the share of the page's own frequent words."""
    basics = [line_stats(u.text) for u in units]
    doc_stop = _doc_stopwords(units)
    for u, b in zip(units, basics):
        words = WORD.findall(u.text.lower())
        b["doc_stop"] = sum(1 for w in words if w in doc_stop) / len(words) if words else 0.0
        b["chars"] = float(len(u.text))
    return basics


def unit_features(units: list[Unit], title: str | None = None,
                  recurrence: UnitRecurrence | None = None) -> list[list[float]]:
    """Feature vectors (in :data:`FEATURES` order) for every unit of one page.

    ``recurrence`` (from :meth:`.recurrence.RecurrenceProfile.counts`) adds what recurs on
    the other pages of the same site; without it those features are 0.

    Document-level evidence enters through position, repetition, neighbours and the
    "dense" region: body text is one run of long, function-word-rich lines, and a short
    line sitting between two of them ("Ceasefire on Syria?") is a subhead or body line,
    not a menu item.
    """
    basics = describe(units)
    # copies compare words only: inscriptis prints a caption once as "* The mayor, left,
    # and the chief engineer ..." and once without the bullet
    word_keys = [" ".join(WORD.findall(u.text.lower())) for u in units]
    counts = Counter(word_keys)
    n_units = max(len(units), 1)
    dense = [is_dense(b) for b in basics]
    dense_words = [b["n"] if d else 0.0 for b, d in zip(basics, dense)]
    total_dense = sum(dense_words) or 1.0
    max_len = max((len(u.text) for u in units), default=1) or 1
    # distance (in units) to the nearest dense unit before / after
    before: list[float] = []
    last = -10**6
    for i, d in enumerate(dense):
        before.append(float(i - last) if last > -10**6 else 99.0)
        if d:
            last = i
    after = [99.0] * len(units)
    nxt = 10**6
    for i in range(len(units) - 1, -1, -1):
        after[i] = float(nxt - i) if nxt < 10**6 else 99.0
        if dense[i]:
            nxt = i
    title_key = title.strip().lower() if title else None
    title_at = next((i for i, u in enumerate(units) if u.text.strip().lower() == title_key), None)
    log_n = [math.log1p(b["n"]) for b in basics]
    rows: list[list[float]] = []
    cum = 0.0
    for i, (u, b) in enumerate(zip(units, basics)):
        n = b["n"]
        text = u.text
        prev_b = basics[i - 1] if i > 0 else None
        next_b = basics[i + 1] if i + 1 < len(units) else None
        key = text.strip().lower()
        boiler = 1.0 if BOILER.search(text) else 0.0
        feats = {
            "log_words": math.log1p(n),
            "w_le3": 1.0 if n <= 3 else 0.0,
            "w_4_7": 1.0 if 4 <= n <= 7 else 0.0,
            "w_8_14": 1.0 if 8 <= n <= 14 else 0.0,
            "w_15_29": 1.0 if 15 <= n <= 29 else 0.0,
            "w_30p": 1.0 if n >= 30 else 0.0,
            "stop_ratio": b["stop_ratio"],
            "stop_dense": b["stop_ratio"] * min(n, 30.0) / 30.0,
            "terminal": b["terminal"],
            "period": b["period"],
            "colon_end": b["colon_end"],
            "no_alpha_end": b["no_alpha_end"],
            "cap_ratio": b["cap_ratio"],
            "upper_ratio": b["upper_ratio"],
            "digit_ratio": b["digit_ratio"],
            "comma_density": min(b["comma_density"], 1.0),
            "sentences": math.log1p(b["sentences"]),
            "bullet": 1.0 if BULLET.match(text) else 0.0,
            "pipe": 1.0 if "|" in text else 0.0,
            "boiler": boiler,
            "boiler_short": boiler if n < 15 else 0.0,
            "credit": 1.0 if CREDIT.search(text) else 0.0,
            "icon": 1.0 if len(_ICON.findall(text)) >= 2 else 0.0,
            "dateish": 1.0 if MONTHS.search(text) and n <= 12 else 0.0,
            "byline": 1.0 if re.match(r"(?i)by\s+\w", text) and n <= 12 else 0.0,
            "urlish": 1.0 if URLISH.search(text) else 0.0,
            "quote": 1.0 if any(q in text for q in "“”\"«") else 0.0,
            "rel_pos": i / n_units,
            "rel_pos2": (i / n_units) ** 2,
            "dup": 1.0 if counts[word_keys[i]] > 1 else 0.0,
            "title_like": 1.0 if title_key and key == title_key else 0.0,
            "prev_words": math.log1p(prev_b["n"]) if prev_b else 0.0,
            "next_words": math.log1p(next_b["n"]) if next_b else 0.0,
            "prev_stop": prev_b["stop_ratio"] if prev_b else 0.0,
            "next_stop": next_b["stop_ratio"] if next_b else 0.0,
            "prev_terminal": prev_b["terminal"] if prev_b else 0.0,
            "next_terminal": next_b["terminal"] if next_b else 0.0,
            "dense_before": math.log1p(min(before[i], 99.0)),
            "dense_after": math.log1p(min(after[i], 99.0)),
            "inside": 1.0 if before[i] < 99 and after[i] < 99 else 0.0,
            "cum_before": cum / total_dense,
            "len_rel": len(text) / max_len,
            "same_block_prev": 1.0 if i > 0 and units[i - 1].block == u.block else 0.0,
        }
        ds = b["doc_stop"]
        lo, hi = max(0, i - 3), min(len(units), i + 4)
        feats["log_chars"] = math.log1p(len(text))
        feats["doc_stop"] = ds
        feats["doc_stop_dense"] = ds * min(len(text), 200.0) / 200.0
        feats["after_title"] = (
            0.0 if title_at is None else math.copysign(math.log1p(abs(i - title_at)), i - title_at)
        )
        feats["win_words"] = sum(log_n[lo:hi]) / (hi - lo)
        feats["win_dense"] = sum(1.0 for d in dense[lo:hi] if d) / (hi - lo)
        # a finished sentence of some length in the page's own language
        feats["prose"] = 1.0 if b["terminal"] and (n >= 8 or len(text) >= 60) and max(
            b["stop_ratio"], ds) >= 0.2 else 0.0
        feats["dense"] = 1.0 if dense[i] else 0.0
        # a long line printed twice is a teaser or a pull quote, not two paragraphs
        feats["dup_long"] = 1.0 if counts[word_keys[i]] > 1 and n >= 12 else 0.0
        # "Sign up for the Morning Brief" on three other pages of the site is furniture; a
        # line no other page of a well-known site prints is most likely this article's.
        k = recurrence.others[i] if recurrence else 0
        feats["recur"] = math.log1p(min(k, 20))
        feats["recur_long"] = 1.0 if k and n >= 20 else 0.0
        feats["site_unique"] = 1.0 if recurrence and recurrence.site_pages and not k else 0.0
        cum += dense_words[i]
        rows.append([feats[name] for name in FEATURES])
    return rows


def context_features(probs: list[float]) -> list[list[float]]:
    """Second-stage features: the first-stage probabilities around each unit.

    A short line between two body paragraphs is usually body ("Please." after a quote);
    the same line among menu items is not.
    """
    n = len(probs)
    rows: list[list[float]] = []
    for i in range(n):
        def window(k: int) -> float:
            lo, hi = max(0, i - k), min(n, i + k + 1)
            vals = probs[lo:i] + probs[i + 1 : hi]
            return sum(vals) / len(vals) if vals else 0.0

        prev3 = probs[max(0, i - 3) : i]
        next3 = probs[i + 1 : i + 4]
        rows.append([
            probs[i],
            probs[i - 1] if i > 0 else 0.0,
            probs[i + 1] if i + 1 < n else 0.0,
            window(2),
            window(5),
            window(10),
            max(prev3) if prev3 else 0.0,
            max(next3) if next3 else 0.0,
            max(probs[:i]) if i else 0.0,
            max(probs[i + 1 :]) if i + 1 < n else 0.0,
        ])
    return rows


CONTEXT_FEATURES = (
    "p", "p_prev", "p_next", "p_win2", "p_win5", "p_win10", "p_prev3max", "p_next3max",
    "p_before_max", "p_after_max",
)
