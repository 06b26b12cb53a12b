"""Small helpers shared by HTML controllers: form reading, the clock, re-rendering forms with errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.response import Template
from litestar.status_codes import HTTP_400_BAD_REQUEST


def utcnow() -> datetime:
    return datetime.now(UTC)


async def read_form(request: Request) -> tuple[dict[str, str], dict[str, UploadFile]]:
    """Text fields (last value wins, CSRF token dropped) and uploaded files, from either encoding."""
    form = await request.form()
    values: dict[str, str] = {}
    files: dict[str, UploadFile] = {}
    for key, value in form.multi_items():
        if key == "_csrf_token":
            continue
        if isinstance(value, UploadFile):
            if value.filename:
                files[key] = value
        else:
            values[key] = str(value)
    return values, files


async def read_multi(request: Request, name: str) -> list[str]:
    form = await request.form()
    return [str(value) for value in form.getall(name)] if name in form else []


def form_page(template: str, *, values: dict[str, Any], errors: dict[str, str], status: int = HTTP_400_BAD_REQUEST,
              **context: Any) -> Template:
    """Show a form again with what the person typed and a message beside each wrong field."""
    return Template(template, context={"values": values, "errors": errors, **context}, status_code=status)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_user(request: Request) -> Any:
    return request.scope.get("state", {}).get("user")
