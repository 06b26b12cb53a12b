"""create_app(): wiring only. Every rule lives in the feature packages."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from litestar import Litestar
from litestar.datastructures import CacheControlHeader, State
from litestar.config.compression import CompressionConfig
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.plugins.flash import FlashConfig, FlashPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.template import TemplateConfig

from showcase import i18n
from showcase.db import database_pool
from showcase.errors import error_handler
from showcase.housekeeping import housekeeping
from showcase.mail.worker import mail_worker
from showcase.portal.client import PortalClient
from showcase.portal.jobs import job_worker_lifespan
from showcase.portal.service import portal_lifespan
from showcase.reuses.linkhealth import link_check_lifespan
from showcase.security import (
    RequestContextMiddleware,
    csrf_config,
    security_headers_hook,
    session_config,
)
from showcase.settings import ConfigError, Settings, get_settings
from showcase.stats.embeds import PortalCorsMiddleware
from showcase.stats.open_data import open_data_lifespan
from showcase.stats.producer_digest import digest_lifespan
from showcase.templating import get_environment


def build_stores(settings: Settings) -> dict[str, Store]:
    """Redis when REDIS_URL is set (shared by workers); otherwise files for sessions, memory for the rest."""
    names = ("sessions", "response_cache", "rate_limit", "cache")
    if settings.redis_url:
        root = RedisStore.with_client(url=settings.redis_url, namespace="showcase")
        return {name: root.with_namespace(name) for name in names}
    stores: dict[str, Store] = {name: MemoryStore() for name in names}
    # Sessions in files survive a restart of the one process that serves an embedded deployment.
    stores["sessions"] = FileStore(path=Path(settings.var_dir) / "sessions", create_directories=True)
    return stores


def route_handlers() -> list:
    from showcase.challenges.routes import ROUTES as CHALLENGE_ROUTES
    from showcase.judging.routes import ROUTES as JUDGING_ROUTES
    from showcase.stats.routes import ROUTES as STATS_ROUTES
    from showcase.accounts.pages import AccountController, ManageUsersController, TokenController
    from showcase.mail.pages import ManageOutboxController
    from showcase.pages import home, healthz, livez
    from showcase.portal.api import PortalApiController
    from showcase.portal.pages import DatasetController, ManagePortalController, theme_detail
    from showcase.reuses.api import ReuseApiController
    from showcase.reuses.feeds import dataset_feed, reuses_csv, reuses_feed, theme_feed
    from showcase.reuses.pages import ManageReusesController, ReuseController, my_reuses
    from showcase.startups.pages import InvitationController, MyStartupsController, StartupController

    return [
        home, livez, healthz,
        AccountController, ManageUsersController, ManageOutboxController, TokenController,
        StartupController, InvitationController,
        DatasetController, theme_detail, ManagePortalController, PortalApiController, MyStartupsController,
        ReuseController, my_reuses, ManageReusesController, ReuseApiController,
        reuses_feed, theme_feed, dataset_feed, reuses_csv,
        *CHALLENGE_ROUTES,
        *JUDGING_ROUTES,
        *STATS_ROUTES,
    ]


def create_app(settings: Settings | None = None, *, portal: PortalClient | None = None) -> Litestar:
    """The application. Tests may pass their own settings and a portal client (over a fake transport)."""
    try:
        settings = settings or get_settings()
    except ConfigError as exc:
        # uvicorn would print a traceback; a person deploying needs the one line.
        print(f"showcase: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    i18n.compile_catalogues()
    settings.media_root.mkdir(parents=True, exist_ok=True)
    template_config = TemplateConfig(engine=JinjaTemplateEngine.from_environment(get_environment()))
    sessions = session_config(settings)
    return Litestar(
        route_handlers=[
            *route_handlers(),
            create_static_files_router(path="/static", directories=[settings.static_dir], name="static",
                                       cache_control=None, include_in_schema=False),
            create_static_files_router(path="/media", directories=[settings.media_root], name="media",
                                       cache_control=CacheControlHeader(public=True, max_age=31_536_000, immutable=True),
                                       include_in_schema=False),  # content-addressed names never change
        ],
        template_config=template_config,
        plugins=[FlashPlugin(config=FlashConfig(template_config=template_config))],
        middleware=[sessions.middleware, RequestContextMiddleware(), PortalCorsMiddleware()],
        before_send=[security_headers_hook(hsts=not settings.debug, frame_origin=settings.portal_origin)],
        csrf_config=csrf_config(settings),
        stores=build_stores(settings),
        lifespan=[database_pool, portal_lifespan(portal), job_worker_lifespan, mail_worker, housekeeping,
                  link_check_lifespan, digest_lifespan, open_data_lifespan],
        exception_handlers={HTTPException: error_handler, Exception: error_handler},
        openapi_config=OpenAPIConfig(title="Showcase API", version="1.0.0", path="/schema",
                                     render_plugins=[ScalarRenderPlugin()]),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024),
        request_max_body_size=settings.max_upload_bytes,
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]},
            loggers={"showcase": {"level": "INFO", "propagate": True}},
            log_exceptions="debug" if settings.debug else "always",
        ),
        state=State({"settings": settings}),
        debug=False,
    )


logging.getLogger("showcase").setLevel(logging.INFO)
