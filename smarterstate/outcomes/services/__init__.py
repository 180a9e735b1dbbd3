"""Writes of the Outcomes pillar. Every rule lives here, so pages, the API and imports agree.

initiatives.py  initiatives, settings (confidence scale) and confidence ratings
outcomes.py     benefit profiles, mandatory KPIs, measurements (keeps latest and realisation)
gates.py        phase gate reviews with Service Standard assessments and conditions
pilots.py       pilots, success criteria, decisions, and the innovation fund ledger
links.py        links from initiatives to other pillars' records
"""
