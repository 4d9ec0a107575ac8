"""Reading inputs and writing outputs safely: clear errors in, atomic files out."""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from .errors import InputError, OutputError


def decode_text(data: bytes, where: object) -> str:
    """Bytes of a text document as ``str``; :class:`InputError` for binary, non-UTF-8 or empty data."""
    if b"\0" in data[:8192]:
        raise InputError(where, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"is not UTF-8 text (bad byte at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8") from None
    if not text.strip():
        raise InputError(where, "is empty")
    return text


def read_bytes(path: Path | str, max_bytes: int | None = None) -> bytes:
    """A file's bytes (gunzipped for ``.gz``); :class:`InputError` for missing, unreadable or too large files."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(path, f"is too long ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB, see Settings.max_document_bytes)")
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                return fh.read() if max_bytes is None else _read_capped(fh, max_bytes, path)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except (gzip.BadGzipFile, EOFError) as exc:
        raise InputError(path, f"is not a readable gzip file ({exc})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None


def _read_capped(fh: IO[bytes], max_bytes: int, where: object) -> bytes:
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(where, f"is too long (over {max_bytes / 1e6:.0f} MB; see Settings.max_document_bytes)")
    return data


def read_text(path: Path | str, max_bytes: int | None = None) -> str:
    """A UTF-8 text file's content; :class:`InputError` for missing, binary or empty files."""
    return decode_text(read_bytes(path, max_bytes), path)


def parse_jsonl_line(raw: bytes | str, where: str) -> dict:
    """One JSON Lines record with a non-empty ``text``; :class:`InputError` naming ``where`` otherwise."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"is not UTF-8 (bad byte at column {exc.start + 1})") from None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError(where, "each line needs an object with a non-empty 'text'")
    return record


def iter_jsonl_lines(path: Path | str, max_bytes: int | None = None) -> Iterator[tuple[str, bytes | InputError]]:
    """``(path:line, raw line)`` for each non-blank line of a JSON Lines file (``.gz`` accepted),
    streamed; an over-long line comes as an :class:`InputError` instead, and reading goes on.

    Lines end at ``\n`` only: JSON strings may hold U+2028 or U+0085, which
    ``str.splitlines`` would take for line ends.
    """
    path = Path(path)
    try:
        fh = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    with fh:
        number = 0
        try:
            while True:
                line = fh.readline() if max_bytes is None else fh.readline(max_bytes + 1)
                if not line:
                    break
                number += 1
                where = f"{path}:{number}"
                if max_bytes is not None and len(line) > max_bytes and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):  # skip the rest of the line
                        line = fh.readline(1 << 20)
                    yield where, InputError(where, f"line is too long (over {max_bytes / 1e6:.0f} MB; see Settings.max_document_bytes)")
                    continue
                if line.strip():
                    yield where, line
        except (gzip.BadGzipFile, EOFError, OSError) as exc:
            raise InputError(f"{path}:{number + 1}", f"cannot read further ({exc})") from None


def iter_jsonl(path: Path | str) -> Iterator[tuple[str, dict]]:
    """``(where, object)`` for each non-blank line of a JSON Lines file; ``where`` is path:line.

    The first bad line raises :class:`InputError` naming it (``geo-events batch`` records bad
    lines and goes on instead).
    """
    for where, raw in iter_jsonl_lines(path):
        if isinstance(raw, InputError):
            raise raw
        yield where, parse_jsonl_line(raw, where)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temporary_prefix(path: Path) -> str:
    """Prefix of temporary files written beside ``path``; it names the writing process, so that
    files left by a killed run can be told apart from those of a live one."""
    return f".{path.name}.{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temporaries(path: Path | str) -> list[Path]:
    """Remove temporary files beside ``path`` left by processes that no longer run (a build or
    write killed midway); return what was removed."""
    path = Path(path)
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)-")
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


@contextmanager
def atomic_write(path: Path | str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place on success only."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path)
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding, newline=newline) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
