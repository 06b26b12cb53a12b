"""(being built: see /work/notes/judging-brief.md)"""

ROUTES: list = []
