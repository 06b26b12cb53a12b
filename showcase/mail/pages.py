"""The admins' view of the outbox: what was sent, what waits, what failed and why; retry."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from showcase.i18n import gettext as _
from showcase.mail.domain import retry_now
from showcase.mail.tables import STATUSES, OutboxMessage
from showcase.security import requires_admin
from showcase.web import utcnow

PER_PAGE = 50


class ManageOutboxController(Controller):
    path = "/manage/outbox"
    include_in_schema = False
    guards = [requires_admin]

    @get("/", name="manage:outbox")
    async def index(self, status: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
        page = max(1, page)
        query = OutboxMessage.select(
            OutboxMessage.id, OutboxMessage.to_address, OutboxMessage.subject, OutboxMessage.template,
            OutboxMessage.locale, OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.last_error,
            OutboxMessage.created_at, OutboxMessage.next_attempt_at, OutboxMessage.sent_at,
        ).order_by(OutboxMessage.id, ascending=False)
        count = OutboxMessage.count()
        if status in STATUSES:
            query = query.where(OutboxMessage.status == status)
            count = count.where(OutboxMessage.status == status)
        rows = await query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)
        totals = {row["status"]: row["count"] for row in await OutboxMessage.raw(
            "SELECT status, COUNT(*) AS count FROM mail_outbox GROUP BY status")}
        total = await count
        return Template("manage/outbox.html", context={
            "rows": rows, "status": status, "statuses": STATUSES, "totals": totals, "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
        })

    @post("/{message_id:int}/retry", name="manage:outbox-retry")
    async def retry(self, request: Request, message_id: FromPath[int]) -> Redirect:
        await retry_now(message_id=message_id, now=utcnow())
        flash(request, _("The message will be sent again shortly."), category="success")
        return Redirect("/manage/outbox")
