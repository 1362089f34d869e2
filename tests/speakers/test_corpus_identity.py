"""Corpus-wide identity: a lone surname joins the one full name, roles stay with their person,
and `saidwhat speakers explain` says why each alias joined (real SQLite file, CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.models import Article, Attribution, Parsed
from saidwhat.models import SpeakerObservation as Obs
from saidwhat.service.speakers import refresh_speakers
from saidwhat.speakers import merge_aliases
from saidwhat.speakers.aliases import explain_speaker, group_aliases
from saidwhat.store import open_store


def test_surname_typed_org_joins_the_one_full_name() -> None:
    obs = [
        Obs("Elena Varga", "PERSON", "Foreign Minister", "d1"),
        Obs("Varga", "ORG", None, "d2"),
        Obs("Minister Varga", "PERSON", None, "d3"),
    ]
    out = merge_aliases(obs)
    assert out["Varga"].name == "Elena Varga"
    assert out["Minister Varga"].name == "Elena Varga"
    assert out["Varga"].type == "PERSON"
    assert out["Elena Varga"].aliases == ("Elena Varga", "Minister Varga", "Varga")


def test_surname_stays_apart_when_an_organisation_starts_with_it() -> None:
    # "Varga Holdings" makes a lone "Varga" ORG ambiguous: nothing joins.
    obs = [Obs("Elena Varga", "PERSON", None, "d1"), Obs("Varga Holdings", "ORG", None, "d2"),
           Obs("Varga", "ORG", None, "d3")]
    assert merge_aliases(obs)["Varga"].name == "Varga"


def test_surname_stays_apart_when_two_full_names_share_it() -> None:
    obs = [Obs("Elena Varga", "PERSON", None, "d1"), Obs("Milos Varga", "PERSON", None, "d2"),
           Obs("Varga", "ORG", None, "d3")]
    assert merge_aliases(obs)["Varga"].name == "Varga"


def test_roles_come_only_from_the_persons_own_mentions() -> None:
    # A bare "Marlow" in the candidate's document goes to him, but the article gave that
    # mention the judge's role (a wrong in-document link): the role must not follow it.
    obs = [
        Obs("Daniel Marlow", "PERSON", "candidate", "d1"),
        Obs("Daniel Marlow", "PERSON", "candidate", "d2"),
        Obs("Ruth Marlow", "PERSON", "federal judge", "d3"),
        Obs("Marlow", "PERSON", "federal judge", "d1"),
    ]
    out = merge_aliases(obs)
    assert out["Marlow"].name == "Daniel Marlow"
    assert out["Daniel Marlow"].roles == ("candidate",)


def test_every_alias_has_a_reason() -> None:
    obs = [Obs("Elena Varga", "PERSON", None, "d1"), Obs("Varga", "ORG", None, "d2"),
           Obs("International Migration Council", "ORG", None, "d3"), Obs("IMC", "ORG", None, "d4")]
    _, reasons = group_aliases(obs)
    assert reasons == {
        "Elena Varga": "canonical name",
        "Varga": "typed ORG in its documents, but surname alone (varga): the only full name with it in the corpus",
        "International Migration Council": "canonical name",
        "IMC": "acronym of International Migration Council",
    }
    assert explain_speaker("imc", obs) == (
        "International Migration Council",
        [("IMC", "acronym of International Migration Council"), ("International Migration Council", "canonical name")],
    )
    assert explain_speaker("Nobody", obs) is None


def _said(doc_id: str, date: str, source: str, content: str, speaker: str, type_: str) -> Parsed:
    """One article "<source> said <content>." with its attribution already resolved."""
    text = f"{source} said {content}."
    a, b = len(source) + 6, len(source) + 6 + len(content)
    att = Attribution(
        content=((a, b),), source=((0, len(source)),), cue=((len(source) + 1, len(source) + 5),),
        kind="indirect", source_text=source, speaker=speaker, speaker_type=type_,  # type: ignore[arg-type]
    )
    return Parsed(Article(doc_id=doc_id, path=f"{doc_id}.txt", text=text, published=date, outlet="Wire"), (att,))


def _db(tmp_path: Path) -> str:
    docs = [
        _said("d1", "2026-01-02", "Foreign Minister Elena Varga", "the deal was fair", "Elena Varga", "PERSON"),
        _said("d2", "2026-01-09", "Varga", "the talks would go on", "Varga", "ORG"),
    ]
    path = str(tmp_path / "identity.db")
    with open_store(path) as store:
        store.add_batch(docs, None)
        refresh_speakers(store)
    return path


def test_explain_cli(tmp_path: Path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["speakers", "explain", "Varga", "--db", db, "--format", "jsonl"])
    assert (result.exit_code, result.stderr) == (0, "2 aliases of Elena Varga\n")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"speaker": "Elena Varga", "alias": "Elena Varga", "reason": "canonical name"},
        {"speaker": "Elena Varga", "alias": "Varga",
         "reason": "typed ORG in its documents, but surname alone (varga): the only full name with it in the corpus"},
    ]
    as_csv = runner.invoke(app, ["speakers", "explain", "Varga", "--db", db, "--format", "csv"])
    assert as_csv.stdout.splitlines()[:2] == ["speaker,alias,reason", "Elena Varga,Elena Varga,canonical name"]
    table = runner.invoke(app, ["speakers", "explain", "varga", "--db", db])
    assert table.exit_code == 0 and "surname alone (varga)" in table.stdout
    missing = runner.invoke(app, ["speakers", "explain", "Elena Vargas", "--db", db])
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert "did you mean 'Elena Varga'" in missing.stderr
    assert runner.invoke(app, ["speakers", "explain", "Varga", "--db", db, "--format", "xml"]).exit_code == 2
