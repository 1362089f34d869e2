"""Cross-validation folds of ``saidwhat train cleaning``: split by page, never by dump."""

from __future__ import annotations

from saidwhat.clean.train import PageData, fold_of


def _pages() -> list[PageData]:
    ids = [f"page{i:02d}" for i in range(12)]
    return [PageData(pid, flattener, "", [], None, [], []) for flattener in ("lxml_blocks", "inscriptis")
            for pid in ids]


def test_both_flatteners_of_a_page_share_a_fold() -> None:
    pages = _pages()
    for seed in (None, 0, 1):
        fold = fold_of(pages, 5, seed)
        by_page: dict[str, set[int]] = {}
        for page, k in zip(pages, fold):
            by_page.setdefault(page.page_id, set()).add(k)
        assert all(len(ks) == 1 for ks in by_page.values())
        # 12 pages over 5 folds: sizes 3, 3, 2, 2, 2 (each page counted once)
        sizes = sorted((sum(1 for ks in by_page.values() if k in ks) for k in range(5)), reverse=True)
        assert sizes == [3, 3, 2, 2, 2]


def test_default_split_is_fixed_and_a_seed_reshuffles_it() -> None:
    pages = _pages()
    assert fold_of(pages, 5) == fold_of(pages, 5)
    assert fold_of(pages, 5)[:5] == [0, 1, 2, 3, 4]  # sorted ids dealt round-robin
    assert fold_of(pages, 5, seed=0) == fold_of(pages, 5, seed=0)
    assert fold_of(pages, 5, seed=0) != fold_of(pages, 5)
