"""Which attributions are tone statements: worth a point on a timeline.

Every attribution stays an attribution, but some say nothing whose tone is the speaker's:

- a content that is only a name or a bare noun phrase ("endorse [Trump]", "mentioned
  [parliament]", "referred to [the violence]"): the tone model would score the word alone;
- a negated report ("Varga did not refer to the violence", "declined to comment on the
  talks"): what was *not* said has no tone of the speaker's.

Direct quotes are always statements: a short quote ("Crooked Hillary") is the speaker's words.
"""

from __future__ import annotations

import re

from ..models import Attribution

# Up to three words and no verb-like clause: "Trump", "the violence", "his running mate".
MAX_PHRASE_WORDS = 3
_NEGATED = re.compile(
    r"\b(?:(?:did|does|do|would|could|will|has|have|had)\s*(?:not|n['’]t)|never|declined\s+to|refused\s+to)\s+(?:\w+\s+)?$",
    re.I,
)
_CLAUSE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|should|can|could|must|that)\b", re.I)


def is_tone_statement(text: str, att: Attribution) -> bool:
    """Whether an attribution's tone belongs on the speaker's timeline (see the module doc)."""
    if not att.content:
        return False
    if att.kind == "direct":
        return True
    if att.cue:
        start = att.cue[0][0]
        cue_words = " ".join(text[s:e] for s, e in att.cue).split()
        # The words before the cue and the cue's own words but its last: "declined to [comment on]",
        # "[did not refer to]".
        before = text[max(0, start - 30) : start] + " " + " ".join(cue_words[:-1] + [""])
        if _NEGATED.search(before.rstrip() + " "):
            return False
    content = " ".join(text[s:e] for s, e in att.content)
    words = re.findall(r"[\w’'-]+", content)
    return len(words) > MAX_PHRASE_WORDS or bool(_CLAUSE.search(content))
