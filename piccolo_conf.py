"""Lets the `piccolo` command find the project's configuration from the repository root."""
from showcase.piccolo_conf import *  # noqa: F401,F403
