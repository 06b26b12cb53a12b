"""The producer's monthly digest: double opt-in from the dashboard, one e-mail per subscriber and month listing
that month's new reuses, nothing twice, one-click unsubscribe, bad input kept with a message."""

import re

import pytest

from showcase.stats import producer_digest as digest
from showcase.stats.tables import ProducerDigest
from tests.conftest import soup
from tests.integration.stats.producers_support import at, build_world, subscriber
from tests.support import csrf_token, link_in, outbox, submit

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _fresh_dashboards():
    from showcase.stats.producer_queries import forget_dashboards

    forget_dashboards()
    yield
    forget_dashboards()


async def subscribe_and_confirm(client, producer: str, email: str, locale: str = "fr") -> None:
    response = await submit(client, f"/producers/{producer}", {"email": email, "locale": locale},
                            action=f"/producers/{producer}/digest")
    assert response.status_code == 302, response.text[:2000]
    mail = (await outbox(email))[-1]
    link = link_in(mail["body_text"])
    page = await client.get(link)
    assert page.status_code == 200
    confirmed = await client.post(link, data={"_csrf_token": csrf_token(page.text)})
    assert confirmed.status_code == 200, confirmed.text[:2000]


async def test_subscription_needs_the_confirmation_link(client):
    await build_world()
    response = await submit(client, "/producers/hcp", {"email": "  Contact@HCP.ma ", "locale": "ar"},
                            action="/producers/hcp/digest")
    assert (response.status_code, response.headers["location"]) == (302, "/producers/hcp#digest")
    row = await ProducerDigest.select().first()
    assert (row["email"], row["locale"], row["confirmed_at"]) == ("contact@hcp.ma", "ar", None)
    mails = await outbox("contact@hcp.ma")
    assert len(mails) == 1 and mails[0]["template"] == "producer_digest_confirm"
    assert "المندوبية السامية للتخطيط" in mails[0]["subject"]  # in the language chosen
    link = link_in(mails[0]["body_text"])
    assert link.startswith("/producers/digest/confirm/")
    assert digest.hash_token(link.rsplit("/", 1)[1]) == row["confirm_token_hash"]  # only the hash is stored
    page = await client.get(link)  # opening the link (a mail scanner would) confirms nothing
    assert (await ProducerDigest.select(ProducerDigest.confirmed_at).first())["confirmed_at"] is None
    done = await client.post(link, data={"_csrf_token": csrf_token(page.text)})
    assert done.status_code == 200 and "Subscription confirmed" in done.text
    assert (await ProducerDigest.select(ProducerDigest.confirmed_at).first())["confirmed_at"] is not None
    again = await client.get(link)  # used once
    assert again.status_code == 400 and "This link is not valid" in again.text


async def test_bad_email_keeps_the_input_with_a_message(client):
    await build_world()
    response = await submit(client, "/producers/hcp", {"email": "pas-une-adresse", "locale": "fr"},
                            action="/producers/hcp/digest")
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one("#f-email")["value"] == "pas-une-adresse"
    assert page.select_one("#f-email-error").get_text(strip=True) == (
        "This does not look like an e-mail address (example: amina@example.ma).")
    assert page.select_one("#f-locale option[selected]")["value"] == "fr"
    assert await ProducerDigest.count() == 0 and await outbox() == []
    bad_language = await submit(client, "/producers/hcp", {"email": "a@hcp.ma", "locale": "xx"},
                                action="/producers/hcp/digest")
    assert bad_language.status_code == 400
    assert soup(bad_language.text).select_one("#f-locale-error").get_text(strip=True) == (
        "Choose the language of the e-mails.")


async def test_subscribing_is_rate_limited_per_address(client):
    await build_world()
    for _ in range(3):
        response = await submit(client, "/producers/hcp", {"email": "a@hcp.ma", "locale": "fr"},
                                action="/producers/hcp/digest")
        assert response.status_code == 302
    response = await submit(client, "/producers/hcp", {"email": "a@hcp.ma", "locale": "fr"},
                            action="/producers/hcp/digest")
    assert response.status_code == 429
    assert "Too many attempts" in soup(response.text).select_one("#f-email-error").get_text()
    assert len(await outbox("a@hcp.ma")) == 3


async def test_october_digest_once_per_subscriber_with_octobers_reuses(client):
    await build_world()
    await subscribe_and_confirm(client, "hcp", "fr@hcp.ma", "fr")
    await subscribe_and_confirm(client, "hcp", "ar@hcp.ma", "ar")
    await subscribe_and_confirm(client, "bam", "contact@bam.ma", "fr")
    await submit(client, "/producers/hcp", {"email": "pending@hcp.ma", "locale": "fr"}, action="/producers/hcp/digest")
    before = len(await outbox())

    report = await digest.send_digests(now=at(11, 2))  # the month before 2 November: October
    assert (report.month, report.sent, report.empty, report.skipped) == ("2026-10", 3, 0, 0)
    mails = (await outbox())[before:]
    assert sorted(m["to_address"] for m in mails) == ["ar@hcp.ma", "contact@bam.ma", "fr@hcp.ma"]
    french = next(m for m in mails if m["to_address"] == "fr@hcp.ma")
    assert "Haut-Commissariat au Plan" in french["subject"] and "octobre 2026" in french["subject"]
    listed = re.findall(r"^- (.+) \(", french["body_text"], flags=re.MULTILINE)
    assert listed == ["Carte de la population", "Emploi des jeunes"]  # not November's "Tableau de bord régional"
    assert "/producers/hcp" in french["body_text"]
    arabic = next(m for m in mails if m["to_address"] == "ar@hcp.ma")
    assert re.findall(r"^- (.+) \(", arabic["body_text"], flags=re.MULTILINE) == ["خريطة السكان", "Emploi des jeunes"]
    bam = next(m for m in mails if m["to_address"] == "contact@bam.ma")
    assert re.findall(r"^- (.+) \(", bam["body_text"], flags=re.MULTILINE) == ["Taux de change"]

    second = await digest.send_digests(now=at(11, 3))
    assert (second.sent, second.skipped) == (0, 3)
    assert len(await outbox()) == before + 3


async def test_month_option_and_nothing_sent_without_news(client):
    await build_world()
    await subscribe_and_confirm(client, "bam", "contact@bam.ma")
    before = len(await outbox())
    report = await digest.send_digests(month="2026-09", now=at(11, 22))  # Bank Al-Maghrib had nothing in September
    assert (report.sent, report.empty) == (0, 1)
    assert len(await outbox()) == before
    november = await digest.send_digests(month="2026-11", now=at(12, 1))
    assert (november.sent, november.empty) == (0, 1)


async def test_unsubscribe_link_in_every_digest(client):
    await build_world()
    await subscribe_and_confirm(client, "hcp", "fr@hcp.ma")
    await digest.send_digests(month="2026-10", now=at(11, 2))
    mail = (await outbox("fr@hcp.ma"))[-1]
    link = re.search(r"http://testserver.local(/producers/digest/unsubscribe/\S+)", mail["body_text"]).group(1)
    page = await client.get(link)
    assert page.status_code == 200 and await ProducerDigest.count() == 1
    done = await client.post(link, data={"_csrf_token": csrf_token(page.text)})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert await ProducerDigest.count() == 0
    report = await digest.send_digests(month="2026-11", now=at(12, 2))
    assert report.sent == 0
    gone = await client.get(link)
    assert "This subscription no longer exists" in gone.text


async def _cli_world() -> None:
    world = await build_world()
    await subscriber(world.hcp, "fr@hcp.ma")
    await subscriber(world.hcp, "pending@hcp.ma", confirmed=False)


def test_cli_sends_a_month_once():
    from click.testing import CliRunner
    from piccolo.utils.sync import run_sync

    from showcase.cli import main

    run_sync(_cli_world())
    runner = CliRunner()
    first = runner.invoke(main, ["send-producer-digests", "--month", "2026-10"])
    assert (first.exit_code, " ".join(first.output.split())) == (0, (
        "2026-10: 1 digest(s) queued, 0 subscription(s) without a new reuse (nothing sent), 0 already handled for "
        "that month"))
    again = runner.invoke(main, ["send-producer-digests", "--month", "2026-10"])
    assert "0 digest(s) queued" in again.output and "1 already handled" in again.output
    assert [m["to_address"] for m in run_sync(outbox())] == ["fr@hcp.ma"]
    bad = runner.invoke(main, ["send-producer-digests", "--month", "octobre"])
    assert bad.exit_code == 2 and "expected a month like 2026-10" in bad.output
