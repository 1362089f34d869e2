"""Which languages attribution reads: its cue lexicon, rules and filter are English."""

from __future__ import annotations

from ..models import Article

SUPPORTED_LANGUAGES = frozenset({"en"})


def unsupported_language(article: Article) -> str | None:
    """Why ``article`` cannot be attributed, when its language is known and not supported.

    A German page parsed with English rules comes out with zero attributions and no word
    about why; it is reported instead ("language 'de' ..."), so the summary counts it and
    ``saidwhat skipped`` and the web UI show it. An unknown language (None: too short or
    mixed to tell) is attributed as English.

    Returns:
        The reason, or None when the article can be attributed.
    """
    if article.language is None or article.language in SUPPORTED_LANGUAGES:
        return None
    supported = ", ".join(sorted(SUPPORTED_LANGUAGES))
    return (f"language '{article.language}' is not supported by attribution (supported: {supported}); "
            "the text was cleaned but not attributed")
