"""Crash-safe files of the embedded store: a JSON snapshot, an append-only JSON Lines journal, a lock.

- `snapshot.json` is replaced atomically (temp file, fsync, rename, fsync of the directory).
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
import json
import os
from pathlib import Path
from typing import Any

from graph.errors import GraphError, StoreCorrupt

SNAPSHOT, JOURNAL, LOCK = "snapshot.json", "journal.jsonl", "lock"
FORMAT = 1
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


class Loaded:
    """What is on disk: the snapshot's data (None when there is none) and the journal's operations."""

    def __init__(
        self, snapshot: dict[str, Any] | None, ops: list[Op], generation: int, stamp: tuple[int, ...]
    ):
        self.snapshot = snapshot
        self.ops = ops
        self.generation = generation
        self.stamp = stamp  # identity of the files read, to notice later changes


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

    def load(self) -> Loaded:
        """Snapshot plus the journal that continues it; retried if a compaction races the read."""
        for _ in range(5):
            stamp = self.stamp()
            snapshot = self._read_snapshot()
            generation = int(snapshot["generation"]) if snapshot else 0
            ops = self._read_journal(generation)
            if ops is not None and self.stamp()[:3] == stamp[:3]:
                self.generation = generation
                return Loaded(snapshot, ops, generation, stamp)
        raise StoreCorrupt(
            f"{self.journal_path}: journal is newer than {self.snapshot_path} (files out of step)"
        )

    def _read_snapshot(self) -> dict[str, Any] | None:
        try:
            with self.snapshot_path.open(encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise StoreCorrupt(
                f"{self.snapshot_path} cannot be read ({exc}); restore it or remove the directory"
            ) from exc
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("generation"), int)
        ):
            raise StoreCorrupt(f"{self.snapshot_path} is not a diplograph snapshot of format {FORMAT}")
        return data

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
        self._atomic_write(self.journal_path, header)
        self.journal_good = len(header)

    def compact(self, state: dict[str, Any]) -> None:
        """Write the whole state as snapshot N+1, then start an empty journal for it."""
        generation = self.generation + 1
        body = _dumps({"format": FORMAT, "generation": generation, **state}).encode()
        self._atomic_write(self.snapshot_path, body)
        self.generation = generation
        self._new_journal(generation)
        self.dirty = False

    def _atomic_write(self, path: Path, data: bytes) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
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
