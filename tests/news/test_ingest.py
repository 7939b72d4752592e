"""Ingest of every input format, and clear errors for bad input (nothing crashes).

Oracles: the hand-written files in tests/news/data (their metadata is known by
construction).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assay.importers import news
from assay.importers.news import NewsInputError, read_file, read_paths

DATA = Path(__file__).parent / "data"


def test_plain_text_title_and_byline_date(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Headline of the story\n\nIANS February 25, 2025\n\nBody text about lithium.")
    (doc,) = read_file(f)
    assert doc.title == "Headline of the story"
    assert doc.date == date(2025, 2, 25) and doc.date_source == "byline"
    assert doc.id == "a" and doc.format == "text"


def test_html_extracts_article_and_metadata() -> None:
    (doc,) = read_file(DATA / "article.html")
    assert doc.format == "html"
    assert doc.title == "China tightens rare earth export controls"
    assert doc.date == date(2025, 4, 7) and doc.date_source == "metadata"
    assert doc.outlet == "Example Wire"
    assert doc.url == "https://news.example.org/2025/04/china-export-controls"
    assert "Beijing expanded export controls" in doc.text
    assert "Log in" not in doc.text  # navigation removed
    assert "alert(" not in doc.text  # scripts are not article text


def test_broken_html_is_read() -> None:
    (doc,) = read_file(DATA / "broken.html")
    assert "gallium" in doc.text.lower()


def test_rss_items() -> None:
    docs = read_file(DATA / "feed.rss")
    assert [d.id for d in docs] == ["feed#1", "feed#2"]
    assert docs[0].title.startswith("Russia ranks fourth")
    assert docs[0].date == date(2025, 2, 26)
    assert docs[0].outlet == "Minerals Daily"
    assert docs[0].url == "https://minerals.example.org/a1"
    assert "<p>" not in docs[0].text and docs[0].text.startswith("Russia ranks fourth")


def test_atom_entries() -> None:
    (doc,) = read_file(DATA / "feed.atom")
    assert doc.format == "atom" and doc.date == date(2025, 3, 2)
    assert doc.url == "https://ore.example.org/e1"
    assert doc.text == "China produces 69% of the world's rare earth mine output."


def test_jsonl_records() -> None:
    docs = read_file(DATA / "articles.jsonl")
    assert [(d.id, d.date, d.outlet) for d in docs] == [
        ("j1", date(2025, 3, 10), "Wire A"),
        ("j2", date(2025, 3, 11), None),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty.txt: file is empty"),
        ("blank.txt", "blank.txt: file is empty"),
        ("bad.jsonl", "bad.jsonl: line 2: not valid JSON"),
        ("notext.jsonl", "notext.jsonl: line 1: column 'text' missing"),
    ],
)
def test_bad_files_raise_clear_errors(name: str, message: str) -> None:
    with pytest.raises(NewsInputError, match=message.replace("(", r"\(")):
        read_file(DATA / name)


def test_broken_feed(tmp_path: Path) -> None:
    f = tmp_path / "x.rss"
    f.write_text("<rss><channel><item><title>t</title></channel>")
    with pytest.raises(NewsInputError, match=r"x.rss: feed is not well-formed XML"):
        read_file(f)


def test_feed_with_entities_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "bomb.xml"
    f.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')
    with pytest.raises(NewsInputError, match="entities"):
        read_file(f)


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: no 21 MiB written
        fh.truncate(news.MAX_FILE_BYTES + 1)
    with pytest.raises(NewsInputError, match=r"huge.txt: file is 20.0 MiB, over the 20 MiB"):
        read_file(f)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "img.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(NewsInputError, match="binary file"):
        read_file(f)


def test_legacy_encoding_and_non_english_text(tmp_path: Path) -> None:
    f = tmp_path / "cp.txt"
    f.write_bytes("Caf\xe9 story\n\nR\xe9sum\xe9 of lithium news.".encode("latin-1"))
    (doc,) = read_file(f)
    assert doc.title == "Café story"
    (ru,) = read_file(DATA / "russian.txt")
    assert ru.title.startswith("Россия")


def test_folder_skips_readme_and_collects_errors(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not an article")
    (tmp_path / "a.txt").write_text("Title\n\nLithium is not a rare earth.")
    (tmp_path / "b.txt").write_text("")
    docs, errors = read_paths([tmp_path], default_date=date(2025, 3, 1), strict=False)
    assert [d.id for d in docs] == ["a"]
    assert docs[0].date == date(2025, 3, 1) and docs[0].date_source == "caller"
    assert len(errors) == 1 and errors[0].endswith("b.txt: file is empty")
    with pytest.raises(NewsInputError, match="b.txt: file is empty"):
        read_paths([tmp_path])


def test_missing_path() -> None:
    with pytest.raises(NewsInputError, match="no such file or folder"):
        read_paths(["/nonexistent/news/file.txt"])


def test_overlong_text_is_refused() -> None:
    with pytest.raises(NewsInputError, match=r"over the 2,000,000 limit"):
        news.document_from_text("x" * (news.MAX_TEXT_CHARS + 1), doc_id="long")
