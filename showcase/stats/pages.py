"""(being built: see /work/notes/impact-brief.md)"""

ROUTES: list = []
