"""Crash-safe files of the embedded store: a JSON snapshot, an append-only JSON Lines journal, a lock.

- `snapshot.json` is replaced atomically (temp file, fsync, rename, fsync of the directory). Format 2
  (JSON Lines: a header `{"format":2,"generation":N}`, then one record per line, see
  graph/embedded_snapshot.py) is written and read one record at a time; format 1 (one JSON document,
  written before format 2) is still read.
- `journal.jsonl` starts with a header `{"generation": N}` naming the snapshot it continues; every
  later line is one operation, appended and fsynced before it is applied in memory (write-ahead).
- Compaction writes snapshot N+1 first, then a fresh journal for N+1. A crash in between leaves a
  journal of generation N beside snapshot N+1: it is already contained in the snapshot and ignored.
- A torn last line (a crash mid-append) is ignored, and cut off before the next append.
- `lock` is held with fcntl.flock by the one process allowed to write the directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import GraphError, StoreCorrupt

SNAPSHOT, JOURNAL, LOCK = "snapshot.json", "journal.jsonl", "lock"
FORMAT = 2  # what compaction writes
FORMATS = (1, 2)  # what opens
_HEADER = b'{"format":2,'
Op = dict[str, Any]


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class DirectoryLock:
    """An exclusive, non-blocking flock on `<directory>/lock`; released on close or process death."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK
        self._fd: int | None = None
        self.problem = ""  # why the lock could not be taken, for error messages

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # e.g. a read-only copy of a store: it can still be read
            self.problem = f"its lock file cannot be opened ({exc.strerror})"
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            self.problem = f"it is being written by another process (pid {self.holder()})"
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def acquire(self, timeout: float) -> bool:
        """`try_acquire` until it succeeds or `timeout` seconds have passed (polling: flock cannot
        wait with a deadline)."""
        deadline = time.monotonic() + timeout
        delay = 0.001
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Snapshot:
    """A snapshot file being read: its format and generation, then its content. Format 2: `records()`
    parses one line at a time; format 1: `document` is the whole parsed JSON document."""

    def __init__(
        self, path: Path, fh: io.BufferedReader[io.FileIO], fmt: int, generation: int, document: Any = None
    ):
        self.path = path
        self.format = fmt
        self.generation = generation
        self.document: dict[str, Any] | None = document
        self._fh = fh

    def records(self) -> Iterator[Any]:
        """The records after the header, one parsed line at a time (ValueError on a bad line)."""
        # The decoder's C scanner itself: json.loads would add a wrapper's work to every line.
        scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
        for raw in self._fh:
            line = raw.decode("utf-8")
            try:
                record, end = scan(line, 0)
            except StopIteration as exc:
                if not line.strip():
                    continue
                raise ValueError(f"a line that is not JSON: {line[:80]!r}") from exc
            if end < len(line) - 1 and line[end:].strip():
                raise ValueError(f"a line with more than one record: {line[:80]!r}")
            yield record


Restore = Callable[[Snapshot | None], None]


class Loaded:
    """What is on disk: the journal's operations (the snapshot went to the `restore` callback)."""

    def __init__(self, ops: list[Op], generation: int, stamp: tuple[int, ...], snapshot_format: int | None):
        self.ops = ops
        self.generation = generation
        self.stamp = stamp  # identity of the files read, to notice later changes
        self.snapshot_format = snapshot_format  # None when there is no snapshot


class StoreFiles:
    """Reads and writes the snapshot and journal of one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.snapshot_path = directory / SNAPSHOT
        self.journal_path = directory / JOURNAL
        self.generation = 0
        self.journal_good = 0  # bytes of the journal up to its last complete operation
        self.dirty = False  # the journal holds operations the snapshot does not

    # --- reading --------------------------------------------------------------------------------
    def stamp(self) -> tuple[int, ...]:
        """Changes whenever either file is replaced or grows."""
        out: list[int] = []
        for path in (self.snapshot_path, self.journal_path):
            try:
                st = path.stat()
                out += [st.st_ino, st.st_size, st.st_mtime_ns]
            except FileNotFoundError:
                out += [0, 0, 0]
        return tuple(out)

    def load(self, restore: Restore) -> Loaded:
        """Snapshot (handed to `restore`, or None when there is none) plus the journal that continues
        it; retried, `restore` included, if a compaction races the read."""
        for _ in range(5):
            stamp = self.stamp()
            fmt, generation = self._read_snapshot(restore)
            ops = self._read_journal(generation)
            if ops is not None and self.stamp()[:3] == stamp[:3]:
                self.generation = generation
                return Loaded(ops, generation, stamp, fmt)
        raise StoreCorrupt(
            f"{self.journal_path}: journal is newer than {self.snapshot_path} (files out of step)"
        )

    def _read_snapshot(self, restore: Restore) -> tuple[int | None, int]:
        """(format, generation) of the snapshot read into `restore`; (None, 0) without one."""
        try:
            fh = io.BufferedReader(io.FileIO(self.snapshot_path, "r"), buffer_size=1 << 20)
        except FileNotFoundError:
            restore(None)
            return None, 0
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with fh:
            try:
                snapshot = self._open_snapshot(fh)
            except (OSError, ValueError) as exc:
                raise self._unreadable(exc) from exc
            try:
                restore(snapshot)
            except OSError as exc:
                raise self._unreadable(exc) from exc
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                raise StoreCorrupt(
                    f"{self.snapshot_path} has a malformed record ({exc!r}); "
                    "restore it or remove the directory"
                ) from exc
            return snapshot.format, snapshot.generation

    def _unreadable(self, exc: Exception) -> StoreCorrupt:
        return StoreCorrupt(
            f"{self.snapshot_path} cannot be read ({exc}); restore it or remove the directory"
        )

    def _open_snapshot(self, fh: io.BufferedReader[io.FileIO]) -> Snapshot:
        """Format 2 by its header line, else the whole file as a format 1 document."""
        if fh.peek(len(_HEADER))[: len(_HEADER)] == _HEADER:
            header = json.loads(fh.readline())
            generation = header.get("generation")
            if header.get("format") != 2 or not isinstance(generation, int):
                raise ValueError("malformed format 2 header")
            return Snapshot(self.snapshot_path, fh, 2, generation)
        data = json.load(fh)
        if (
            not isinstance(data, dict)
            or data.get("format") != 1
            or not isinstance(data.get("generation"), int)
        ):
            formats = " or ".join(str(f) for f in FORMATS)
            raise StoreCorrupt(f"{self.snapshot_path} is not a diplograph snapshot of format {formats}")
        return Snapshot(self.snapshot_path, fh, 1, data["generation"], data)

    def _read_journal(self, generation: int) -> list[Op] | None:
        """Operations after the header; [] for a missing or stale journal; None if it is ahead of us."""
        self.journal_good = 0
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return []
        lines = raw.split(b"\n")
        header = self._parse(lines[0], last=len(lines) == 1)
        if header is None:
            return []
        if header.get("generation") != generation:
            return [] if int(header.get("generation", -1)) < generation else None
        ops, offset = [], len(lines[0]) + 1
        self.journal_good = offset
        for i, line in enumerate(lines[1:], start=1):
            op = self._parse(line, last=i == len(lines) - 1 or not any(lines[i + 1 :]))
            if op is None:
                break
            ops.append(op)
            offset += len(line) + 1
            self.journal_good = offset
        self.dirty = bool(ops)
        return ops

    def _parse(self, line: bytes, *, last: bool) -> Op | None:
        if not line.strip():
            return None
        try:
            value = json.loads(line)
            if isinstance(value, dict):
                return value
        except ValueError:
            pass
        if last:
            return None  # torn by a crash during the append: the operation never happened
        raise StoreCorrupt(f"{self.journal_path}: an unreadable line in the middle of the journal")

    def read_new_ops(self) -> list[Op]:
        """Operations appended since the last read (read-only stores following a writer)."""
        with self.journal_path.open("rb") as fh:
            fh.seek(self.journal_good)
            chunk = fh.read()
        ops = []
        end = chunk.rfind(b"\n")  # only complete lines: a partial one may still be being written
        for line in chunk[: end + 1].split(b"\n"):
            if line.strip():
                ops.append(json.loads(line))
        self.journal_good += end + 1
        return ops

    # --- writing --------------------------------------------------------------------------------
    def append(self, ops: list[Op]) -> int:
        """Append operations with one write and one fsync; returns the journal's size."""
        if not self.journal_path.exists() or self.journal_good == 0:
            self._new_journal(self.generation)
        data = "".join(_dumps(op) + "\n" for op in ops).encode()
        with self.journal_path.open("r+b") as fh:
            fh.truncate(self.journal_good)  # cut a torn tail so the new line starts clean
            fh.seek(self.journal_good)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.journal_good += len(data)
        self.dirty = True
        return self.journal_good

    def _new_journal(self, generation: int) -> None:
        header = (_dumps({"generation": generation}) + "\n").encode()
        self._atomic_write(self.journal_path, [header])
        self.journal_good = len(header)

    def compact(self, records: Iterable[str]) -> None:
        """Write snapshot N+1 (the header, then `records`: chunks of whole lines, streamed to the file),
        then start an empty journal for it."""
        generation = self.generation + 1
        header = _dumps({"format": FORMAT, "generation": generation}) + "\n"
        self._atomic_write(self.snapshot_path, [header], records)
        self.generation = generation
        self._new_journal(generation)
        self.dirty = False

    def _atomic_write(self, path: Path, *parts: Iterable[bytes | str]) -> None:
        """Write the chunks of `parts` as they come to a temporary file, then put it in place."""
        tmp = path.with_name(path.name + ".tmp")
        try:
            with tmp.open("wb", buffering=1 << 20) as fh:
                for part in parts:
                    for chunk in part:
                        fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, path)
        _fsync_dir(self.directory)

    def snapshot_size(self) -> int:
        with contextlib.suppress(FileNotFoundError):
            return self.snapshot_path.stat().st_size
        return 0


def open_directory(location: str) -> Path:
    directory = Path(location).expanduser()
    if directory.exists() and not directory.is_dir():
        raise GraphError(f"store location {directory} exists and is not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphError(f"cannot create store directory {directory}: {exc}") from exc
    return directory
