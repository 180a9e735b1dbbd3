"""OCDS helpers with no Django in them: reading any packaging of releases, preparing and merging them.

reader.py   detect the format from the bytes and stream releases with their positions
release.py  check, upgrade (1.0 → 1.1) and hash one release
merge.py    the bundled schema, ocdsmerge's Merger, compiled and versioned releases
"""
