"""Batches: many documents into a corpus store, in parallel, never stopping at a bad one.

Inputs (files, folders, globs, JSON Lines corpora, gzip accepted) are read lazily in this
process and sent in small chunks to workers: local processes (default), an existing Dask
``distributed`` cluster, or a Dask ``LocalCluster``. Each worker loads the spaCy pipelines and
the gazetteer once (:func:`_worker_state`) and sends back one :class:`DocumentResult` per
document; this process commits them to the :class:`~geo_events.store.Store`. A document that
cannot be read or analysed is recorded with its reason and the batch goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
import glob
import hashlib
import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import GeoEventsError, InputError
from .settings import SETTINGS, Settings
from .store import DocumentResult, Store, layer_row

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class BatchError(GeoEventsError):
    """A batch could not run at all (no inputs, unreachable scheduler...)."""


@dataclass
class Item:
    """One document to process, as read here: raw bytes of a file or of one JSON Lines line."""

    doc_key: str
    source: str
    kind: str  # file | jsonl
    data: bytes = b""
    content_hash: str = ""
    error: str = ""
    default_id: str = ""


@dataclass
class BatchReport:
    """What a batch did."""

    processed: int = 0
    failed: int = 0
    skipped: int = 0
    #: Of ``skipped``: documents unchanged since they failed in an earlier run.
    skipped_failed: int = 0
    events: int = 0
    warnings: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def succeeded(self) -> int:
        return self.processed + self.skipped - self.skipped_failed


# -- inputs -----------------------------------------------------------------------------
def _is_jsonl(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return bool(suffixes) and (suffixes[-1] in JSONL_SUFFIXES or (suffixes[-1] == ".gz" and len(suffixes) == 2 and suffixes[0] in JSONL_SUFFIXES))


def _wanted(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    last = suffixes[-1] if suffixes else ""
    if last == ".gz" and len(suffixes) == 2:
        last = suffixes[0]
    return last in TEXT_SUFFIXES or last in JSONL_SUFFIXES


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named by ``inputs`` (files, folders searched recursively, glob patterns), in a
    stable order; an :class:`InputError` for an input that names nothing."""
    for raw in inputs:
        text = str(raw)
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p) and not p.name.startswith("."))
            if not found:
                yield InputError(path, "folder holds no .txt, .html or .jsonl files")
            yield from found
        elif path.exists():
            yield path
        elif glob.has_magic(text):
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                yield InputError(text, "pattern matches no file")
            yield from found
        else:
            yield InputError(path, "no such file")


def _hash(data: bytes, options: str) -> str:
    return hashlib.sha256(options.encode() + b"\0" + data).hexdigest()[:32]


def iter_items(inputs: Iterable[str | Path], *, options: str = "", settings: Settings = SETTINGS) -> Iterator[Item]:
    """Every document of the inputs as an :class:`Item`, read lazily (JSON Lines streamed)."""
    from .io import iter_jsonl_lines, read_bytes

    for path in expand_inputs(inputs):
        if isinstance(path, InputError):
            yield Item(path.path, path.path, "file", error=path.problem, content_hash=_hash(b"", options))
            continue
        key = str(path.resolve())
        if _is_jsonl(path):
            ids: set[str] = set()
            try:
                for where, raw in iter_jsonl_lines(path, settings.max_document_bytes):
                    line = where.rsplit(":", 1)[1]
                    if isinstance(raw, InputError):
                        yield Item(f"{key}:{line}", where, "jsonl", error=raw.problem, content_hash=_hash(b"", options))
                        continue
                    doc_key = f"{key}:{line}"
                    # A line's own id keeps its key stable when lines are added above it.
                    ident = _peek_id(raw)
                    if ident and ident not in ids:
                        ids.add(ident)
                        doc_key = f"{key}#{ident}"
                    yield Item(doc_key, where, "jsonl", raw, _hash(raw, options), default_id=f"{path.name.split('.')[0]}-{line}")
            except InputError as exc:
                yield Item(f"{key}:{exc.path.rsplit(':', 1)[-1]}", exc.path, "jsonl", error=exc.problem, content_hash=_hash(b"", options))
            continue
        try:
            data = read_bytes(path, settings.max_document_bytes)
        except InputError as exc:
            yield Item(key, str(path), "file", error=exc.problem, content_hash=_hash(b"", options))
            continue
        yield Item(key, str(path), "file", data, _hash(data, options))


def _peek_id(raw: bytes) -> str | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    ident = record.get("id") if isinstance(record, dict) else None
    return str(ident) if ident not in (None, "") else None


# -- the worker side --------------------------------------------------------------------
_STATE: dict = {}


def _worker_state(gazetteer_path: str | None):
    """The gazetteer of this worker process, opened once (spaCy pipelines are cached by
    :func:`geo_events.nlp.pipeline` the same way)."""
    gaz = _STATE.get(gazetteer_path)
    if gaz is None:
        from gazetteer import Gazetteer

        gaz = _STATE[gazetteer_path] = Gazetteer(gazetteer_path) if gazetteer_path else Gazetteer()
    return gaz


def _document(item: Item, lang: str | None, published: str | None, settings: Settings):
    """The Document of an item; :class:`InputError` with the reason when it has none."""
    from .documents import date_in_name, html_to_text, make_document, parse_date
    from .io import decode_text, parse_jsonl_line

    if item.error:
        raise InputError(item.source, item.error)
    default_date = parse_date(published, "--published") if published else None
    if item.kind == "jsonl":
        record = parse_jsonl_line(item.data, item.source)
        text = record["text"]
        doc = make_document(
            text,
            doc_id=str(record.get("id") or item.default_id),
            lang=record.get("lang") or lang,
            published=record.get("published") or default_date,
            source=str(record.get("source") or item.source.rsplit(":", 1)[0]),
            title=str(record.get("title") or ""),
        )
    else:
        path = Path(item.source)
        text = decode_text(item.data, item.source)
        title = ""
        if path.suffix.lower() in (".html", ".htm", ".xhtml") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            text, title = html_to_text(text)
            if not text.strip():
                raise InputError(item.source, "no article text found in this HTML page")
        doc = make_document(text, doc_id=path.name.split(".")[0], lang=lang, published=default_date or date_in_name(path), source=item.source, title=title)
    if len(doc.text) > settings.max_document_bytes:
        raise InputError(item.source, f"is too long ({len(doc.text)} characters; see Settings.max_document_bytes)")
    return doc


def undated_warning(document, events) -> str | None:
    """The warning for a document whose events have no date: no publication date and none in
    its text. Such documents are kept; their events are never silently undated."""
    undated = [e for e in events if e.date_start is None]
    if document.published is None and undated:
        return f"no publication date and no date in the text: {len(undated)} of {len(events)} events are undated (give --published or a 'published' field)"
    return None


def analyse_chunk(items: list[Item], options: dict) -> list[DocumentResult]:
    """Worker task: one :class:`DocumentResult` per item, failures recorded, never raised."""
    from .claims import extract_document_claims
    from .events import extract_document_events
    from .places import analyse_documents

    settings = Settings(**options.get("settings", {}))
    gazetteer = _worker_state(options.get("gazetteer"))
    results: dict[str, DocumentResult] = {}
    docs = {}
    for item in items:
        try:
            docs[item.doc_key] = _document(item, options.get("lang"), options.get("published"), settings)
        except GeoEventsError as exc:
            results[item.doc_key] = DocumentResult(item.doc_key, item.content_hash, "failed", source=item.source, error=_reason(exc))
    by_id = {id(doc): key for key, doc in docs.items()}
    pending = list(docs.values())

    def one_pass(batch: list) -> None:
        for document, parsed, mentions in analyse_documents(batch, gazetteer):
            key = by_id[id(document)]
            item = next(i for i in items if i.doc_key == key)
            events = extract_document_events(document, parsed, mentions, gazetteer)
            claims = extract_document_claims(document, parsed, mentions, gazetteer)
            warning = undated_warning(document, events)
            results[key] = DocumentResult(
                key, item.content_hash, "ok", document.doc_id, document.source, document.lang,
                document.published.isoformat() if document.published else None, document.title, len(document.text),
                warnings=[warning] if warning else [],
                rows={
                    "mentions": [layer_row(m, m.to_dict(), m.place) for m in mentions],
                    "events": [layer_row(e, e.to_dict(), e.place) for e in events],
                    "control_claims": [layer_row(c, {**c.to_dict(), "lat": c.place.lat, "lon": c.place.lon}, c.place) for c in claims],
                },
            )

    try:
        one_pass(pending)
    except Exception:
        # One document broke the pass: redo the rest one by one to name it and keep the others.
        for document in pending:
            key = by_id[id(document)]
            if key in results:
                continue
            try:
                one_pass([document])
            except Exception as exc:  # an engine bug on this text: record it, go on
                item = next(i for i in items if i.doc_key == key)
                results[key] = DocumentResult(key, item.content_hash, "failed", document.doc_id, item.source, error=f"analysis failed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")
    return [results[i.doc_key] for i in items]


def _reason(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    return problem or str(exc)


# -- executors --------------------------------------------------------------------------
class _InProcess:
    """Runs tasks here, one at a time: the single-process path."""

    def submit(self, fn: Callable, *args) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller like a pool would
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass


class _Pool:
    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["geo_events.batch"])
        self.pool = cf.ProcessPoolExecutor(workers, mp_context=context)

    def submit(self, fn: Callable, *args) -> cf.Future:
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """Tasks on a Dask distributed cluster, through its concurrent.futures executor."""

    def __init__(self, scheduler: str, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("Dask is not installed; pip install 'dask[distributed]'") from None
        self.cluster = None
        try:
            if scheduler == "local":
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        self.executor = self.client.get_executor(pure=False)

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def submit(self, fn: Callable, *args) -> cf.Future:
        return self.executor.submit(fn, *args)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _executor(workers: int, scheduler: str | None):
    if scheduler:
        return _Dask(scheduler, workers)
    if workers <= 1:
        return _InProcess()
    return _Pool(workers)


# -- the batch --------------------------------------------------------------------------
def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    inputs: Iterable[str | Path],
    store_path: Path | str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    lang: str | None = None,
    published: str | None = None,
    gazetteer_path: Path | str | None = None,
    settings: Settings = SETTINGS,
    on_progress: Callable[[BatchReport, list[DocumentResult]], None] | None = None,
) -> BatchReport:
    """Process every document of ``inputs`` not already in the store, committing as results
    arrive. ``scheduler`` is ``None`` (local processes), ``"local"`` (a Dask LocalCluster)
    or a Dask scheduler address (``tcp://host:8786``)."""
    from gazetteer import Gazetteer

    workers = workers or min(os.cpu_count() or 1, 4)
    started = time.perf_counter()
    report = BatchReport()
    # Open (and build if needed) the gazetteer once here, so workers never race to build it.
    gaz = Gazetteer(gazetteer_path) if gazetteer_path else Gazetteer()
    options = {
        "lang": lang,
        "published": published,
        "gazetteer": str(gaz.path),
        "settings": {k: getattr(settings, k) for k in settings.__dataclass_fields__},
    }
    gaz.close()
    fingerprint = json.dumps({"lang": lang, "published": published}, sort_keys=True)
    with Store(store_path) as store:
        known = store.known()
        failed_before = store.failed_keys()
        seen: set[str] = set()

        def fresh() -> Iterator[Item]:
            for item in iter_items(inputs, options=fingerprint, settings=settings):
                if item.doc_key in seen:
                    continue  # the same file given twice
                seen.add(item.doc_key)
                if known.get(item.doc_key) == item.content_hash:
                    report.skipped += 1
                    report.skipped_failed += item.doc_key in failed_before
                    continue
                yield item

        executor = _executor(workers, scheduler)
        try:
            window = max(1, (executor.workers if isinstance(executor, _Dask) else workers) * settings.chunks_in_flight_per_worker)
            chunks = _chunks(fresh(), settings.batch_chunk_docs)
            running: dict[cf.Future, list[Item]] = {}
            exhausted = False
            while True:
                while not exhausted and len(running) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    running[executor.submit(analyse_chunk, chunk, options)] = chunk
                if not running:
                    break
                done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
                for future in done:
                    chunk = running.pop(future)
                    try:
                        results = future.result()
                    except Exception as exc:  # the worker itself died (out of memory, killed)
                        reason = f"worker lost ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
                        results = [DocumentResult(i.doc_key, "", "failed", source=i.source, error=reason) for i in chunk]
                        if isinstance(executor, _Pool) and isinstance(exc, cf.process.BrokenProcessPool):
                            executor.close()
                            executor = _Pool(workers)
                    store.commit(results)
                    for r in results:
                        if r.status == "ok":
                            report.processed += 1
                            report.events += r.n_events
                            report.warnings += bool(r.warnings)
                        else:
                            report.failed += 1
                            report.failures.append((r.source or r.doc_key, r.error))
                    if on_progress:
                        on_progress(report, results)
        finally:
            executor.close()
    report.seconds = time.perf_counter() - started
    return report
