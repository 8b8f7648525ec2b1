"""What every reader shares: decoding bytes, reading dates, checking language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dyad.errors import InputError

#: The size budget of one article (spaCy's own limit): a news article is rarely over 100,000 characters, and
#: every stage is linear in the text, so this also bounds the time one article can take.
MAX_ARTICLE_CHARS = 1_000_000

#: Below this many letters, language detection is unreliable; such texts are kept as English.
MIN_CHARS_FOR_LANGUAGE = 40

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|-)")


class NotEnglish(InputError):
    """A readable article in another language: skipped, with the language named."""

    code = "E101"


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file as UTF-8 (a BOM is allowed), refusing empty, binary and mis-encoded input."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary data (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8"
        ) from None
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 50):
        raise InputError(source, "binary data (control characters), not a text file")
    return text


def parse_published(value: object, source: str = "") -> datetime | None:
    """Read a publication date from ISO 8601 or a looser human form; None when absent.

    Naive values are taken as UTC (news metadata without a zone is almost always UTC or local-to-outlet;
    the day is what matters for anchoring). An unparseable value raises InputError naming it.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, int | float):
        parsed = datetime.fromtimestamp(value, tz=UTC)
    else:
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            import dateparser  # slow to import; only for the rare non-ISO value

            parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True})
            if parsed is None:
                raise InputError(source or "published", f"cannot read the date {text!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def date_from_url(url: str | None) -> datetime | None:
    """A publication date written in a URL path (/2024/11/01/...), or None."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid: small, offline, fast). Short texts count as English."""
    sample = text[:5000]
    if sum(c.isalpha() for c in sample) < MIN_CHARS_FOR_LANGUAGE:
        return "en"
    import py3langid

    return py3langid.classify(sample)[0]


def check_article_text(text: str, source: str) -> str:
    """Refuse text over the size budget, then return its language code or raise NotEnglish naming it."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(source, f"text of {len(text):,} characters exceeds the limit of {MAX_ARTICLE_CHARS:,}")
    language = detect_language(text)
    if language != "en":
        raise NotEnglish(source, f"the text is in '{language}', not English; skipped")
    return language


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without 'www.', as a stand-in outlet name."""
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
