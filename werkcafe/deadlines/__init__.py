"""Deadlines as the law counts them: the reference the calculator's JavaScript must match.

calendar.py   the Algemene termijnenwet: its holidays (Easter computed) and the extension
rules.py      the deadline kinds (bezwaar, beroep, ingebrekestelling, WIA, WW), pure functions
blocks.py     build-time HTML: the calculator block, the table for readers without JavaScript
"""
