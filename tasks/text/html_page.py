"""A whole HTML page to the text a reader sees, using what only the DOM knows.

A page flattened to lines loses the structure that tells furniture from the article: which
element a line sits in (``<nav>``, a ``class="recommend-box"``, a comment list), how much of it is
link text, and whether the page repeats one kind of post (a forum thread's replies, a blog's other
entries). This module keeps that structure long enough to use it, then hands the cleaner plain
lines, like a Common Crawl WET file, with what it dropped and why.

Decisions, each generic rather than per site:

- ``html_container``: an element the page itself marks as furniture: ``<nav>``, ``<aside>``,
  ``<footer>``, or a class/id made of furniture words (comment, sidebar, recommend, share,
  breadcrumb, ...) with no article word (article, content, main, ...) beside them. Never the
  element that holds the most prose, nor its ancestors, nor an ``<h1>``.
- ``html_link_list``: a line that is all link text and is no heading: menus, teaser lists.
- ``html_later_post``: sibling posts that share one class (a forum thread's replies, a blog
  page's other entries) other than the page's own: the one the page's URL names (``#post_22``,
  ``?pid=22``), else the first. The element with the most prose is looked for among the page's
  own posts only, so a long reply does not stand in for the first post.
- ``html_hidden``: an element the page hides (``style="display:none"``, ``visibility:hidden``, the
  ``hidden`` attribute): a popup's profile card, a share box's text. Not when it holds the article:
  some pages hide their article until a script shows it.

Stdlib ``html.parser`` only: tolerant of broken markup, and no parser dependency for the rare
batch that carries whole pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

_SKIPPED = {"script", "style", "noscript", "head", "svg", "iframe", "template", "object", "canvas", "title"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr"}
_BLOCK = {
    *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
    *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
    *("pre", "section", "table", "td", "th", "tr", "ul", "option", "button", "label", "caption"),
}
_HEADINGS = {"h1", "h2", "h3"}
_FURNITURE_TAGS = {"nav", "aside", "footer"}
# Words a page's own class and id attributes use for furniture, and for the article. A class that
# has both ("article-footer" vs "article-content") counts as the article's only when no furniture
# word is in it, except the plain structural ones below.
_FURNITURE_WORDS = re.compile(
    r"(?<![a-z])(?:comments?|commentlist|reply|replies|footer|foot|sidebar|side|sider|aside|nav|navbar|menu|"
    r"breadcrumbs?|crumbs?|share|sharing|social|related|relate|recommend|recommends|recom|hot|hotnews|rank|"
    r"ranking|copyright|banner|advert|ads?|adv|sponsor|pager|pagination|pages|login|toolbar|toolbox|tags?|"
    r"keywords|topbar|top-?nav|bottom|widget|popup|modal|cookie|subscribe|qrcode|download|more|prev|next|"
    r"guess|likes?|feed|list)(?![a-z])",
    re.IGNORECASE,
)
_ARTICLE_WORDS = re.compile(
    r"(?<![a-z])(?:article|content|main|body|text|post|entry|story|detail|news-?text|artical|zw|con)(?![a-z])",
    re.IGNORECASE,
)
# Furniture words strong enough to win over an article word in the same attribute.
_FURNITURE_ALWAYS = re.compile(
    r"(?<![a-z])(?:comments?|reply|replies|recommend|recom|related|relate|share|sidebar|breadcrumbs?|"
    r"copyright|footer|toolbar|toolbox|tags?)(?![a-z])",
    re.IGNORECASE,
)
# Sibling elements of one class are posts (not paragraphs) when the class says so.
_POST_WORDS = re.compile(
    r"(?<![a-z])(?:post|posts|floor|reply|thread|topic|message|msg|entry|blog|item|card|l_post|postlist)(?![a-z])",
    re.IGNORECASE,
)
_MIN_POST_CHARS = 30
_INLINE_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")


@dataclass
class _Node:
    tag: str
    attrs: str  # class and id, space-joined
    parent: _Node | None
    children: list = field(default_factory=list)  # _Node or str ("\n" marks a source line break)
    anchors: str = ""  # its id and name attributes, space-joined: what a URL's #fragment points at
    # which siblings are of one kind: its first class, else its id, with the numbers masked (a
    # Discuz thread's posts are <div id="post_1001">, <div id="post_1002">, with no class; a
    # WordPress page's are <article class="post-12 post type-post ...">)
    kind: str = ""
    hidden: bool = False  # the page hides it: display:none, visibility:hidden, the hidden attribute


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: an end tag closes up to its open element; stray ones are ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", "", None)
        self.current = self.root
        self.skipping = 0
        self.title = ""  # the page's <title>, which the text leaves out
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        self.in_title |= tag == "title"
        if self.skipping:
            self.skipping += tag in _SKIPPED
            return
        if tag in _SKIPPED:
            self.skipping = 1
            return
        if tag in _VOID:
            if tag in _BLOCK:
                self.current.children.append(_Node(tag, "", self.current))
            return
        a = dict(attrs)
        node = _Node(tag, f"{a.get('class') or ''} {a.get('id') or ''}".strip(), self.current)
        node.anchors = f"{a.get('id') or ''} {a.get('name') or ''}".strip()
        node.kind = re.sub(r"\d+", "#", (a.get("class") or "").split(" ")[0] or a.get("id") or "")
        node.hidden = "hidden" in a or bool(_HIDDEN_STYLE.search(a.get("style") or ""))
        self.current.children.append(node)
        self.current = node

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag in _BLOCK:
            self.current.children.append(_Node(tag, "", self.current))

    def handle_endtag(self, tag):
        self.in_title &= tag != "title"
        if self.skipping:
            self.skipping -= tag in _SKIPPED
            return
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.skipping:
            return
        if "\n" in data and not data.strip():
            # Source line breaks between elements (menu links one per line) end a line; inside a
            # text node they are only wrapping, and a sentence stays whole.
            self.current.children.append("\n")
        else:
            self.current.children.append(_INLINE_SPACE.sub(" ", data))


def _is_furniture(node: _Node) -> bool:
    """Only a block says what it is: an inline element's class is styling (a code highlighter's
    ``hljs-comment``)."""
    if node.tag not in _BLOCK:
        return False
    if node.tag in _FURNITURE_TAGS:
        return True
    if not node.attrs or not _FURNITURE_WORDS.search(node.attrs):
        return False
    return bool(_FURNITURE_ALWAYS.search(node.attrs)) or not _ARTICLE_WORDS.search(node.attrs)


def _measure(node: _Node, chars: dict[int, int], prose: dict[int, int], blocks: dict[int, int]) -> int:
    """Per element, keyed by id(): the text characters under it (``chars``), the prose it holds
    itself, in its own text and its paragraphs (``prose``), and how many of the blocks under it
    hold text of their own (``blocks``: a post has a header and a body, a paragraph only itself)."""
    total = own = nested = 0
    for child in node.children:
        if isinstance(child, str):
            n = len(child.strip())
            total += n
            own += n
        else:
            n = _measure(child, chars, prose, blocks)
            total += n
            own += n if child.tag in ("p", "br", "span", "font", "strong", "b") else 0
            nested += blocks[id(child)]
    chars[id(node)] = total
    prose[id(node)] = own
    has_text = any(isinstance(c, str) and c.strip() for c in node.children)
    blocks[id(node)] = nested + (node.tag in _BLOCK and has_text)
    return total


# Query parameters that name one post of a thread (Discuz ``pid``, phpBB ``p``, others' ``postid``).
_POST_PARAMS = re.compile(r"(?i)^(?:pid|postid|post_id|post|p|replyid|reply_id|floor|lou)$")


def named_post_keys(url: str | None) -> tuple[set[str], set[str]]:
    """What a URL says of the post it points at: its #fragment (an element's id or name), and the
    numbers of its post parameters (``?pid=123``), to be found among an element's anchors."""
    if not url:
        return set(), set()
    parts = urlsplit(url)
    fragments = {parts.fragment} if parts.fragment else set()
    numbers = {v for k, v in parse_qsl(parts.query) if _POST_PARAMS.match(k) and v.isdigit() and len(v) >= 2}
    return fragments, numbers


def _names(node: _Node, fragments: set[str], numbers: set[str]) -> bool:
    """Whether the element, or an anchor inside it, is the one the URL points at."""
    stack = [node]
    while stack:
        here = stack.pop()
        for anchor in here.anchors.split():
            if anchor in fragments or any(n in numbers for n in re.findall(r"\d+", anchor)):
                return True
        stack.extend(c for c in here.children if isinstance(c, _Node))
    return False


def _later_posts(node: _Node, chars: dict[int, int], blocks: dict[int, int], named=(set(), set())) -> set[int]:
    """ids of the sibling posts of one class under ``node`` (recursively) that are not the page's
    own: all but the one the URL names (``named``: ``named_post_keys``), else all but the first."""
    later: set[int] = set()
    groups: dict[tuple[str, str], list[_Node]] = {}
    for child in node.children:
        if isinstance(child, _Node):
            later |= _later_posts(child, chars, blocks, named)
            if child.attrs and _POST_WORDS.search(child.attrs):
                groups.setdefault((child.tag, child.kind), []).append(child)
    for members in groups.values():
        posts = [m for m in members if chars[id(m)] >= _MIN_POST_CHARS and blocks[id(m)] >= 2]
        if len(posts) >= 2:
            pointed = [m for m in posts if any(named) and _names(m, *named)]
            own = pointed[0] if len(pointed) == 1 else posts[0]
            later |= {id(m) for m in posts if m is not own}
    return later


_CLAUSE_MARK = re.compile(r"[。！？；，、!?;,]")


def _reads_as_prose(node: _Node) -> bool:
    """Whether the element's text has the clause marks of prose (one per 40 characters or more):
    a hidden article a script shows does, a hidden block of SEO keywords does not."""
    texts, stack = [], [node]
    while stack:
        here = stack.pop()
        for child in here.children:
            if isinstance(child, str):
                texts.append(child)
            else:
                stack.append(child)
    text = "".join("".join(texts).split())
    return len(_CLAUSE_MARK.findall(text)) * 40 >= len(text)


def _article_path(root: _Node, prose: dict[int, int], skip: set[int] = frozenset()) -> tuple[set[int], int]:
    """ids of the element holding the most prose and of its ancestors: never furniture, whatever
    their class says (a wrapper's ``has-sidebar`` must not take the article with it); and that
    element's id. Elements in ``skip`` (posts that are not the page's own) and what they hold
    are not candidates, nor is a hidden element whose text is not prose (a keyword-stuffed block
    can hold more text than the article)."""
    best, best_prose, stack = root, -1, [root]
    while stack:
        node = stack.pop()
        if prose[id(node)] > best_prose:
            best, best_prose = node, prose[id(node)]
        stack.extend(
            c
            for c in node.children
            if isinstance(c, _Node) and id(c) not in skip and not (c.hidden and not _reads_as_prose(c))
        )
    path = set()
    node = best
    while node is not None:
        path.add(id(node))
        node = node.parent
    return path, id(best)


# What the DOM says of a line, for the learnt page model (tasks/text/boilerplate/dom_model.py).
DOM_FEATURES = [
    "link_share",  # share of the line's characters inside <a>
    "in_container",  # under an element the page marks as furniture (html_container)
    "later_post",  # under the second or a later sibling post (html_later_post)
    "in_main",  # share of the line's characters under the element holding the most prose
    "heading",  # under <h1>-<h3>
    "headline",  # under <h1>
    "in_list_item",  # under <li> or <dt>/<dd>
    "in_table_cell",  # under <td>/<th>
    "in_paragraph",  # under <p>
    "depth",  # element depth / 30, capped at 1
]


@dataclass
class PageText:
    text: str  # every visible line: the rules read the page whole, furniture included
    furniture: dict[str, str]  # a line the DOM marks as furniture (and nowhere else) -> its rule
    dom: list[list[float]] = field(default_factory=list)  # per line of ``text``: DOM_FEATURES
    headlines: list[str] = field(default_factory=list)  # lines under the page's <h1>
    title: str = ""  # the page's <title>, whitespace collapsed


_TITLE_SEPARATOR = re.compile(r"[_|｜\-–—:：·]$")


def _names_the_page(line: str, title: str) -> bool:
    """An <h1> that is the page's headline says what its <title> says (most of its character
    pairs are in it); a template's <h1> over a column or a sidebar does not, nor a logo's <h1>
    that prints the site's name the title ends with ("…_中国经济网——国家经济门户"). No title: any <h1>."""
    line, title = "".join(line.split()), "".join(title.split())
    if not title:
        return True
    at = title.find(line)
    if at > 0 and _TITLE_SEPARATOR.search(title[:at]):
        return False
    pairs = {line[i : i + 2] for i in range(len(line) - 1)}
    return 2 * sum(pair in title for pair in pairs) >= len(pairs)


_TITLE_HEAD_MIN = 8  # characters: shorter, a line that opens the title is a site's or a column's name


def _title_head(lines: list[tuple[str, str | None]], dom: list[list[float]], title: str) -> list[str]:
    """A page with no <h1> that names it (mydrivers prints its headline in a <div>): the last line
    above the element holding the most prose that is the whole of the <title> before its separator
    ("首次采样带回 嫦娥五号…一图看懂" of "首次采样带回 嫦娥五号…一图看懂-中国,嫦娥五号,… ——快科技"). The
    last, so that a breadcrumb's last crumb above it is not taken; a line the DOM marks as
    furniture never is."""
    title = "".join(title.split())
    in_main = DOM_FEATURES.index("in_main")
    head = None
    for (line, rule), features in zip(lines, dom):
        if features[in_main] > 0:
            break
        key = "".join(line.split())
        rest = title[len(key) :]
        if (
            rule is None
            and len(key) >= _TITLE_HEAD_MIN
            and title.startswith(key)
            and (not rest or _TITLE_SEPARATOR.match(rest[0]) or rest.startswith("——"))
        ):
            head = line
    return [head] if head is not None else []


def page_text(html: str, url: str | None = None) -> PageText:
    """The page's visible text, a line per block element, and the lines its DOM marks as furniture.
    ``url``: the page's address; of several posts it keeps the one the address names."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    chars: dict[int, int] = {}
    prose: dict[int, int] = {}
    blocks: dict[int, int] = {}
    _measure(builder.root, chars, prose, blocks)
    later = _later_posts(builder.root, chars, blocks, named_post_keys(url))
    protected, best = _article_path(builder.root, prose, later)
    lines: list[tuple[str, str | None]] = []  # (line, rule that drops it)
    dom: list[list[float]] = []
    parts: list[str] = []
    fresh = {"link": 0, "main": 0, "heading": False, "headline": False, "rule": None, "later": False}
    fresh |= {"li": False, "td": False, "p": False, "depth": 0}
    state = dict(fresh)

    def flush() -> None:
        line = "".join(parts).strip(" ")
        if line:
            # The page's <h1> is its headline, wherever a template puts it (gamersky: in an <aside>).
            rule = None if state["headline"] else state["rule"]
            chars = max(1, len(line.replace(" ", "")))
            if rule is None and not state["heading"] and state["link"] >= chars:
                rule = "html_link_list"
            lines.append((line, rule))
            dom.append(
                [
                    min(1.0, state["link"] / chars),
                    float(state["rule"] == "html_container"),
                    float(state["later"]),
                    min(1.0, state["main"] / chars),
                    float(state["heading"]),
                    float(state["headline"]),
                    float(state["li"]),
                    float(state["td"]),
                    float(state["p"]),
                    min(1.0, state["depth"] / 30),
                ]
            )
        parts.clear()
        state.update(fresh)

    def walk(node: _Node, in_link: bool, heading: bool, headline: bool, rule: str | None, ctx: tuple = ()) -> None:
        in_main, li, td, p, depth = ctx or (False, False, False, False, 0)
        for child in node.children:
            if isinstance(child, str):
                if child == "\n":
                    flush()
                    continue
                parts.append(child)
                n = len(child.replace(" ", ""))
                state["link"] += n if in_link else 0
                state["main"] += n if in_main else 0
                state["heading"] |= heading
                state["headline"] |= headline
                state["li"] |= li
                state["td"] |= td
                state["p"] |= p
                state["depth"] = max(state["depth"], depth)
                if rule:
                    state["rule"] = rule
                    state["later"] |= rule == "html_later_post"
                continue
            block = child.tag in _BLOCK
            if block:
                flush()
            child_rule = rule
            if child_rule is None and id(child) not in protected:
                if id(child) in later:
                    child_rule = "html_later_post"
                elif child.hidden:
                    child_rule = "html_hidden"
                elif _is_furniture(child):
                    child_rule = "html_container"
            walk(
                child,
                in_link or child.tag == "a",
                heading or child.tag in _HEADINGS,
                headline or child.tag == "h1",
                child_rule,
                (
                    in_main or id(child) == best,
                    li or child.tag in ("li", "dt", "dd"),
                    td or child.tag in ("td", "th"),
                    p or child.tag == "p",
                    depth + 1,
                ),
            )
            if block:
                flush()

    walk(builder.root, False, False, False, None)
    flush()
    own = {line for line, rule in lines if rule is None}
    furniture = {line: rule for line, rule in lines if rule is not None and line not in own}
    # A page whose DOM would leave nothing (an unusual template) has no furniture: the rules decide.
    if not any(len(line) >= 20 for line in own):
        furniture = {}
    headlines = [
        line
        for (line, _), features in zip(lines, dom)
        if features[DOM_FEATURES.index("headline")] and _names_the_page(line, builder.title)
    ]
    if not headlines:
        headlines = _title_head(lines, dom, builder.title)
    title = " ".join(builder.title.split())
    return PageText("\n".join(line for line, _ in lines), furniture, dom, headlines, title)
