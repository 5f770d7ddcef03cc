"""Full-text search over the register, behind our own small interface: the only code that imports Whoosh.

Two indexes live side by side in one folder generation (`instance/index -> index-<generation>`):
`names`, a small index of system names, aliases and acronyms for instant, forgiving look-ups, and `content`,
one document per system and per assessment version for everything else. SQLite stays the truth; both
indexes are rebuilt from it whenever they are missing, stale or unreadable.
"""
