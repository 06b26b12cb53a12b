"""The one Jinja2 environment, shared by pages and e-mails."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape

from showcase import i18n
from showcase.media.pictures import picture_urls
from showcase.navigation import language_url, navigation
from showcase.settings import get_settings


def localized(row: object, field: str) -> str:
    """row.<field>_ar for Arabic visitors, <field>_fr otherwise, falling back to the other language."""
    get = row.get if isinstance(row, dict) else (lambda name, default="": getattr(row, name, default))
    french, arabic = get(f"{field}_fr", "") or "", get(f"{field}_ar", "") or ""
    first, second = (arabic, french) if i18n.get_locale() == "ar" else (french, arabic)
    return first or second


@lru_cache(maxsize=1)
def get_environment() -> Environment:
    settings = get_settings()
    env = Environment(
        loader=FileSystemLoader(settings.templates_dir),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        auto_reload=settings.debug,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.install_jinja(env)
    from showcase.challenges.display import challenge_time, phase_label

    env.globals.update(site_name="Showcase", navigation=navigation, language_url=language_url, picture_urls=picture_urls,
                       localized=localized, challenge_time=challenge_time, phase_label=phase_label)
    return env


def render_mail(template: str, *, locale: str, context: dict) -> tuple[str, str]:
    """Render templates/mail/<template>.txt in `locale`; its `subject` variable is the subject line."""
    with i18n.use_locale(locale):
        module = get_environment().get_template(f"mail/{template}.txt").make_module(context)
        subject = " ".join(str(getattr(module, "subject", "")).split())
        return subject, str(module).strip() + "\n"
