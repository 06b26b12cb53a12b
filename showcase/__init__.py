"""Showcase: the reuse gallery and hackathon platform of Morocco's open data portal."""

import os

# Piccolo looks up its configuration module by name; ours lives inside the package.
os.environ.setdefault("PICCOLO_CONF", "showcase.piccolo_conf")
