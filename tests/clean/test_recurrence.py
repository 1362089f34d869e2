"""Cross-page recurrence: what a site prints on several of its pages is furniture.

``data/harbour/`` holds four dumps of one invented outlet, the Harbour Gazette, sharing a
menu, a share bar, a "morning briefing" promo that reads like a sentence, a "Most read"
box and a footer; each has its own article body.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from saidwhat.clean import build_profile, clean
from saidwhat.clean.recurrence import PageLines, PagesProfile, line_ids, normalise_line, page_id, site_key
from saidwhat.clean.units import split_units
from saidwhat.models import Article, RawPage

HARBOUR = Path(__file__).parent / "data" / "harbour"
PROMO = "Get the Harbour Gazette morning briefing in your inbox every weekday at six."
FOOTER = ["© 2024 Harbour Gazette Ltd. All rights reserved.", "Most read", "Share on Facebook",
          "Privacy and cookies", "Contact the newsroom"]
KEEP = {
    "ferry": ["The island ferry operator will run two extra crossings a day this winter",
              "The operator said it would review fares in the spring"],
    "festival": ["The harbour festival will return on the second weekend of July",
                 "Stallholders will be able to apply for pitches from January."],
    "lifeboat": ['"He kept calm and he kept afloat, and that made our job much easier," he said.',
                 "The coastguard reminded paddlers to check tide times"],
    "promenade": ["Pedestrians will be diverted along Quay Street",
                  "Traders on the seafront said they had been given little notice"],
}


def _page(name: str, url: bool = True) -> RawPage:
    path = HARBOUR / f"{name}.txt"
    meta = (("url", f"https://www.harbourgazette.example/news/{name}"),) if url else ()
    return RawPage(name, str(path), path.read_text("utf-8"), "text", meta)


def _corpus(url: bool = True) -> list[RawPage]:
    return [_page(name, url) for name in sorted(KEEP)]


def _body(result: object) -> str:
    assert isinstance(result, Article), result
    return result.text


@pytest.mark.parametrize("name", sorted(KEEP))
def test_shared_furniture_is_dropped_and_body_kept(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(_corpus(), settings)
    body = _body(clean(_page(name), settings, profile))
    for line in KEEP[name]:
        assert line in body
    for line in [PROMO, *FOOTER]:
        assert line not in body


def test_the_promo_survives_on_a_page_alone(settings) -> None:  # type: ignore[no-untyped-def]
    # The promo is a finished sentence between body paragraphs: only the other pages of
    # the site give it away. (This is what the test above depends on the profile for.)
    assert PROMO in _body(clean(_page("ferry"), settings))


def test_a_lone_page_is_cleaned_exactly_as_without_a_profile(settings) -> None:  # type: ignore[no-untyped-def]
    page = _page("ferry")
    alone = clean(page, settings)
    assert clean(page, settings, build_profile([page], settings)) == alone
    # other sites' pages say nothing about this one
    others = [replace(p, meta=(("url", f"https://other.example/{p.doc_id}"),)) for p in _corpus()[1:]]
    assert clean(page, settings, build_profile([page, *others], settings)) == alone


def test_identical_copies_count_once(settings) -> None:  # type: ignore[no-untyped-def]
    page = _page("lifeboat")
    twin = replace(page, doc_id="lifeboat-again", path=str(HARBOUR / "again" / "lifeboat.txt"))
    assert clean(page, settings, build_profile([page, twin], settings)) == clean(page, settings)


def test_a_republished_article_keeps_its_body(settings) -> None:  # type: ignore[no-untyped-def]
    # The same story scraped again after an update: new timestamp and one added line.
    # Its paragraphs recur on the copy, but a copy is not the site's furniture.
    page = _page("festival")
    updated = page.text.replace("Published 09:05, 5 November 2024", "Updated 16:40, 5 November 2024").replace(
        "Stallholders will be able", "This article was updated with the sponsor deadline.\n\nStallholders will be able")
    copy = replace(page, doc_id="festival-updated", text=updated)
    profile = build_profile([*_corpus(), copy], settings)
    body = _body(clean(page, settings, profile))
    for line in KEEP["festival"]:
        assert line in body
    assert PROMO not in body


def test_site_is_the_url_host_else_the_outlet_else_the_folder(settings) -> None:  # type: ignore[no-untyped-def]
    assert site_key(_page("ferry"), settings) == "harbourgazette.example"
    bare = _page("ferry", url=False)
    # the footer "© 2024 Harbour Gazette Ltd. All rights reserved." names the outlet
    assert site_key(bare, settings) == "outlet:Harbour Gazette"
    assert site_key(bare, replace(settings, outlet="Tide Times")) == "outlet:Tide Times"
    assert site_key(replace(bare, meta=(("outlet", "Quay Weekly"),)), settings) == "outlet:Quay Weekly"
    unnamed = replace(bare, text="A page with no footer.\nIts second line says nothing of its outlet.\n")
    assert site_key(unnamed, settings) == f"dir:{HARBOUR}"
    record = replace(unnamed, path=f"{HARBOUR / 'dump.jsonl'}#17")
    assert site_key(record, settings) == f"dir:{HARBOUR}"


def test_a_folder_mixing_outlets_is_profiled_per_outlet(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The same promo line printed under two outlets' footers in one folder recurs on no
    # other page of either outlet.
    pages = []
    for i, outlet in enumerate(["Harbour Gazette", "Quay Weekly"]):
        text = (f"{PROMO}\nThe council met on Monday to discuss item {i}.\n"
                f"© 2024 {outlet}. All rights reserved.\n")
        pages.append(RawPage(f"p{i}", str(tmp_path / f"p{i}.txt"), text, "text"))
    profile = build_profile(pages, settings)
    units = split_units(pages[0].text)
    assert profile.counts(site_key(pages[0], settings, units), pages[0].text, units).others == (0, 0, 0)


def test_pages_without_urls_group_by_the_outlet_their_footer_names(settings) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(_corpus(url=False), settings)
    body = _body(clean(_page("ferry", url=False), settings, profile))
    assert PROMO not in body
    assert KEEP["ferry"][1] in body


def test_line_key_ignores_case_digits_and_spacing() -> None:
    assert normalise_line("  Updated 12:41 GMT,   3 March 2024 ") == normalise_line("UPDATED 09:05 gmt, 14 March 2025")
    assert normalise_line("Most read") != normalise_line("Most shared")


def test_counts_say_which_lines_recur_on_other_pages(settings) -> None:  # type: ignore[no-untyped-def]
    pages = _corpus()
    profile = build_profile(pages, settings)
    ferry = pages[0]
    units = split_units(ferry.text)
    counts = profile.counts(site_key(ferry, settings), ferry.text, units)
    by_text = dict(zip((u.text for u in units), counts.others))
    assert counts.site_pages == 3
    assert by_text[PROMO] == 3
    assert by_text["Published 14:32, 3 November 2024"] == 3  # digits collapsed
    assert by_text["By Tessa Marlowe, Transport Correspondent"] == 0  # "By Tessa Marlowe" elsewhere
    assert by_text[KEEP["ferry"][1] + ", once it had figures for the whole winter."] == 0


def test_profile_pickles_for_worker_processes(settings) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(_corpus(), settings)
    again = pickle.loads(pickle.dumps(profile))
    page = _page("promenade")
    assert clean(page, settings, again) == clean(page, settings, profile)


def test_html_pages_are_not_profiled(settings) -> None:  # type: ignore[no-untyped-def]
    html = RawPage("h", str(HARBOUR / "h.html"), "<html><body><p>Most read</p></body></html>", "html")
    assert build_profile([html], settings).lines == {}


def test_a_batch_share_of_the_profile_answers_as_the_whole_profile(settings) -> None:  # type: ignore[no-untyped-def]
    # What the Spark aggregation hands each batch: per page, its own recurring lines only.
    pages = _corpus()
    whole = build_profile(pages, settings)
    share = {}
    for page in pages:
        units = split_units(page.text)
        site = site_key(page, settings, units)
        site_lines = whole.lines[site]
        mine = {k: site_lines[k] for k in line_ids(units) if k in site_lines}
        share[site, page_id(page.text)] = PageLines(mine, whole.pages[site])
    batch = PagesProfile(share)
    for page in pages:
        units = split_units(page.text)
        site = site_key(page, settings, units)
        assert batch.counts(site, page.text, units) == whole.counts(site, page.text, units)
    assert clean(pages[0], settings, batch) == clean(pages[0], settings, whole)


def test_profile_memory_is_bounded_by_its_budget(settings) -> None:  # type: ignore[no-untyped-def]
    # 300 pages of one site: three furniture lines each, and 20 lines of their own.
    def page(i: int) -> RawPage:
        body = "\n".join(f"Story {i} paragraph {chr(97 + j)} says something only page {i} says." for j in range(20))
        body = body.translate(str.maketrans("0123456789", "abcdefghij"))  # digits would collapse
        text = f"Home | News | Sport\n{body}\nMost read\n© 2024 Harbour Gazette Ltd. All rights reserved.\n"
        return RawPage(f"p{i}", f"/site/p{i}.txt", text, "text", (("url", f"https://hg.example/{i}"),))

    pages = [page(i) for i in range(300)]
    profile = build_profile(pages, settings, budget=200)
    assert profile.pages == {"hg.example": 300}
    assert sorted(len(v) for v in profile.lines["hg.example"].values()) == [64, 64, 64]
    units = split_units(pages[-1].text)
    counts = profile.counts("hg.example", pages[-1].text, units)
    assert counts.others == (64,) + (0,) * 20 + (64, 64)
    assert counts.site_pages == 299
    unbounded = build_profile(pages, settings)
    assert len(unbounded.lines["hg.example"]) == 3
