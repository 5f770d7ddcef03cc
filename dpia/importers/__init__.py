"""Reading assessments people already have: Word documents, CNIL PIA exports and dpia's own JSON.

Each module here is pure: bytes or plain data in, plain data out. `safety` checks an upload before any parser
sees it; `word` is the only module that touches python-docx; `matcher` and `cnil` turn what was read into a
plan of suggested destinations; `plan` assembles a confirmed plan into answers. Nothing here stores anything.
"""
