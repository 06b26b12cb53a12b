import dataclasses

import pytest
from litestar.testing import AsyncTestClient

from showcase.portal.citations import portal_site_of
from showcase.portal.client import PortalClient
from showcase.settings import get_settings
from tests.fake_portal import BASE_URL, FakePortal


@pytest.fixture
def fake_portal() -> FakePortal:
    return FakePortal()


@pytest.fixture
async def portal(fake_portal):
    async with PortalClient(BASE_URL, transport=fake_portal.transport(), backoff_base=0, max_retries=1) as client:
        yield client


@pytest.fixture
def site():
    return portal_site_of(BASE_URL)


@pytest.fixture
async def portal_client(fake_portal):
    """The HTTP test client of an app whose portal is the fake one."""
    from showcase.app import create_app

    settings = dataclasses.replace(get_settings(), portal_url=BASE_URL)
    client = PortalClient(BASE_URL, transport=fake_portal.transport(), backoff_base=0, max_retries=1)
    async with AsyncTestClient(app=create_app(settings, portal=client), base_url="http://testserver.local") as http:
        http.headers["Accept-Language"] = "en"
        yield http
