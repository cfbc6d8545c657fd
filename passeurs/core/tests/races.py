"""Races with real threads: each call in its own thread and database connection."""

import threading
from collections.abc import Callable, Hashable

from django.db import connections


def at_once(calls: dict[Hashable, Callable[[], object]], *, timeout: float = 120) -> dict:
    """Run every call in its own thread, all released together; key -> what the call
    returned, or the exception it raised (the test asserts on it). Each thread closes its
    connections, so that the test database can be flushed afterwards."""
    barrier = threading.Barrier(len(calls))
    outcomes: dict = {}

    def run(key, call):
        try:
            barrier.wait(timeout=10)
            outcomes[key] = call()
        except Exception as error:
            outcomes[key] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
