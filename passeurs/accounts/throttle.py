"""Sign-in throttling: refuse attempts after too many recent failures.

Failures are counted per e-mail address and per client address in the default
cache, over a sliding window of settings.LOGIN_FAILURE_WINDOW seconds. Each key
holds the timestamps of the latest failures, so the window is exact and the
clock (`_now`) is the only thing a test has to move.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

_KEY_PREFIX = "accounts:login-failures"


def _now() -> float:
    return time.time()


def _key(kind: str, value: str) -> str:
    # Hashed so that no e-mail address is written in clear into the cache.
    return f"{_KEY_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _keys(*, email: str, ip: str) -> list[str]:
    keys = []
    if email:
        keys.append(_key("email", email.strip().lower()))
    if ip:
        keys.append(_key("ip", ip))
    return keys


def _recent(key: str, now: float) -> list[float]:
    since = now - settings.LOGIN_FAILURE_WINDOW
    return [stamp for stamp in cache.get(key, []) if stamp > since]


def client_ip(request) -> str:
    """The client's address; behind a reverse proxy, the header it sets (last hop)."""
    header = getattr(settings, "LOGIN_CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    # X-Forwarded-For lists every hop; the last one was written by our own proxy.
    return value.split(",")[-1].strip()


def retry_after(*, email: str, ip: str) -> int:
    """Seconds until an attempt is allowed again; 0 when it is allowed now."""
    now = _now()
    limit = settings.LOGIN_MAX_FAILURES
    if limit <= 0:
        return 0
    wait = 0.0
    for key in _keys(email=email, ip=ip):
        failures = _recent(key, now)
        if len(failures) >= limit:
            # Allowed again once the oldest failure that counts leaves the window.
            oldest_counted = failures[-limit]
            wait = max(wait, oldest_counted + settings.LOGIN_FAILURE_WINDOW - now)
    return math.ceil(wait)


def is_throttled(*, email: str, ip: str) -> bool:
    return retry_after(email=email, ip=ip) > 0


def record_failure(*, email: str, ip: str) -> None:
    now = _now()
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(email=email, ip=ip):
        failures = [*_recent(key, now), now][-settings.LOGIN_MAX_FAILURES :]
        cache.set(key, failures, timeout=window)


def clear(*, email: str) -> None:
    """Forget the failures on an address after a successful sign-in."""
    cache.delete_many(_keys(email=email, ip=""))
