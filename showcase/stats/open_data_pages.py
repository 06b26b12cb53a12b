"""/open-data: the files of the latest export (size, rows, generation time, SHA-256) with the data dictionary,
and /open-data/<file> downloads of the known file names only."""

from __future__ import annotations

import contextlib
from datetime import datetime

from litestar import Request, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Template

from showcase.i18n import format_datetime, format_number
from showcase.i18n import gettext as _
from showcase.stats import open_data

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}  # Litestar adds "; charset=utf-8"


def _size(count: int) -> str:
    if count < 1024:
        return _("%(size)s bytes", size=format_number(count))
    if count < 1024 * 1024:
        return _("%(size)s KB", size=format_number(round(count / 1024, 1)))
    return _("%(size)s MB", size=format_number(round(count / 1024 / 1024, 1)))


@get("/open-data", include_in_schema=False, name="open-data:index")
async def open_data_index(request: Request) -> Template:
    settings = request.app.state.settings
    manifest = open_data.read_manifest(settings.var_dir)
    generated = ""
    if manifest:
        with contextlib.suppress(KeyError, ValueError):
            generated = format_datetime(datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00")))
    return Template("stats/open_data.html", context={
        "manifest": manifest, "generated": generated, "size": _size, "tables": open_data.TABLES,
        "type_labels": open_data.TYPE_LABELS,
        "dictionary_name": open_data.DICTIONARY, "manifest_name": open_data.MANIFEST,
    })


@get("/open-data/{name:str}", include_in_schema=False, name="open-data:file",
     cache_control=CacheControlHeader(public=True, max_age=3600))
async def open_data_file(request: Request, name: FromPath[str]) -> Response:
    if name not in open_data.FILE_NAMES:  # a fixed list: nothing else under VAR_DIR can be reached
        raise NotFoundException()
    path = open_data.folder(request.app.state.settings.var_dir) / name
    if not path.is_file():
        raise NotFoundException()
    extension = name.rsplit(".", 1)[-1]
    return File(path=path, filename=name, media_type=MEDIA_TYPES[extension],
                content_disposition_type="attachment" if extension == "csv" else "inline")


ROUTES: list = [open_data_index, open_data_file]
