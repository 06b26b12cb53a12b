"""Startup pages (being built)."""

from litestar import Controller, get
from litestar.response import Template


class StartupController(Controller):
    path = "/startups"
    include_in_schema = False

    @get("/", name="startups:index")
    async def index(self) -> Template:
        return Template("errors/error.html", context={"status_code": 200, "title": "Startups", "message": ""})


class InvitationController(Controller):
    path = "/invitations"
    include_in_schema = False
