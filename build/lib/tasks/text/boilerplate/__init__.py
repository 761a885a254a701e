"""Boilerplate removal: rule tables (``rules``), the passes that apply them to one document
(``passes``), the article block of a flattened web page (``main_block``), and a source's template
lines learnt from their frequency across documents (``line_frequency``)."""

from tasks.text.boilerplate.passes import Stripped, strip_boilerplate

__all__ = ["Stripped", "strip_boilerplate"]
