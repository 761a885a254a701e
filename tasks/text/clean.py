"""One document through every cleaning stage.

Order matters: encoding repair first (rules cannot match mojibake), then HTML/pinyin/width
normalisation, then boilerplate (matched on the simplified form, so one rule set serves both
scripts), then conversion to the target script.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tasks.config import DEFAULTS
from tasks.dedup.content import dedup_form
from tasks.text.boilerplate import strip_boilerplate
from tasks.text.encoding import Repair, repair_encoding
from tasks.text.html_page import PageText, page_text
from tasks.text.normalize import is_html_document, normalize, normalize_width_and_space, remove_private_use
from tasks.text.script import convert_routes, detect_script, script_route, to_simplified
from tasks.text.second_opinion import prefers_theirs, readability_page


@dataclass
class CleanDoc:
    text: str  # in the target script
    dedup_text: str  # simplified, whitespace-free: what duplicates are judged on
    original_script: str
    fixes: list[str] = field(default_factory=list)
    removed_lines: int = 0
    replacement_chars: int = 0
    lost_byte_marks: int = 0


def _furniture_keys(furniture: dict[str, str], script: str, keep_traditional: bool) -> dict[str, str]:
    """A page's furniture lines in the form the boilerplate passes see them: normalised, in the
    working script, whitespace removed."""
    if not furniture:
        return {}
    lines = normalize_width_and_space(remove_private_use("\n".join(furniture))[0])
    if not keep_traditional:
        lines = to_simplified(lines, script)
    return {"".join(key.split()): rule for key, rule in zip(lines.split("\n"), furniture.values())}


def clean_document(text: str, target_script: str = DEFAULTS.target_script, url: str | None = None) -> CleanDoc:
    """``url``: the record's address, when it has one; of a whole page's several posts (a forum
    thread) it tells which one is the page's own."""
    repaired = repair_encoding(text)
    if not is_html_document(repaired.text):
        return _clean(repaired, repaired.text, target_script)
    return _clean_page(repaired, target_script, url)


def _clean_page(repaired: Repair, target_script: str, url: str | None) -> CleanDoc:
    page = page_text(repaired.text, url)
    ours = _clean(repaired, page.text, target_script, page)
    # A second extractor's pick, cleaned the same way, replaces ours only when the two are
    # different texts and its opening says what the page's title says (second_opinion.py).
    their_page = readability_page(repaired.text, page.title)
    if their_page is not None:
        theirs = _clean(repaired, None, target_script, page_text(their_page, url))
        if prefers_theirs(page.title, ours.text, theirs.text):
            theirs.fixes.append("html.second_opinion")
            return theirs
    return ours


def clean_documents(texts: list[str], target_script: str = DEFAULTS.target_script, urls=None) -> list[CleanDoc]:
    """``clean_document`` over a shard's texts, with the same output. The script conversions of
    plain texts run for all of them together (``convert_routes``): traditional texts to the
    simplified working form before boilerplate, then every text to the target script at the end;
    two to five times faster than one text at a time."""
    urls = urls if urls is not None else [None] * len(texts)
    docs: list = [None] * len(texts)
    routes: dict[int, tuple[str, ...]] = {}  # document -> its route to the target script

    def finish(i: int, repaired: Repair, prepared: tuple) -> None:
        docs[i], route = _clean(repaired, None, target_script, to_target=False, prepared=prepared)
        if route:
            routes[i] = route

    deferred = []  # texts whose working form is another script: converted together below
    for i, (text, url) in enumerate(zip(texts, urls)):
        repaired = repair_encoding(text)
        if is_html_document(repaired.text):  # the second opinion compares converted texts
            docs[i] = _clean_page(repaired, target_script, url)
            continue
        normalized, norm_fixes = normalize(repaired.text)
        script = detect_script(normalized)
        to_working = _working_route(normalized, script, target_script)
        if to_working:
            deferred.append((i, repaired, normalized, norm_fixes, script, to_working))
        else:
            finish(i, repaired, (normalized, norm_fixes, script, normalized))
    working = convert_routes([d[2] for d in deferred], [d[5] for d in deferred])
    for (i, repaired, normalized, norm_fixes, script, _), work in zip(deferred, working):
        finish(i, repaired, (normalized, norm_fixes, script, work))
    pending = sorted(routes)
    for i, text in zip(pending, convert_routes([docs[i].text for i in pending], [routes[i] for i in pending])):
        _set_target_text(docs[i], text, target_script)
    return docs


def _working_route(normalized: str, script: str, target_script: str) -> tuple[str, ...]:
    """Boilerplate is matched on simplified text, unless a traditional text keeps its script."""
    if script == "traditional" and target_script != "s":
        return ()
    return script_route(normalized, "s", script)


def _set_target_text(doc: CleanDoc, text: str, target_script: str) -> None:
    if text != doc.text and f"script.to_{target_script}" not in doc.fixes:
        doc.fixes.append(f"script.to_{target_script}")
    doc.text = text


def _clean(
    repaired: Repair,
    source: str | None,
    target_script: str,
    page: PageText | None = None,
    to_target=True,
    prepared: tuple[str, list[str], str, str] | None = None,
):
    """The stages after encoding repair, on plain text or on a page's text with its DOM's marks.
    With ``to_target`` false, the text is left in the working script and returned with the route
    (``script_route``) that takes it to the target. ``prepared``: the normalised text, its fixes,
    its script and its working form, where ``clean_documents`` made them for a whole shard."""
    furniture, headlines, html_fixes = {}, [], []
    if page is not None:
        source, furniture, headlines, html_fixes = (
            page.text,
            page.furniture,
            page.headlines,
            ["normalize.html_document"],
        )
    if prepared is None:
        normalized, norm_fixes = normalize(source)
        script = detect_script(normalized)
        working = convert_routes([normalized], [_working_route(normalized, script, target_script)])[0]
    else:
        normalized, norm_fixes, script, working = prepared
    keep_traditional = script == "traditional" and target_script != "s"
    stripped = strip_boilerplate(
        working,
        _furniture_keys(furniture, script, keep_traditional),
        set(_furniture_keys(dict.fromkeys(headlines, "headline"), script, keep_traditional)),
    )
    simplified = to_simplified(stripped.text) if keep_traditional else stripped.text
    # The working text is already simplified unless a traditional document keeps its script.
    route = script_route(
        stripped.text, target_script, script=script if keep_traditional or script == "none" else "simplified"
    )
    fixes = repaired.fixes + html_fixes + norm_fixes + stripped.rules
    if not keep_traditional and working != normalized:
        fixes.append(f"script.to_{target_script}")
    doc = CleanDoc(
        text=stripped.text,
        dedup_text=dedup_form(simplified),
        original_script=script,
        fixes=fixes,
        removed_lines=len(stripped.removed_lines),
        replacement_chars=repaired.replacement_chars,
        lost_byte_marks=repaired.lost_byte_marks,
    )
    if not to_target:
        return doc, route
    _set_target_text(doc, convert_routes([doc.text], [route])[0], target_script)
    return doc
