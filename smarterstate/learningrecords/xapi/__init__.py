"""The Experience API (xAPI 1.0.3 and 2.0 / IEEE 9274.1.1) as pure Python: no Django, no database.

``formats`` checks the data types the specification names (IRI, UUID, language tag, timestamp,
duration, mailto), ``validation`` checks a statement's structure, ``agents`` turns agents into
the keys the store indexes, ``signatures`` verifies signed statements and ``multipart`` reads
``multipart/mixed`` bodies. Everything raises :class:`errors.XAPIError` with the HTTP status the
specification asks for and a message naming the property at fault.
"""
