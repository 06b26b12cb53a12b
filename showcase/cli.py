"""The `showcase` command: serve, migrate, demo, createadmin, send-mail, compile-messages."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console

from showcase.settings import ConfigError, load_settings

console = Console()
err_console = Console(stderr=True)


def _check_settings() -> None:
    """Fail in one line naming the bad variable, never with a traceback."""
    try:
        load_settings()
    except ConfigError as exc:
        click.echo(f"showcase: configuration error: {exc}", err=True)
        sys.exit(2)


def _run(coroutine_function: Callable[..., Coroutine[Any, Any, Any]], *args: Any, **kwargs: Any) -> Any:
    _check_settings()

    async def run_then_close() -> Any:
        from showcase.db import close_connections

        try:
            return await coroutine_function(*args, **kwargs)
        finally:
            await close_connections()

    return asyncio.run(run_then_close())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Showcase: the reuse gallery and hackathon platform of Morocco's open data portal.

    Configuration comes from environment variables (DATABASE_URL, REDIS_URL, SECRET_KEY, SMTP_URL,
    BASE_URL, DEBUG, ...): see the README.
    """
    from showcase import i18n

    # Operators read messages in their terminal's language (LANG=fr_FR.UTF-8), English otherwise.
    code = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "en")[:2]
    i18n.set_locale(code if code in i18n.SUPPORTED else "en")


@main.command()
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", envvar="PORT", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (more than one needs REDIS_URL for shared sessions).")
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the web application with uvicorn."""
    import uvicorn

    settings = _settings_or_exit()
    if workers > 1 and not settings.redis_url:
        err_console.print("[yellow]Several workers without REDIS_URL: each keeps its own sessions and rate limits.[/]")
    console.print(f"Showcase on [bold]http://{host}:{port}[/] ({'PostgreSQL' if settings.is_postgres else 'SQLite'})")
    uvicorn.run("showcase.app:create_app", factory=True, host=host, port=port, workers=workers, reload=reload,
                proxy_headers=True, forwarded_allow_ips="*", log_level="info")


def _settings_or_exit():  # noqa: ANN202
    try:
        return load_settings()
    except ConfigError as exc:
        click.echo(f"showcase: configuration error: {exc}", err=True)
        sys.exit(2)


@main.command()
@click.option("--verbose", is_flag=True, help="Show Piccolo's migration output.")
def migrate(verbose: bool) -> None:
    """Apply pending database migrations (safe to run again)."""
    from showcase.db import migrate as run_migrations

    _check_settings()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(sys.stdout if verbose else buffer):
        try:
            _run(run_migrations)
        except Exception as exc:  # noqa: BLE001 - shown to the operator in one line
            err_console.print(f"[bold red]Migrations failed:[/] {exc}")
            if not verbose:
                err_console.print(buffer.getvalue())
            sys.exit(1)
    console.print("Database is up to date.")


@main.command()
def demo() -> None:
    """Load the demonstration data (idempotent: does nothing if it is already there)."""
    from showcase.demo import load_demo

    created = _run(load_demo, now=datetime.now(UTC))
    if created:
        console.print("Demo data loaded. Log in as [bold]admin@example.org[/] / [bold]demo-admin-2026[/].")
    else:
        console.print("Demo data already present.")


@main.command()
@click.option("--email", prompt=True, help="The admin's e-mail address.")
@click.option("--name", prompt=True, help="The admin's name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters.")
def createadmin(email: str, name: str, password: str) -> None:
    """Create a site administrator, or make an existing account one."""
    from showcase.accounts.domain import create_admin
    from showcase.exceptions import InvalidInput

    try:
        _user_id, created = _run(create_admin, email=email, name=name, password=password, now=datetime.now(UTC))
    except InvalidInput as exc:
        for field, message in exc.errors.items():
            err_console.print(f"[bold red]{field}:[/] {message}")
        sys.exit(1)
    console.print(f"{'Created' if created else 'Promoted'} administrator {email.strip().lower()}.")


@main.command()
def sync() -> None:
    """Refresh the snapshots of every cited dataset, producer and theme from the portal (safe while the app runs)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from showcase.portal.service import open_portal
    from showcase.portal.sync import SyncAlreadyRunning, sync_portal

    settings = _settings_or_exit()

    async def run() -> tuple:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=False) as bar:
            task = bar.add_task("Datasets", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            async with open_portal(settings) as portal:
                return await sync_portal(portal=portal, now=datetime.now(UTC), trigger="cli", progress=progress)

    try:
        _run_id, report = _run(run)
    except SyncAlreadyRunning:
        err_console.print("Another refresh is running; try again when it has finished.")
        sys.exit(1)
    console.print(f"checked {report.checked}, changed {report.changed}, withdrawn {report.withdrawn}, "
                  f"missing {report.missing}, reappeared {report.reappeared}, resolved {report.resolved}, "
                  f"errors {report.errors}, portal calls {report.calls}")
    for message in report.messages:
        err_console.print(f"[yellow]{message}[/]")


@main.command(name="check-links")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="How many reuses to check in this round (oldest checks first).")
def check_links_command(limit: int) -> None:
    """Check the address of each published reuse (SSRF-guarded); flag links failing 3 checks in a row."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from showcase.reuses.linkhealth import check_links

    async def run():  # noqa: ANN202
        with Progress(TextColumn("Links"), BarColumn(), MofNCompleteColumn(), console=console) as bar:
            task = bar.add_task("links", total=None)
            return await check_links(now=datetime.now(UTC), limit=limit,
                                     progress=lambda done, total: bar.update(task, completed=done, total=total))

    report = _run(run)
    console.print(f"checked {report.checked}, ok {report.ok}, failing {report.failing}, "
                  f"newly flagged {report.flagged}, recovered {report.recovered}")
    if report.problems:
        table = Table("reuse", "problem")
        for slug, reason in report.problems:
            table.add_row(slug, reason)
        console.print(table)


@main.command(name="send-producer-digests")
@click.option("--month", default="", metavar="YYYY-MM",
              help="The month to report (default: the previous calendar month, UTC).")
def send_producer_digests(month: str) -> None:
    """Queue the monthly digest to each confirmed subscriber of a producer (once per month and subscriber)."""
    from showcase.stats.producer_digest import send_digests
    from showcase.stats.producer_queries import parse_month

    if month and parse_month(month) is None:
        err_console.print(f"[red]--month: expected a month like 2026-10, got {month!r}[/]")
        sys.exit(2)
    report = _run(send_digests, month=parse_month(month), now=datetime.now(UTC))
    console.print(f"{report.month}: {report.sent} digest(s) queued, {report.empty} subscription(s) without a new "
                  f"reuse (nothing sent), {report.skipped} already handled for that month")


@main.command(name="export-open-data")
def export_open_data_command() -> None:
    """Write the open-data files (CSV, JSON, data dictionary, manifest with SHA-256) under VAR_DIR/open-data/."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from showcase.stats.open_data import export_open_data, folder

    settings = _settings_or_exit()

    async def run():  # noqa: ANN202
        with Progress(TextColumn("Open data"), BarColumn(), MofNCompleteColumn(), console=console) as bar:
            task = bar.add_task("open-data", total=None)
            return await export_open_data(var_dir=settings.var_dir, base_url=settings.base_url, now=datetime.now(UTC),
                                          progress=lambda done, total: bar.update(task, completed=done, total=total))

    manifest = _run(run)
    table = Table("file", "rows", "bytes", "sha256")
    for item in manifest["files"]:
        table.add_row(item["name"], "" if item["rows"] is None else str(item["rows"]), str(item["bytes"]),
                      item["sha256"])
    console.print(table)
    console.print(f"written to {folder(settings.var_dir)}")


@main.command(name="send-mail")
def send_mail() -> None:
    """Deliver the e-mails waiting in the outbox now (the web process also does it every few seconds)."""
    from showcase.mail.domain import deliver_due
    from showcase.mail.senders import sender_from_settings

    settings = _settings_or_exit()
    report = _run(deliver_due, sender=sender_from_settings(settings.smtp_url), from_address=settings.mail_from,
                  now=datetime.now(UTC))
    console.print(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}")


@main.command(name="verify-audit")
def verify_audit() -> None:
    """Check the judging audit trail of every challenge: numbering, links and SHA-256 hashes. Exit 1 if broken."""
    from rich.table import Table

    from showcase.judging.audit import verify_all

    chains, events, problems = _run(verify_all)
    if problems:
        table = Table("challenge", "event", "problem")
        explanations = {"hash": "altered (its hash does not match its content)",
                        "link": "does not follow the event before it (one was altered or removed)",
                        "gap": "numbering gap (an event was removed)"}
        for problem in problems:
            table.add_row(str(problem.challenge), str(problem.sequence), explanations[problem.problem])
        err_console.print(table)
        err_console.print(f"[red]The audit trail is broken: {len(problems)} problem(s) in {events} events.[/]")
        sys.exit(1)
    console.print(f"Audit trail intact: {events} events in {chains} challenge(s).")


@main.command(name="compile-messages")
def compile_messages() -> None:
    """Compile the translation catalogues (.po into .mo)."""
    from showcase.i18n import compile_catalogues

    written = compile_catalogues(force=True)
    console.print(f"Compiled {len(written)} catalogue(s).")


if __name__ == "__main__":  # pragma: no cover
    main()
