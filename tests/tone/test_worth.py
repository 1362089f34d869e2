"""Which attributions are tone statements: names, bare phrases and negated reports are not."""

from __future__ import annotations

import pytest

from saidwhat.models import Attribution
from saidwhat.tone.worth import is_tone_statement


def att(text: str, cue: str, content: str, kind: str = "indirect") -> Attribution:
    c, s = text.index(cue), text.index(content)
    return Attribution(content=((s, s + len(content)),), cue=((c, c + len(cue)),), kind=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "cue", "content", "kind", "expected"),
    [
        ("Varga said the sanctions had failed the city.", "said", "the sanctions had failed the city", "indirect", True),
        ("Cruz refused to endorse Trump.", "endorse", "Trump", "indirect", False),
        ("The minister mentioned parliament.", "mentioned", "parliament", "indirect", False),
        ("Varga did not refer to the violence in her speech.", "refer to", "the violence in her speech", "indirect", False),
        ("Varga didn't say the talks were over.", "say", "the talks were over", "indirect", False),
        ("The ministry declined to comment on the report about the port.", "comment on",
         "the report about the port", "indirect", False),
        ('"Crooked Hillary," he said.', "said", "Crooked Hillary", "direct", True),
        ("She said it was over.", "said", "it was over", "indirect", True),
    ],
)
def test_is_tone_statement(text: str, cue: str, content: str, kind: str, expected: bool) -> None:
    assert is_tone_statement(text, att(text, cue, content, kind)) is expected
