"""Name forms: titles, honorifics, possessives, initials, gender hints and the small lexicons.

Everything here is string work over one name; no document context. ``resolve.py`` (one
article) and ``aliases.py`` (the corpus) share it so both agree on what a name's key is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..lexicons import lexicon

Gender = Literal["M", "F"]

# Honorifics say the gender and are never part of a canonical name ("Mr. Kerry", "Mrs. Clinton").
HONORIFICS: dict[str, Gender | None] = {
    "mr": "M", "mr.": "M", "mrs": "F", "mrs.": "F", "ms": "F", "ms.": "F", "miss": "F",
    "sir": "M", "madam": "F", "dr": None, "dr.": None, "prof": None, "prof.": None,
}

# Titles that stand before a name and belong to the role, not the name ("Sen. Lindsey Graham").
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sen.": "Senator", "rep.": "Representative", "gov.": "Governor", "gen.": "General",
    "lt.": "Lieutenant", "col.": "Colonel", "adm.": "Admiral", "sgt.": "Sergeant",
    "pres.": "President", "sec.": "Secretary", "del.": "Delegate", "atty.": "Attorney",
    "rev.": "Reverend", "capt.": "Captain", "cmdr.": "Commander", "maj.": "Major",
}
TITLES = {
    "president", "vice", "senator", "representative", "governor", "mayor", "secretary",
    "general", "lieutenant", "colonel", "admiral", "judge", "justice", "chief", "speaker",
    "minister", "prime", "foreign", "chairman", "chairwoman", "congressman", "congresswoman",
    "ambassador", "attorney", "former", "reverend", "rev", "pope", "king", "queen", "prince",
    "princess", "sheriff", "commissioner", "chancellor", "delegate", "sergeant", "captain",
    "retired", "candidate", "nominee", "first", "lady", "interim", "acting", "deputy",
    "director", "leader", "senate", "house", "democratic", "republican", "gop", "state",
    "u.s.", "presidential", "rival", "democrat", "libertarian", "white", "press", "spokesman",
    "spokeswoman", "activist", "host", "moderator", "economist", "commander", "major",
    "assemblyman", "assemblywoman", "councilman", "councilwoman", "alderman", "chief",
}
SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}

# "Bill" and "William" Clinton are one person; the table is short on purpose (common
# English hypocorisms only), since a wrong entry merges two people.
NICKNAMES: dict[str, str] = {
    "bill": "william", "will": "william", "billy": "william", "bob": "robert", "bobby": "robert",
    "rob": "robert", "joe": "joseph", "mike": "michael", "jim": "james", "jimmy": "james",
    "tom": "thomas", "tommy": "thomas", "chris": "christopher", "dan": "daniel",
    "danny": "daniel", "dave": "david", "len": "leonard", "lenny": "leonard", "chuck": "charles",
    "charlie": "charles", "liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth",
    "kate": "katherine", "kathy": "katherine", "tim": "timothy", "ted": "edward",
    "ed": "edward", "eddie": "edward", "steve": "steven", "stephen": "steven",
    "matt": "matthew", "nick": "nicholas", "pat": "patrick", "ron": "ronald", "rudy": "rudolph",
    "newt": "newton", "al": "albert", "alex": "alexander", "andy": "andrew", "tony": "anthony",
    "sam": "samuel", "ben": "benjamin", "greg": "gregory", "jeff": "jeffrey", "jerry": "gerald",
    "larry": "lawrence", "rick": "richard", "dick": "richard", "don": "donald",
    "doug": "douglas", "fred": "frederick", "hank": "henry", "josh": "joshua", "jon": "jonathan",
    "ken": "kenneth", "phil": "philip", "ray": "raymond", "sergei": "sergey", "alexey": "alexei",
    "vlad": "vladimir", "debbie": "deborah", "patty": "patricia", "sally": "sarah",
}

PARTICLES = {"de", "van", "von", "bin", "al", "del", "la", "le", "da", "di", "du", "der", "ten"}
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")
PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


def female_names() -> frozenset[str]:
    """First names (lower case) taken as evidence for "she"."""
    return lexicon("female_names.txt")


def male_names() -> frozenset[str]:
    """First names (lower case) taken as evidence for "he"."""
    return lexicon("male_names.txt")


def role_words() -> frozenset[str]:
    """Role head words ("minister", "spokesman", "sen.") that make a title or apposition a role."""
    return lexicon("roles.txt")


@lru_cache(maxsize=1)
def org_heads() -> dict[str, tuple[str, ...]]:
    """Organisation description heads ("the agency") -> words the organisation's name may hold."""
    text = resources.files("saidwhat").joinpath(
        "data", "speakers", "org_suffixes.txt"
    ).read_text(
        encoding="utf-8"
    )
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, words = line.split("\t")
        out[head.strip()] = tuple(w.strip() for w in words.split(","))
    return out


def first_name_gender(first: str) -> Gender | None:
    """``"F"``/``"M"`` when the first name is in exactly one lexicon, else None."""
    key = first.lower().strip(".")
    female, male = key in female_names(), key in male_names()
    if female and not male:
        return "F"
    if male and not female:
        return "M"
    return None


def strip_possessive(text: str) -> str:
    """``"Clinton’s"`` -> ``"Clinton"``; other text unchanged."""
    return POSSESSIVE.sub("", text.strip())


def name_tokens(text: str) -> tuple[list[str], Gender | None]:
    """The tokens of a person's name without honorifics and titles, and the honorific's gender.

    ``"Mrs. Clinton's"`` -> (["Clinton"], "F"); ``"Sen. Lindsey Graham (R-S.C.)"`` ->
    (["Lindsey", "Graham"], None). Lower-case words are dropped: a name is capitalised.
    """
    text = PARENTHETICAL.sub("", text).strip(" ,.;:\u2014-\"'“”‘’")
    tokens = [strip_possessive(t) for t in text.replace("\u00a0", " ").split()]
    gender: Gender | None = None
    out: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if out and (low in TITLE_ABBREVIATIONS or low in TITLES) and nxt[:1].isupper():
            out = []  # "Charlotte Mayor Jennifer Roberts": what came before the title is no name
            continue
        if not out:
            if low in HONORIFICS:
                gender = HONORIFICS[low] or gender
                continue
            if low in TITLE_ABBREVIATIONS or low in TITLES or low in DETERMINERS:
                continue
        if not tok or not (tok[0].isupper() or tok[0].isdigit() or low in PARTICLES):
            if out:
                break
            continue
        out.append(tok)
    while out and out[-1].lower() in PARTICLES:
        out.pop()
    if len(out) > 1 and out[-1].lower() in {"jr", "sr"}:
        out[-1] += "."  # the outer strip took the dot of "Jr."
    return out, gender


def person_key(tokens: list[str]) -> tuple[str, str | None, str]:
    """(surname, first name normalised, suffix) of a person's name tokens.

    ``["Donald", "Trump", "Jr."]`` -> ("trump", "donald", "jr"); middle initials are ignored.
    """
    toks = [t for t in tokens if not INITIAL.match(t)] or tokens
    suffix = ""
    if len(toks) > 1 and toks[-1].lower() in SUFFIXES:
        suffix = toks[-1].lower().strip(".")
        toks = toks[:-1]
    # "Bill de Blasio" / "De Blasio", "Osama bin Laden" / "Bin Laden": the particle is part
    # of the surname.
    while len(toks) > 1 and toks[-2].lower() in PARTICLES:
        toks = toks[:-2] + [f"{toks[-2].lower()} {toks[-1]}"]
    surname = toks[-1].lower()
    first = toks[0].lower() if len(toks) > 1 else None
    if first is not None:
        first = NICKNAMES.get(first, first)
    return surname, first, suffix


def display_name(tokens: list[str]) -> str:
    """A person's canonical display form: middle initials dropped ("John F. Kerry" -> "John Kerry")."""
    if len(tokens) > 2:
        kept = [tokens[0]] + [t for t in tokens[1:-1] if not INITIAL.match(t)] + [tokens[-1]]
        if len(kept) >= 2:
            tokens = kept
    return " ".join(tokens)


def org_name(text: str) -> str:
    """An organisation's display form: no leading article, possessive or trailing punctuation.

    ``"the State Department's"`` -> ``"State Department"``.
    """
    text = strip_possessive(PARENTHETICAL.sub("", text).strip(" ,.;:\"'“”‘’"))
    if ": " in text:
        text = text.rsplit(": ", 1)[1]  # "National Interests: The Human Rights Council"
    words = text.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def org_key(name: str) -> str:
    """A comparison key for organisation names: lower case, no article, no "U.S." prefix."""
    words = [w.lower().strip(".,") for w in org_name(name).split()]
    if len(words) == 1 and "." in words[0] and len(words[0]) <= 8:
        words = [words[0].replace(".", "")]  # "U.N." -> "un", "S.E.C." -> "sec"
    if len(words) > 2 and words[0] in {"u.s", "us", "united"} and words[1] != "states":
        words = words[1:]
    return " ".join(w for w in words if w)


def acronym(name: str) -> str:
    """Initials of the capitalised words: "International Monetary Fund" -> "IMF"."""
    return "".join(w[0] for w in org_name(name).split() if w[:1].isupper())


# Entity labels the small NER model gives to names it does not know ("Elena Varga" ORG,
# "The Tarn Monitoring Mission" WORK_OF_ART) and that a name's own words can correct.
_RELABELLED = {"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"}
_BODY_WORDS = {"mission", "ministry", "council", "commission", "agency", "bank", "party", "union", "company",
               "committee", "court", "palace", "front", "institute", "office", "service", "group", "fund"}


def corrected_label(text: str, label: str) -> str:
    """The label a name's words support: a known first name + surname is a PERSON, a title
    ending in an organisation word is an ORG; otherwise ``label`` unchanged.

    ``("Elena Varga", "ORG")`` -> ``"PERSON"``; ``("The Tarn Monitoring Mission",
    "WORK_OF_ART")`` -> ``"ORG"``; ``("Kestrel Energy", "ORG")`` -> ``"ORG"``.
    """
    if label not in _RELABELLED:
        return label
    words = [strip_possessive(w) for w in text.split()]
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words or not all(w[:1].isupper() for w in words):
        return label
    low = {w.lower() for w in words}
    if low & _BODY_WORDS or low & set(org_heads()):
        return "ORG" if label in {"WORK_OF_ART", "EVENT", "PRODUCT"} else label
    if 2 <= len(words) <= 3 and first_name_gender(words[0]) is not None and not words[-1].isupper():
        return "PERSON"
    return label


_FIRST_AND_SURNAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z][\w'’-]+)\b")


def surnames_after_first_names(text: str) -> frozenset[str]:
    """Capitalised words written right after a known first name ("Adel Nefzi" -> "Nefzi").

    The small NER model tags a lone "Nefzi" GPE once the article has introduced "Adel
    Nefzi"; such a word is a person's surname wherever it stands alone in that article.
    """
    return frozenset(
        m.group(2) for m in _FIRST_AND_SURNAME.finditer(text) if first_name_gender(m.group(1)) is not None
    )
