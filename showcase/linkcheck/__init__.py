"""Link health for user-supplied URLs: an SSRF guard enforced at connect time and a link checker on top.

    from showcase.linkcheck import check_many, next_failure_count, should_flag

    results = await check_many(urls)                     # {url: LinkResult}, never raises per URL
    failures = next_failure_count(previous, results[url])  # 0 after a success
    if should_flag(failures): ...                          # 3 failed checks in a row by default
"""

from showcase.linkcheck.checker import (
    USER_AGENT,
    ClientFactory,
    LinkResult,
    check_many,
    check_url,
    newly_flagged,
    next_failure_count,
    should_flag,
)
from showcase.linkcheck.ssrf import (
    BlockedAddress,
    GuardedNetworkBackend,
    GuardedTransport,
    InvalidURL,
    ResolutionFailed,
    Resolver,
    UnsafeURL,
    blocked_reason,
    guarded_client,
    is_public_address,
    resolve_public,
    system_resolver,
    validate_url,
)

__all__ = [
    "USER_AGENT",
    "BlockedAddress",
    "ClientFactory",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "InvalidURL",
    "LinkResult",
    "ResolutionFailed",
    "Resolver",
    "UnsafeURL",
    "blocked_reason",
    "check_many",
    "check_url",
    "guarded_client",
    "is_public_address",
    "newly_flagged",
    "next_failure_count",
    "resolve_public",
    "should_flag",
    "system_resolver",
    "validate_url",
]
