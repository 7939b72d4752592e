"""Read news articles from plain text, HTML, RSS/Atom feeds and JSON Lines.

Every input becomes a :class:`NewsDocument` with its text, title, outlet, publication date
and address when the input has them. Files or folders are accepted; a folder is read
recursively in name order. Bad input raises :class:`NewsInputError`, whose message names
the file (and the line, for JSON Lines) and says what is wrong: an empty file, a file over
the size limit, a feed that is not XML, a JSON line that is not an object or has no text.

HTML article text is extracted with trafilatura (Barbaresi 2021, ACL demo "Trafilatura: A
Web Scraping Library and Command-Line Tool for Text Discovery and Extraction"), given the
HTML string only: nothing is ever fetched. Feeds are parsed with the standard library XML
parser (RSS 2.0 ``item`` and Atom 1.0 ``entry``, RFC 4287).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

#: Largest input file read [bytes]; bigger files are refused with a clear error.
MAX_FILE_BYTES = 20 * 2**20
#: Largest single article text kept [characters]; longer texts are refused.
MAX_TEXT_CHARS = 2_000_000

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


class NewsInputError(ValueError):
    """An input file that cannot be read as news (the message names file and line)."""


@dataclass
class NewsDocument:
    """One article.

    Attributes
    ----------
    id : str
        Stable identifier: the file stem, ``stem#n`` for the n-th item of a feed or JSON
        Lines file, or a content hash for text given directly.
    text : str
        Article body (title not included unless the input had no separate title).
    title, outlet, url, author : str or None
        Metadata when the input carries it.
    date : datetime.date or None
        Publication date when the input carries it (or the caller supplied one).
    date_source : str or None
        Where ``date`` came from: 'metadata', 'byline', 'caller'.
    path : str or None
        File the document was read from.
    format : str
        'text', 'html', 'rss', 'atom' or 'jsonl'.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    date: date | None = None
    date_source: str | None = None
    path: str | None = None
    format: str = "text"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


# -- dates ---------------------------------------------------------------------------------

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_BYLINE_DATE = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}}),\s*(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def parse_date(value: str | None) -> date | None:
    """Parse a metadata date: ISO 8601, RFC 822 (RSS ``pubDate``) or 'Month D, YYYY'.

    Returns None when ``value`` is empty or not a date.
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO_DATE.search(value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _BYLINE_DATE.search(value)
    if m:
        try:
            return date(int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"]))
        except ValueError:
            return None
    return None


# Words that, right before a date, make it a date the text talks about ("until 10 November
# 2026", "effective from 1 December 2025"), not the date the text was published.
_CONTENT_PREPOSITION = re.compile(
    r"\b(?:until|till|through|thru|by|from|since|before|after|to|on|in|of|effective|"
    r"expires?|expiring|ending|starting|beginning|between|and)\s*$",
    re.IGNORECASE,
)
# Labels that introduce the publication date on a byline ("Published: ...", "Updated on ...").
_BYLINE_LABEL = re.compile(r"\b(?:published|updated|posted|dated?|released)\b", re.IGNORECASE)
# A byline or dateline is a short line ("IANS February 25, 2025 252 views", "By A. Writer |
# March 3, 2025"); a date inside a longer sentence is content.
_BYLINE_LINE_CHARS = 80


def _is_byline(head: str, start: int, end: int) -> bool:
    """Whether the date at ``head[start:end]`` reads as a byline/dateline date."""
    line_start = head.rfind("\n", 0, start) + 1
    line_end = head.find("\n", end)
    line_end = len(head) if line_end < 0 else line_end
    before = head[line_start:start]
    if _BYLINE_LABEL.search(before):
        return True
    if _CONTENT_PREPOSITION.search(before):
        return False
    return not before.strip() or len(head[line_start:line_end].strip()) <= _BYLINE_LINE_CHARS


def byline_date(text: str, window: int = 400) -> date | None:
    """A publication date written in the first ``window`` characters (a byline or dateline).

    Only a full 'Month D, YYYY' or ISO date counts, and only where a byline puts it: after a
    label ("Published", "Updated"), at the start of a line, or on a short line of its own
    (at most 80 characters). A date in running text ("the pause runs until November 10,
    2026") is something the article reports, so it never dates the article. Phrases such
    as 'last Friday' are resolved later against the publication date, not used to find it.
    """
    head = text[:window]
    found = sorted(
        [*_BYLINE_DATE.finditer(head), *_ISO_DATE.finditer(head)], key=lambda m: m.start()
    )
    for m in found:
        if _is_byline(head, m.start(), m.end()):
            day = parse_date(m.group(0))
            if day is not None:
                return day
    return None


# -- readers -------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NewsInputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if size > MAX_FILE_BYTES:
        raise NewsInputError(
            f"{path}: file is {size / 2**20:.1f} MiB, over the {MAX_FILE_BYTES / 2**20:.0f} MiB "
            "limit for one news file; split it (e.g. one article per line of JSON Lines)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NewsInputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise NewsInputError(f"{path}: file is empty")
    return data


def _decode(data: bytes, path: Path | str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NewsInputError(f"{path}: binary file, not text")
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Legacy single-byte encodings are common in scraped news; cp1252 decodes any byte.
    return data.decode("cp1252", errors="replace")


def _check_text(text: str, where: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NewsInputError(f"{where}: no article text")
    if len(text) > MAX_TEXT_CHARS:
        raise NewsInputError(
            f"{where}: article is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit"
        )
    return text


def document_from_text(
    text: str,
    *,
    doc_id: str | None = None,
    title: str | None = None,
    date_: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
    path: str | None = None,
) -> NewsDocument:
    """A document from plain text; the first line is the title when none is given."""
    where = path or doc_id or "text"
    text = _check_text(text, where)
    body = text
    if title is None:
        first, _, rest = text.lstrip().partition("\n")
        if rest.strip() and len(first) <= 200:
            title, body = first.strip(), text
    date_source = "caller" if date_ else None
    if date_ is None:
        date_ = byline_date(text)
        date_source = "byline" if date_ else None
    if doc_id is None:
        doc_id = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:12]
    return NewsDocument(
        id=doc_id,
        text=body,
        title=title,
        date=date_,
        date_source=date_source,
        url=url,
        outlet=outlet,
        path=path,
        format="text",
    )


def document_from_html(html_text: str, *, doc_id: str, path: str | None = None) -> NewsDocument:
    """A document from an HTML page: main text, title, date, author, site name, address.

    Uses ``trafilatura.extract`` and ``trafilatura.extract_metadata`` on the string (no
    network). Broken or truncated HTML is handled by lxml's recovering parser; a page with
    no extractable text raises :class:`NewsInputError`.
    """
    import trafilatura

    where = path or doc_id
    try:
        body = trafilatura.extract(
            html_text, include_comments=False, include_tables=False, favor_recall=True
        )
        meta = trafilatura.extract_metadata(html_text)
    except Exception as exc:  # trafilatura raises lxml/ValueError subclasses on garbage
        raise NewsInputError(f"{where}: HTML could not be parsed ({exc})") from exc
    if not body or not body.strip():
        # very short or malformed pages: fall back to the visible text without tags
        stripped = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html_text)
        stripped = html.unescape(re.sub(r"(?s)<[^>]*>", " ", stripped))
        body = re.sub(r"[ \t]+", " ", stripped).strip()
    body = _check_text(body or "", where)
    title = meta.title if meta and meta.title else None
    pub = parse_date(meta.date) if meta and meta.date else None
    return NewsDocument(
        id=doc_id,
        text=body,
        title=title,
        outlet=(meta.sitename if meta else None) or None,
        url=(meta.url if meta else None) or None,
        author=(meta.author if meta else None) or None,
        date=pub or byline_date(body),
        date_source="metadata" if pub else ("byline" if byline_date(body) else None),
        path=path,
        format="html",
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el: ET.Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names:
            if _local(child.tag) == "link" and child.get("href"):
                return child.get("href")
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _markup_to_text(value: str) -> str:
    if "<" in value and ">" in value:
        value = re.sub(r"(?i)<br\s*/?>|</p>", "\n", value)
        value = re.sub(r"(?s)<[^>]*>", " ", value)
    return html.unescape(value).strip()


def documents_from_feed(data: bytes, *, stem: str, path: str) -> list[NewsDocument]:
    """Items of an RSS 2.0 or Atom 1.0 feed, one document each."""
    if b"<!ENTITY" in data[:10000]:
        raise NewsInputError(f"{path}: feed declares XML entities; refused (entity expansion)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise NewsInputError(f"{path}: feed is not well-formed XML ({exc})") from exc
    kind = "atom" if _local(root.tag) == "feed" else "rss"
    channel_title = None
    for el in root.iter():
        if _local(el.tag) in ("channel", "feed"):
            channel_title = _child_text(el, "title")
            break
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    if not items:
        raise NewsInputError(f"{path}: feed has no <item> or <entry>")
    docs = []
    for n, item in enumerate(items, start=1):
        body = _child_text(item, "encoded", "content", "description", "summary")
        title = _child_text(item, "title")
        text = _markup_to_text(body or "") or (title or "")
        where = f"{path} item {n}"
        docs.append(
            NewsDocument(
                id=f"{stem}#{n}",
                text=_check_text(text, where),
                title=title,
                outlet=channel_title,
                url=_child_text(item, "link", "guid", "id"),
                author=_child_text(item, "creator", "author"),
                date=parse_date(_child_text(item, "pubdate", "published", "updated", "date")),
                date_source="metadata",
                path=path,
                format=kind,
            )
        )
        if docs[-1].date is None:
            docs[-1].date_source = None
    return docs


_JSON_TEXT_KEYS = ("text", "body", "content", "article")
_JSON_DATE_KEYS = ("date", "published", "pub_date", "publication_date", "published_at")


def documents_from_jsonl(text: str, *, stem: str, path: str) -> list[NewsDocument]:
    """One document per non-blank line: an object with 'text' (or body/content/article)
    and optional 'id', 'title', 'date', 'url', 'outlet'. A ``.json`` file may also hold a
    list of such objects."""
    stripped = text.strip()
    records: list[tuple[int, Any]] = []
    if stripped.startswith("["):
        try:
            records = list(enumerate(json.loads(stripped), start=1))
        except json.JSONDecodeError as exc:
            raise NewsInputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    else:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((lineno, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise NewsInputError(
                    f"{path}: line {lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
                ) from exc
    docs = []
    for lineno, rec in records:
        if not isinstance(rec, dict):
            raise NewsInputError(f"{path}: line {lineno}: expected a JSON object")
        body = next((rec[k] for k in _JSON_TEXT_KEYS if isinstance(rec.get(k), str)), None)
        if body is None:
            raise NewsInputError(
                f"{path}: line {lineno}: column 'text' missing (or body/content/article)"
            )
        raw_date = next((rec[k] for k in _JSON_DATE_KEYS if rec.get(k)), None)
        pub = parse_date(str(raw_date)) if raw_date else None
        if raw_date and pub is None:
            raise NewsInputError(
                f"{path}: line {lineno}: column 'date' is not a date: {raw_date!r}"
            )
        where = f"{path}: line {lineno}"
        docs.append(
            NewsDocument(
                id=str(rec.get("id") or f"{stem}#{lineno}"),
                text=_check_text(body, where),
                title=rec.get("title"),
                outlet=rec.get("outlet") or rec.get("source"),
                url=rec.get("url"),
                author=rec.get("author"),
                date=pub,
                date_source="metadata" if pub else None,
                path=path,
                format="jsonl",
            )
        )
    if not docs:
        raise NewsInputError(f"{path}: no records")
    return docs


def _looks_like_html(head: str) -> bool:
    h = head.lstrip()[:500].lower()
    return h.startswith(("<!doctype html", "<html")) or "<body" in h or "<article" in h


def _looks_like_feed(head: str) -> bool:
    h = head.lstrip()[:500].lower()
    return (
        h.startswith("<?xml") and ("<rss" in h or "<feed" in h) or h.startswith(("<rss", "<feed"))
    )


def read_file(path: str | Path) -> list[NewsDocument]:
    """All documents in one file, the format chosen by suffix and then by content."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    where = str(path)
    if suffix in JSONL_SUFFIXES:
        return documents_from_jsonl(_decode(data, where), stem=path.stem, path=where)
    text = _decode(data, where)
    if suffix in FEED_SUFFIXES or _looks_like_feed(text):
        return documents_from_feed(data, stem=path.stem, path=where)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        return [document_from_html(text, doc_id=path.stem, path=where)]
    return [document_from_text(text, doc_id=path.stem, path=where)]


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files under folders named (recursively, sorted, hidden ones and
    README files skipped)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    if child.name.lower() in ("readme.md", "readme.txt", "readme"):
                        continue
                    yield child
        elif p.exists():
            yield p
        else:
            raise NewsInputError(f"{p}: no such file or folder")


def read_paths(
    paths: Iterable[str | Path], *, default_date: date | None = None, strict: bool = True
) -> tuple[list[NewsDocument], list[str]]:
    """Documents from files and folders, and the errors met.

    Parameters
    ----------
    paths : iterable of path-like
        Files or folders.
    default_date : datetime.date, optional
        Publication date for documents whose input carries none (the CLI's ``--date``).
    strict : bool
        Raise the first :class:`NewsInputError` (True) or collect its message and go on.

    Returns
    -------
    (documents, errors)
    """
    docs: list[NewsDocument] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for file in iter_files(paths):
        try:
            found = read_file(file)
        except NewsInputError as exc:
            if strict:
                raise
            errors.append(str(exc))
            continue
        for d in found:
            if d.date is None and default_date is not None:
                d.date, d.date_source = default_date, "caller"
            n = seen.get(d.id, 0)
            seen[d.id] = n + 1
            if n:
                d.id = f"{d.id}~{n + 1}"
            docs.append(d)
    return docs, errors


def coerce_date(value: str | date | datetime | None) -> date | None:
    """A date from an ISO string, a date or a datetime (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise NewsInputError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed
