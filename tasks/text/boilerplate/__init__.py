"""Boilerplate removal: rule tables (``rules``) and named word lists (``vocabulary``), the passes
that apply them to one document (``passes``), the article block of a flattened web page
(``main_block``), a learnt line model for the furniture no rule lists (``model``), and a source's
template lines learnt from their frequency across documents (``line_frequency``)."""

from tasks.text.boilerplate.passes import Stripped, strip_boilerplate

__all__ = ["Stripped", "strip_boilerplate"]
