"""Japanese and Chinese lines: words counted without spaces, and an invented Japanese page
dump whose paragraphs must survive cleaning while its menu goes."""

from __future__ import annotations

from saidwhat.clean import clean
from saidwhat.clean.describe import line_stats
from saidwhat.config import load_settings
from saidwhat.models import Article, RawPage


def test_a_japanese_sentence_counts_one_word_per_two_characters() -> None:
    # 29 characters in one run ("。" ends it): 15 words; の x2, は, に, を, と: 6 function words
    b = line_stats("市の港湾局は火曜日に新しいフェリーの運航を始めると発表した。")
    assert (b["n"], b["stop_ratio"], b["terminal"]) == (15.0, 0.4, 1.0)


def test_an_english_line_counts_as_before() -> None:
    b = line_stats("The ferry will run twice a day.")
    assert (b["n"], b["stop_ratio"]) == (7.0, 3 / 7)  # the, will, a


PARAGRAPHS = [
    "市の港湾局は火曜日に、島と本土を結ぶ新しいフェリーの運航を来月から始めると発表した。",
    "新しい船は一日に六便運航し、これまでより二十分早く島に着くという。",
    "島に住む人たちは、冬の間も船が止まらないことを望んでいると話した。",
    "局長は記者会見で「島の暮らしを支える大切な足になる」と述べた。",
    "運賃は今の船と同じで、子どもと高齢者には割引がある。",
]
MENU = ["ホーム", "ニュース", "政治", "経済", "国際", "スポーツ", "天気", "地域", "動画", "特集", "ログイン",
        "新規登録"]
FOOTER = ["会社概要", "お問い合わせ", "利用規約", "プライバシーポリシー", "サイトマップ"]


def test_a_japanese_dump_keeps_its_paragraphs_and_drops_its_menu() -> None:
    text = "\n".join(MENU + ["新しいフェリー、来月から運航"] + PARAGRAPHS + FOOTER) + "\n"
    article = clean(RawPage("ja", "ja.txt", text, "text", (), "utf-8"), load_settings(env={}))
    assert isinstance(article, Article)
    assert article.text.split("\n\n") == PARAGRAPHS
