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


def _said(
    doc_id: str, date: str, source: str, content: str, speaker: str, type_: str, outlet: str = "Wire"
) -> Parsed:
    """One article "<source> said <content>." with its attribution already resolved."""
    text = f"{source} said {content}."
    a, b = len(source) + 6, len(source) + 6 + len(content)
    att = Attribution(
        content=((a, b),), source=((0, len(source)),), cue=((len(source) + 1, len(source) + 5),),
        kind="indirect", source_text=source, speaker=speaker, speaker_type=type_,  # type: ignore[arg-type]
    )
    return Parsed(Article(doc_id=doc_id, path=f"{doc_id}.txt", text=text, published=date, outlet=outlet), (att,))


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


def test_short_organisation_names_join_the_one_they_stand_for() -> None:
    obs = [Obs("Civic Renewal", "ORG", None, "d1"), Obs("Civic Renewal", "ORG", None, "d7"),
           Obs("Civic Renewal party", "ORG", None, "d2"),
           Obs("National Bank of Veskara", "ORG", None, "d3"), Obs("National Bank", "ORG", None, "d4"),
           Obs("National Theatre", "ORG", None, "d5")]
    out, reasons = group_aliases(obs)
    assert [out[n].name for n in ("Civic Renewal party", "National Bank", "National Theatre")] == [
        "Civic Renewal", "National Bank of Veskara", "National Theatre"]
    assert reasons["National Bank"] == "the start of the one longer name National Bank of Veskara"
    two = merge_aliases([*obs, Obs("National Bank of Arland", "ORG", None, "d6")])
    assert two["National Bank"].name == "National Bank"  # two banks of something: no guess


def _two_linds(**bare: str) -> list[Obs]:
    """Two full names that share the surname Lind, each named twice, far apart in time and
    in different outlets, and one bare "Minister Lind" in a document of its own."""
    return [
        Obs("Ana Lind", "PERSON", None, "a1", "2026-03-01", "Harbor Post"),
        Obs("Ana Lind", "PERSON", None, "a2", "2026-03-03", "Harbor Post"),
        Obs("Jonas Lind", "PERSON", None, "j1", "2026-09-20", "Valley Times"),
        Obs("Jonas Lind", "PERSON", None, "j2", "2026-09-22", "Valley Times"),
        Obs("Minister Lind", "PERSON", None, "m1", bare.get("published"), bare.get("outlet")),
    ]


def test_surname_with_two_namesakes_joins_the_one_named_within_the_time_window() -> None:
    out, reasons = group_aliases(_two_linds(published="2026-03-10", outlet="Coast Wire"))
    assert out["Minister Lind"].name == "Ana Lind"
    assert reasons["Minister Lind"] == (
        "surname alone (lind): 2 full names share it; the only one named within 14 days of it"
    )
    assert explain_speaker("Ana Lind", _two_linds(published="2026-03-10"))[1] == [
        ("Ana Lind", "canonical name"),
        ("Minister Lind", "surname alone (lind): 2 full names share it; the only one named within 14 days of it"),
    ]


def test_surname_with_two_namesakes_joins_the_one_in_the_same_outlet() -> None:
    out, reasons = group_aliases(_two_linds(published="2026-06-15", outlet="Valley Times"))
    assert out["Minister Lind"].name == "Jonas Lind"
    assert reasons["Minister Lind"] == (
        "surname alone (lind): 2 full names share it; the only one in the same outlet (valley times)"
    )


def test_surname_with_two_namesakes_and_no_evidence_stays_apart() -> None:
    out, reasons = group_aliases(_two_linds(published="2026-06-15", outlet="Coast Wire"))
    assert out["Minister Lind"].name == "Lind"
    assert out["Ana Lind"].aliases == ("Ana Lind",) and out["Jonas Lind"].aliases == ("Jonas Lind",)
    assert reasons["Minister Lind"].endswith("single one out: no join")
    # nor without any date or outlet at all
    assert merge_aliases(_two_linds())["Minister Lind"].name == "Lind"


def test_surname_with_one_namesake_joins_it_whatever_the_date() -> None:
    obs = [o for o in _two_linds(published="2026-12-30", outlet="Coast Wire") if o.name != "Jonas Lind"]
    assert merge_aliases(obs)["Minister Lind"].name == "Ana Lind"


def test_surname_joins_the_dominant_namesake_without_other_evidence() -> None:
    obs = [*_two_linds(), *(Obs("Ana Lind", "PERSON", None, f"a{i}") for i in range(3, 7))]
    out, reasons = group_aliases(obs)
    assert out["Minister Lind"].name == "Ana Lind"
    assert reasons["Minister Lind"].endswith("named in 6 of their 8 full-name mentions")


def test_explain_cli_gives_the_time_and_outlet_evidence(tmp_path: Path) -> None:
    docs = [
        _said("h1", "2026-03-01", "Ana Lind", "the port would reopen", "Ana Lind", "PERSON", "Harbor Post"),
        _said("v1", "2026-09-20", "Jonas Lind", "the dam was safe", "Jonas Lind", "PERSON", "Valley Times"),
        _said("h2", "2026-03-08", "Minister Lind", "the ferries would run", "Minister Lind", "PERSON", "Coast Wire"),
        _said("v2", "2026-06-01", "Lind", "the river was rising", "Lind", "PERSON", "Valley Times"),
    ]
    db = str(tmp_path / "linds.db")
    with open_store(db) as store:
        store.add_batch(docs, None)
        refresh_speakers(store)
    runner = CliRunner()

    def explain(name: str) -> tuple[int, list[tuple[str, str]]]:
        result = runner.invoke(app, ["speakers", "explain", name, "--db", db, "--format", "jsonl"])
        return result.exit_code, [(row["alias"], row["reason"]) for row in map(json.loads, result.stdout.splitlines())]

    assert explain("Ana Lind") == (0, [
        ("Ana Lind", "canonical name"),
        ("Minister Lind", "surname alone (lind): 2 full names share it; the only one named within 14 days of it"),
    ])
    assert explain("Jonas Lind") == (0, [
        ("Jonas Lind", "canonical name"),
        ("Lind", "surname alone (lind): 2 full names share it; the only one in the same outlet (valley times)"),
    ])
