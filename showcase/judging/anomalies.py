"""Anomaly flags of a public vote: pure functions over the votes, for organizers to look at and void.

A flag never voids anything by itself: it groups the votes concerned so an organizer can read them and
decide. The flags:

- burst per IP address: at least BURST_VOTES votes for the same entry from the same address within
  BURST_MINUTES minutes (the window's ends included);
- burst per subnet: the same, from the same /24 (IPv4) or /48 (IPv6) network;
- new accounts: votes by accounts created while the vote was open (at or after it opened);
- shared device: votes cast from the same device cookie by at least SHARED_DEVICE_ACCOUNTS different accounts.

Each function returns flags in a stable order, each with the ids of the votes concerned (ascending).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

BURST_VOTES = 5
BURST_MINUTES = 10
SHARED_DEVICE_ACCOUNTS = 2

KINDS = ("ip_burst", "subnet_burst", "new_account", "shared_device")


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """What the flags read of a vote."""

    id: int
    entry: int
    voter: int
    ip: str
    subnet: str
    device: str
    created_at: datetime
    voter_created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # one of KINDS
    key: str  # the address, the subnet, the device hash; "" for new accounts
    entry: int | None  # the entry a burst is about; None when the flag spans entries
    vote_ids: tuple[int, ...]
    accounts: int  # distinct accounts among the votes concerned

    @property
    def group(self) -> str:
        """Names the group in forms ("kind|key|entry"); the server recomputes its votes from this."""
        return f"{self.kind}|{self.key}|{'' if self.entry is None else self.entry}"

    @property
    def count(self) -> int:
        return len(self.vote_ids)


def subnet_of(ip: str) -> str:
    """The /24 of an IPv4 address, the /48 of an IPv6 one ("" when `ip` is not an address).

    An IPv4-mapped IPv6 address (::ffff:203.0.113.9) counts as its IPv4 address."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _dense(times: list[tuple[datetime, int]], votes: int, window: timedelta) -> list[int]:
    """Ids of the votes that fall in some span of `window` holding at least `votes` votes (times sorted)."""
    marked: set[int] = set()
    start = 0
    for end in range(len(times)):
        while times[end][0] - times[start][0] > window:
            start += 1
        if end - start + 1 >= votes:
            marked.update(vote_id for _when, vote_id in times[start:end + 1])
    return sorted(marked)


def bursts(votes: Iterable[VoteRecord], *, by: str, min_votes: int = BURST_VOTES,
           minutes: int = BURST_MINUTES) -> list[Flag]:
    """Bursts for one entry from one address (by="ip") or one network (by="subnet")."""
    if by not in ("ip", "subnet"):
        raise ValueError(by)
    groups: dict[tuple[str, int], list[VoteRecord]] = {}
    for vote in votes:
        key = getattr(vote, by)
        if key:
            groups.setdefault((key, vote.entry), []).append(vote)
    voters = {vote.id: vote.voter for group in groups.values() for vote in group}
    flags = []
    for (key, entry), group in sorted(groups.items()):
        times = sorted((vote.created_at, vote.id) for vote in group)
        ids = _dense(times, min_votes, timedelta(minutes=minutes))
        if ids:
            flags.append(Flag(kind=f"{by}_burst", key=key, entry=entry, vote_ids=tuple(ids),
                              accounts=len({voters[vote_id] for vote_id in ids})))
    return flags


def new_accounts(votes: Iterable[VoteRecord], *, opens_at: datetime) -> list[Flag]:
    """Votes by accounts created at or after the vote opened (one flag, or none)."""
    concerned = [vote for vote in votes if vote.voter_created_at is not None and vote.voter_created_at >= opens_at]
    if not concerned:
        return []
    return [Flag(kind="new_account", key="", entry=None, vote_ids=tuple(sorted(vote.id for vote in concerned)),
                 accounts=len({vote.voter for vote in concerned}))]


def shared_devices(votes: Iterable[VoteRecord], *, min_accounts: int = SHARED_DEVICE_ACCOUNTS) -> list[Flag]:
    """Devices (cookie hashes) from which at least `min_accounts` different accounts voted."""
    groups: dict[str, list[VoteRecord]] = {}
    for vote in votes:
        if vote.device:
            groups.setdefault(vote.device, []).append(vote)
    flags = []
    for device, group in sorted(groups.items()):
        accounts = len({vote.voter for vote in group})
        if accounts >= min_accounts:
            flags.append(Flag(kind="shared_device", key=device, entry=None,
                              vote_ids=tuple(sorted(vote.id for vote in group)), accounts=accounts))
    return flags


def all_flags(votes: Iterable[VoteRecord], *, opens_at: datetime | None) -> list[Flag]:
    """Every flag, in KINDS order."""
    votes = list(votes)
    found = [*bursts(votes, by="ip"), *bursts(votes, by="subnet")]
    if opens_at is not None:
        found.extend(new_accounts(votes, opens_at=opens_at))
    found.extend(shared_devices(votes))
    return found


def flagged_ids(flags: Iterable[Flag]) -> dict[int, tuple[str, ...]]:
    """vote id → the kinds of flag it is in (in KINDS order)."""
    kinds: dict[int, set[str]] = {}
    for flag in flags:
        for vote_id in flag.vote_ids:
            kinds.setdefault(vote_id, set()).add(flag.kind)
    return {vote_id: tuple(kind for kind in KINDS if kind in found) for vote_id, found in sorted(kinds.items())}


def find_group(flags: Iterable[Flag], group: str) -> Flag | None:
    return next((flag for flag in flags if flag.group == group), None)
