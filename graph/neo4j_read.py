"""One read statement per Neo4j round trip: an auto-commit transaction, retried like a managed one.

A managed read (`session.execute_read`) costs three exchanges with the server, BEGIN, RUN + PULL and
COMMIT, and the driver's Python for each; an auto-commit transaction is one exchange (RUN + PULL). The
driver never retries auto-commit transactions, because it cannot know that they only read; these
statements do only read, so `read` retries them itself, on exactly the errors and with the same bounded,
jittered back-off as the driver's managed transactions: an error whose `is_retryable()` is true (a lost
or refused connection, a transient server error), again and again until `retry_time` seconds have passed
since the first failure (the driver's `max_transaction_retry_time`). Each attempt runs on a fresh
session, so a broken connection is dropped and the pool hands out (or opens) another. The server-side
transaction timeout travels with the statement, as it does with BEGIN.

Every statement sent here must be read-only (sessions are opened in READ access mode).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from typing import Any

from neo4j import READ_ACCESS, Driver, Query, Record
from neo4j.exceptions import DriverError, Neo4jError

log = logging.getLogger(__name__)
# the driver's defaults for managed transactions (neo4j._conf.WorkspaceConfig)
INITIAL_DELAY = 1.0
MULTIPLIER = 2.0
JITTER = 0.2


def _delays() -> Iterator[float]:
    delay = INITIAL_DELAY
    while True:
        yield delay * (1 - JITTER + 2 * JITTER * random.random())
        delay *= MULTIPLIER


def read(
    driver: Driver, database: str, query: str, params: dict[str, Any], *, timeout: float, retry_time: float
) -> list[Record]:
    """Every record of one read-only statement, fully fetched (see the module docstring)."""
    statement = Query(query, timeout=timeout)
    first_failure = -1.0
    delays: Iterator[float] | None = None
    while True:
        try:
            # fetch_size -1: every record in the first PULL (the statements bound their own results)
            with driver.session(database=database, default_access_mode=READ_ACCESS, fetch_size=-1) as session:
                return list(session.run(statement, params))
        except (DriverError, Neo4jError) as exc:
            if not exc.is_retryable():
                raise
            now = time.monotonic()
            if first_failure < 0:
                first_failure = now
            if now - first_failure > retry_time:
                raise
            delays = delays or _delays()
            delay = next(delays)
            log.warning("Neo4j read failed and will be run again in %.1f s (%s)", delay, exc)
            time.sleep(delay)


def last_commit(driver: Driver, database: str, *, timeout: float) -> str:
    """A token of the database's last committed write: the bookmark a read transaction ends with.

    A read changes nothing, so its bookmark names the last transaction committed before it, by any
    client; it changes when, and only when, the database was written to (tests/graph check this on the
    server). One round trip; not retried (a caller that cannot tell just does not cache)."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        session.run(Query("RETURN 1", timeout=timeout)).consume()
        return ",".join(sorted(session.last_bookmarks().raw_values))
