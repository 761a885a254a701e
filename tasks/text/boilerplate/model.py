"""A learnt boilerplate decision for lines (and a run-on line's trailing sentences) the rules keep.

The rules know the wordings someone wrote down; the next site words its furniture differently. This
model scores a line by features that carry across sites: its length and how it ends, its share of
digits, Latin letters and separators, where it stands, menu, platform and call-to-action words,
counters and timestamps, what the rules and its neighbours say, its form (label-value fields,
items between spaces, long numbers, a bracketed label), how many of its words the article shares,
and hashed character bigrams.
The weights are learnt (logistic regression, ``bench/train_boilerplate.py``, ``make train``) and
stored in ``model.json`` beside this file; scoring is a dot product, so cleaning needs no
training library. A removal names its strongest feature: ``boilerplate.model:<feature>``.
"""

from __future__ import annotations

import contextlib
import json
import math
import operator
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from tasks.text.boilerplate import vocabulary as vocab
from tasks.text.boilerplate.rules import anywhere_rule, edge_rule, is_body
from tasks.text.patterns import END_PUNCT, ENDS_SENTENCE, HAN_RUN, Words, count_chars

MODEL_PATH = Path(__file__).resolve().parent / "model.json"
# Longer lines are paragraphs (or legal blocks the rules know): the model scores only lines and
# end pieces up to this length, which keeps it cheap on long articles.
MAX_SCORED = 160
BIGRAM_BUCKETS = 1024

_DIGIT = re.compile(r"\d+")
_LATIN = re.compile(r"[A-Za-z]+")
_SEPARATOR = re.compile(r"[|｜/>»›·•　\-—_:：、]+")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2705]")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_RELATIVE = re.compile(r"\d+\s*(秒|分钟|小时|天|周|个月)前|刚刚|昨天|前天")
_COUNT = re.compile(
    r"\d+\s*(人|次|条|楼|赞|阅读|浏览|评论|点击)|[（(]\d+[)）]|(阅读|点赞|浏览|评论|在看|收藏|赞|踩)\s*[:：]?\s*\d+"
)
# A list mark, or a number that starts the line ("2.5万"): the model learnt on this wider form.
_NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[●▲■◆])")
_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}\s*[:：]")
_BRACKETED = re.compile(r"^[【\[（(«].*[】\]）)»]$")
_HAN_ONLY = re.compile(r"^[\u3400-\u9fff“”《》，、：]{4,24}$")
_WORD_LISTS = {
    "menu_words": vocab.MENU_WORDS,
    "platform_words": vocab.PLATFORM_WORDS,
    "action_words": vocab.ACTION_WORDS,
    "site_words": vocab.SITE_WORDS,
    "legal_words": vocab.LEGAL_WORDS,
    "editor_words": vocab.EDITOR_WORDS,
    "reporter_words": vocab.REPORTER_WORDS,
}
_ANY_CASE = ("platform_words", "legal_words")  # QQ and qq, Copyright and copyright
_WORDS = {
    name: Words(words) if name in _ANY_CASE else re.compile("|".join(map(re.escape, words)))
    for name, words in _WORD_LISTS.items()
}

# A line cut at spaces, separators and labels' colons: a flattened menu or breadcrumb is many
# short items.
_ITEM_SPLIT = re.compile(r"[\s|｜/>»›·•\-—_、:：]+")
_MENU_SET = frozenset(vocab.MENU_WORDS)


def _items(line: str) -> tuple[float, float]:
    """How many items the line is made of (scaled, and weighed by the share of them up to 6
    characters) when it has no sentence punctuation; and the share of its items that are menu words."""
    if END_PUNCT.search(line) or "，" in line:
        return 0.0, 0.0
    items = [t for t in _ITEM_SPLIT.split(line) if t]
    if len(items) < 3:  # two items are as often a headline's kicker ("坚定决心 坚定信心")
        return 0.0, 0.0
    short = sum(len(t) <= 6 for t in items) / len(items)
    return min(1.0, len(items) / 8) * short, sum(t in _MENU_SET for t in items) / len(items)


# Features that read a line's form, not its words (session 23: the sealed session-22 set's misses
# were whole templates in words no list had: a service item's code and time limit, a lawyer's card,
# a radio station's banner, a satisfaction poll).
_FIELD = re.compile(r"(?:^|\s)[\u4e00-\u9fffA-Za-z]{2,6}\s*[:：]")
_LONG_NUMBER = re.compile(r"\d{6,}")
_LEAD_LABEL = re.compile(r"^[【\[][^】\]]{1,12}[】\]]")


def _form(line: str) -> list[float]:
    """Two or more label-value fields; the items a line splits into at whitespace, whatever its
    punctuation (a question and its options); a code or phone number's long run of digits; a short
    bracketed label leading a short rest with no sentence end."""
    fields = len(_FIELD.findall(line))
    tokens = len(line.split())
    lead = _LEAD_LABEL.match(line)
    rest = line[lead.end() :] if lead else ""
    return [
        min(1.0, (fields - 1) / 2) if fields > 1 else 0.0,
        min(1.0, (tokens - 2) / 4) if tokens > 2 else 0.0,
        float(bool(_LONG_NUMBER.search(line))),
        float(bool(lead) and 0 < len(rest) <= 12 and not END_PUNCT.search(rest)),
    ]


def body_overlap(line: str, lines: list[str], i: int, body: tuple[int, int]) -> float:
    """The share of the line's Han bigrams that the article's paragraphs (but this line) also use. A
    headline or an article's own last sentence shares the story's words; furniture shares few: on
    the corpus's pages with a title, titles share 0.53-1.0 of their bigrams with the text (median
    0.93-0.96)."""
    han = "".join(HAN_RUN.findall(line))
    if len(han) < 3:
        return 0.0
    first, last = body
    text = (
        "\n".join(lines[first:i] + lines[i + 1 : last + 1])
        if first <= i <= last
        else "\n".join(lines[first : last + 1])
    )
    grams = {han[k : k + 2] for k in range(len(han) - 1)}
    return sum(g in text for g in grams) / len(grams)


_ANY_WORD = Words([w for words in _WORD_LISTS.values() for w in words])


# The words that make a sentence a notice: not the menu's (体育, 新闻 and 财经 are an article's words
# too) nor the reporters'.
_NOTICE_WORD = Words(
    [w for k in ("platform_words", "action_words", "site_words", "legal_words", "editor_words") for w in _WORD_LISTS[k]]
)


def is_own_sentence(line: str, lines: list[str], i: int, body: tuple[int, int]) -> bool:
    """A line after the article's last paragraph that is its own: a sentence with none of a notice's
    words that shares at least half its bigrams with the article (a closing remark, a quote's
    attribution: 天津市体育局局长李克敏说道。)."""
    return (
        bool(ENDS_SENTENCE.search(line))
        and not _NOTICE_WORD.found_in(line)
        and body_overlap(line, lines, i, body) >= 0.5
    )


def may_be_tail(piece: str) -> bool:
    """Whether an end piece is worth scoring: one that ends its sentence and has none of the
    vocabulary's words is the article's own (this also keeps the check cheap on every article)."""
    return not ENDS_SENTENCE.search(piece) or bool(_ANY_WORD.found_in(piece))


DENSE = [
    "bias",
    "log_length",
    "length_le_10",
    "length_le_20",
    "length_le_40",
    "ends_sentence",
    "has_end_punct",
    "clauses",
    "digit_share",
    "latin_share",
    "han_share",
    "separator_share",
    "emoji",
    "relative_position",
    "in_header",
    "in_footer",
    "near_edge",
    *_WORDS,
    "date",
    "time",
    "relative_time",
    "counter",
    "label",
    "bracketed",
    "numbered",
    "han_only",
    "rule_anywhere",
    "rule_edge",
    "prev_is_body",
    "next_is_body",
    "repeated",
    "segment",
    "short_items",
    "menu_item_share",
    "plain_sentence",
    "fields",
    "spaced_items",
    "long_number",
    "bracket_lead",
    "body_overlap",
]
# Features added after the first model was fitted: it has no weight for them (zero).
LATER_FEATURES = ("fields", "spaced_items", "long_number", "bracket_lead", "body_overlap")


def _bigram_buckets(line: str) -> np.ndarray:
    """Each character bigram hashed to one of BIGRAM_BUCKETS, for the whole line at once."""
    if len(line) < 2:
        return np.empty(0, dtype=np.int64)
    cps = np.frombuffer(line.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = (cps[:-1] * np.uint64(0x9E3779B1) + cps[1:]) * np.uint64(0x85EBCA77)
    return ((h >> np.uint64(32)) % np.uint64(BIGRAM_BUCKETS)).astype(np.int64)


def line_features(
    lines: list[str], i: int, body: tuple[int, int], segment: bool = False
) -> tuple[list[float], np.ndarray]:
    """Dense features of line i and its bigram buckets. ``body``: first and last line that reads as
    an article paragraph; ``segment``: the line is a trailing sentence cut from a run-on line."""
    line = lines[i]
    first, last = body
    form, words, shape, buckets = _own_features(line, segment)
    return [
        *form,
        i / max(1, len(lines) - 1),
        float(i < first),
        float(i > last),
        float(i < 3 or i >= len(lines) - 3),
        *words,
        float(i > 0 and is_body(lines[i - 1])),
        float(i + 1 < len(lines) and is_body(lines[i + 1])),
        float(lines.count(line) > 1),
        float(segment),
        *shape,
        # a line only: an end piece's own words proved no guide (glued pieces cut exactly fell 2764 -> 2697 of 3362)
        0.0 if segment else body_overlap(line, lines, i, body),
    ], buckets


@lru_cache(maxsize=2048)  # about 2 KiB a line; 4,096 cost a worker 4 MiB more for no measurable speed
def _own_features(
    line: str, segment: bool
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...], np.ndarray]:
    """The features a line has wherever it stands, in three runs of ``DENSE`` (those before its
    position's, those between, those after), and its bigram buckets. Remembered: the lines the model
    scores are a site's header and footer lines and the pieces glued after its articles, which
    recur across its documents."""
    n = max(1, len(line))
    form = (
        1.0,
        math.log1p(n) / 6,
        float(n <= 10),
        float(n <= 20),
        float(n <= 40),
        float(bool(ENDS_SENTENCE.search(line))),
        float(bool(END_PUNCT.search(line))),
        min(4, line.count("，") + line.count("。")) / 4,
        count_chars(_DIGIT, line) / n,
        count_chars(_LATIN, line) / n,
        count_chars(HAN_RUN, line) / n,
        count_chars(_SEPARATOR, line) / n,
        float(bool(_EMOJI.search(line))),
    )
    words = (
        *(min(3, len(p.findall(line))) / 3 for p in _WORDS.values()),
        float(bool(_DATE.search(line))),
        float(bool(_TIME.search(line))),
        float(bool(_RELATIVE.search(line))),
        float(bool(_COUNT.search(line))),
        float(bool(_LABEL.search(line))),
        float(bool(_BRACKETED.search(line))),
        float(bool(_NUMBERED.search(line))),
        float(bool(_HAN_ONLY.search(line))),
        # what the rules say of a whole line (an end piece is no line they were written for)
        float(not segment and anywhere_rule(line) is not None),
        float(not segment and edge_rule(line) is not None),
    )
    shape = (
        *_items(line),
        # a sentence in none of the vocabulary's words: an article's short last line, not a notice
        float(bool(ENDS_SENTENCE.search(line)) and not _ANY_WORD.found_in(line)),
        *_form(line),
    )
    buckets = _bigram_buckets(line)
    buckets.flags.writeable = False  # shared by every caller that asks of the same line
    return form, words, shape, buckets


_SEGMENT = DENSE.index("segment")


def _strongest(dense: list[float], weights: list[float], bigram: float) -> str:
    contributions = [w * v for w, v in zip(weights, dense)]
    top = max(range(len(contributions)), key=contributions.__getitem__)
    return "character_bigrams" if bigram > contributions[top] else DENSE[top]


class Model:
    """Logistic regression over the dense features and the bigram buckets.

    A line's end piece (a sentence cut from a run-on line) may have weights of its own
    (``data["segment"]``): it stands inside the article's last line, where its position says
    nothing, so its words carry the decision that a whole line shares with where it stands.

    ``data["residual"]`` is a second model of the same form, fitted on what today's rules leave
    (``bench/train_boilerplate.py``); a line is boilerplate when either model says so. The first
    was fitted when the rules knew less and learnt credits and notices that the rules now take
    from the generated pages; refitted today it loses them (real glued credits), and the second
    alone does too, while it knows wordings the first never saw."""

    def __init__(self, data: dict):
        if len(data["dense"]) != len(DENSE):
            raise ValueError(f"model has {len(data['dense'])} features, the code {len(DENSE)}: run `make train`")
        self.dense = np.asarray(data["dense"], dtype=np.float64)
        self.weights = [float(w) for w in data["dense"]]
        self.bigrams = np.asarray(data["bigrams"], dtype=np.float64)
        self.intercept = float(data["intercept"])
        self.threshold = float(data["threshold"])  # for a line
        self.segment_threshold = float(data.get("segment_threshold", data["threshold"]))  # for a line's end piece
        self.version = data.get("version", "")
        piece = data.get("segment")
        self.piece_weights = [float(w) for w in piece["dense"]] if piece else self.weights
        self.piece_bigrams = np.asarray(piece["bigrams"], dtype=np.float64) if piece else self.bigrams
        self.residual = Model(data["residual"]) if data.get("residual") else None
        self._stack()

    def score(self, dense: list[float], buckets: np.ndarray) -> tuple[float, str]:
        """Probability that the line is boilerplate, and the feature that pushed it most that way:
        the larger of this model's and the residual model's, the latter moved by the difference
        of their thresholds so that each decides at its own. The feature is named only for a
        removal (a probability at the threshold or above; else ""): finding it costs as much as
        the probability."""
        is_piece = dense[_SEGMENT] > 0
        members, stacked = self._pieces if is_piece else self._lines
        # every member's bigram weights summed in one call (the mean a row at a time, as numpy's own)
        n = len(buckets)
        means = [s / n for s in stacked.take(buckets, axis=1).sum(axis=1).tolist()] if n else [0.0] * len(members)
        best_p, best = -1.0, None
        for (model, weights, shift), bigram in zip(members, means):
            z = model.intercept + sum(map(operator.mul, weights, dense)) + bigram
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) + shift
            if p > best_p:
                best_p, best = p, (weights, bigram)
        threshold = self.segment_threshold if is_piece else self.threshold
        return best_p, (_strongest(dense, *best) if best_p >= threshold else "")

    def _stack(self) -> None:
        """Members (a model, its weights, the shift of its threshold onto this one's) for lines and
        for end pieces, with their bigram weights stacked row by row."""
        models = [self] if self.residual is None else [self, self.residual]
        self._lines = (
            [(m, m.weights, self.threshold - m.threshold) for m in models],
            np.stack([m.bigrams for m in models]),
        )
        self._pieces = (
            [(m, m.piece_weights, self.segment_threshold - m.segment_threshold) for m in models],
            np.stack([m.piece_bigrams for m in models]),
        )


@lru_cache(maxsize=1)
def _shipped() -> Model | None:
    if not MODEL_PATH.exists():
        return None
    return Model(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


_override: list[Model | None] = []


@contextlib.contextmanager
def using(model: Model | None):
    """Score with this model instead of the shipped one, or with none (the rules alone), inside the
    block: for training, whose bodies must not depend on an earlier model, and held-out scoring."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


def load_model() -> Model | None:
    """The model in use; None where none has been trained (the rules then decide alone)."""
    return _override[-1] if _override else _shipped()


# Pieces of a line's end: sentences, a closing bracket's group (a sign-off, a source note), and
# whatever follows the last of them.
_SENTENCES = re.compile(r"[^。！？!?）)】]*(?:[。！？!?]+[”’」』]*|[）)】])|[^。！？!?）)】]+$")


def tail_segments(line: str) -> list[str]:
    """A line cut into pieces at sentence ends and closing brackets, for the decision at its end;
    the pieces join back into the line."""
    return [s for s in _SENTENCES.findall(line) if s.strip()]
