"""Anomaly flags of the public vote, exactly: bursts per address and per network, new accounts, shared devices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from showcase.judging.anomalies import (
    BURST_MINUTES,
    BURST_VOTES,
    Flag,
    VoteRecord,
    all_flags,
    bursts,
    find_group,
    flagged_ids,
    new_accounts,
    shared_devices,
    subnet_of,
)

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OPENS = T0 - timedelta(days=1)
OLD = T0 - timedelta(days=90)


def vote(id: int, *, entry: int = 1, voter: int | None = None, ip: str = "", device: str = "", minute: float = 0,
         created: datetime | None = OLD) -> VoteRecord:
    return VoteRecord(id=id, entry=entry, voter=voter if voter is not None else 100 + id, ip=ip, subnet=subnet_of(ip),
                      device=device, created_at=T0 + timedelta(minutes=minute), voter_created_at=created)


def test_constants_are_the_published_ones():
    assert (BURST_VOTES, BURST_MINUTES) == (5, 10)


@pytest.mark.parametrize(("ip", "subnet"), [
    ("203.0.113.77", "203.0.113.0/24"),
    ("::ffff:203.0.113.77", "203.0.113.0/24"),
    ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
    ("testclient", ""),
    ("", ""),
])
def test_subnet_of(ip, subnet):
    assert subnet_of(ip) == subnet


def test_five_votes_from_one_network_within_ten_minutes_are_a_burst():
    votes = [vote(n, ip=f"198.51.100.{n}", minute=2 * (n - 1)) for n in range(1, 6)]  # minutes 0, 2, 4, 6, 8
    votes.append(vote(6, ip="198.51.100.6", minute=30))  # long after: not part of it
    votes.append(vote(7, ip="192.0.2.1", minute=1))  # another network
    assert bursts(votes, by="subnet") == [
        Flag(kind="subnet_burst", key="198.51.100.0/24", entry=1, vote_ids=(1, 2, 3, 4, 5), accounts=5)]
    assert bursts(votes, by="ip") == []  # five different addresses


def test_the_ten_minute_window_includes_its_ends_and_no_more():
    exactly = [vote(n, ip="198.51.100.9", minute=[0, 1, 2, 3, 10][n - 1]) for n in range(1, 6)]
    assert [flag.vote_ids for flag in bursts(exactly, by="ip")] == [(1, 2, 3, 4, 5)]
    late = [vote(n, ip="198.51.100.9", minute=[0, 1, 2, 3, 10.5][n - 1]) for n in range(1, 6)]
    assert bursts(late, by="ip") == []


def test_four_votes_are_not_a_burst_and_bursts_are_per_entry():
    votes = [vote(n, ip="198.51.100.9", minute=n, entry=1 + n % 2) for n in range(1, 9)]  # 4 for each of 2 entries
    assert bursts(votes, by="ip") == []
    votes.append(vote(9, ip="198.51.100.9", minute=9, entry=2))
    assert bursts(votes, by="ip") == [
        Flag(kind="ip_burst", key="198.51.100.9", entry=2, vote_ids=(1, 3, 5, 7, 9), accounts=5)]


def test_a_long_burst_keeps_only_the_dense_votes():
    minutes = [0, 20, 21, 22, 23, 24, 25, 60]
    votes = [vote(n, ip="2001:db8:1:2::5", minute=m) for n, m in enumerate(minutes, start=1)]
    assert bursts(votes, by="subnet") == [
        Flag(kind="subnet_burst", key="2001:db8:1::/48", entry=1, vote_ids=(2, 3, 4, 5, 6, 7), accounts=6)]


def test_new_accounts_are_those_created_at_or_after_the_opening():
    votes = [vote(1, created=OPENS - timedelta(seconds=1)), vote(2, created=OPENS), vote(3, voter=7, created=T0),
             vote(4, voter=7, entry=2, created=T0), vote(5, created=None)]
    assert new_accounts(votes, opens_at=OPENS) == [
        Flag(kind="new_account", key="", entry=None, vote_ids=(2, 3, 4), accounts=2)]
    assert new_accounts(votes[:1], opens_at=OPENS) == []


def test_a_device_shared_by_two_accounts_is_flagged():
    votes = [vote(1, voter=10, device="aa"), vote(2, voter=10, entry=2, device="aa"),  # one account, two entries
             vote(3, voter=11, device="bb"), vote(4, voter=12, entry=3, device="bb"),
             vote(5, voter=13, device="")]
    assert shared_devices(votes) == [Flag(kind="shared_device", key="bb", entry=None, vote_ids=(3, 4), accounts=2)]


def test_all_flags_together_and_the_kinds_of_each_vote():
    votes = [vote(n, ip="198.51.100.20", device="dd" if n < 3 else f"d{n}", minute=n) for n in range(1, 6)]
    votes.append(vote(6, ip="192.0.2.1", created=T0))
    flags = all_flags(votes, opens_at=OPENS)
    assert [(flag.kind, flag.key, flag.entry, flag.vote_ids) for flag in flags] == [
        ("ip_burst", "198.51.100.20", 1, (1, 2, 3, 4, 5)),
        ("subnet_burst", "198.51.100.0/24", 1, (1, 2, 3, 4, 5)),
        ("new_account", "", None, (6,)),
        ("shared_device", "dd", None, (1, 2)),
    ]
    assert flagged_ids(flags) == {1: ("ip_burst", "subnet_burst", "shared_device"),
                                  2: ("ip_burst", "subnet_burst", "shared_device"),
                                  3: ("ip_burst", "subnet_burst"), 4: ("ip_burst", "subnet_burst"),
                                  5: ("ip_burst", "subnet_burst"), 6: ("new_account",)}
    assert find_group(flags, "subnet_burst|198.51.100.0/24|1") is flags[1]
    assert find_group(flags, "new_account||") is flags[2]
    assert find_group(flags, "shared_device|zz|") is None
