"""The ranking engine of lesson routing (issue 13): pure Python, no ORM.

Given the lessons of the register (``LessonDoc``) and a live project's profile
(``ProjectProfile``: its description, open risks and issues, recent status reports, type,
domain, current and upcoming phases), it ranks the lessons for the project and says why.

Text similarity is BM25 (k1 = 0.9, b = 0.9). Words are lower-cased, stop words (French and
English) dropped, stemmed with the Snowball stemmer of the text's language (PyStemmer), then
accents folded (after stemming, so "dépassements" and "dépassement" both become "depass").
Words that say nothing of a problem (counts, units of time: stopwords.FILLER_WORDS) are left
out too. A text's language is guessed from its stop words. Each text of the project (its
description, each open risk and issue, each recent report) is a query of its own, widened
with the words of the notions it contains (lessons/routing/lexicon.py): the other language's
("recette" brings "acceptance", "vendor" brings "fournisseur") and, at half weight, the
other ways of writing it in its own language ("prestataire" brings "fournisseur",
"budgétaire" brings "budget"). Its scores are divided by its best one, or by two rare words'
worth if that is more (SEGMENT_FLOOR: a text whose best match is one word gives it only part
of the credit). A lesson's text part is the text it answers best, plus a fifth of the
others, divided by the best lesson's: it lies in 0–1 whatever the corpus.

The score adds bonuses to that text part: same business domain, same project type (a lesson
of no domain or type gets half), the lesson's phase being the project's current one or one of
its upcoming phases, and the feedback of similar projects (same domain and type): each
project where the lesson was applied moves it up, each where it was not relevant moves it
down. A lesson marked not relevant on this project is left out, and a lesson with no reason
of its own (text, domain, type, phase or feedback) is not suggested.

The weights were fitted (a random search, then one weight at a time) on the three
development sets of ``manage.py bench`` (bench_lessons_data.py, bench_lessons_dev2.py and
bench_lessons_dev3.py: 45 projects, 182 labelled pairs), never on its two held-out sets
(bench_lessons_heldout.py and bench_lessons_heldout2.py: 27 projects, 127 pairs), each
written by another hand without looking at the engine; they are the figures ``make bench``
reports (the second was written after the engine's last change and run on it once).

Reasons are data (``{"kind": ..., ...}``), rendered in the reader's language by
lessons/routing/reasons.py.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from lessons.routing.lexicon import ENTRIES
from lessons.routing.stopwords import ENGLISH_STOP_WORDS, FILLER_WORDS, FRENCH_STOP_WORDS

K1 = 0.9
B = 0.9
W_TEXT = 1.0
W_DOMAIN = 0.35
W_TYPE = 0.3
W_UPCOMING_PHASE = 0.3
W_CURRENT_PHASE = 0.45
W_OTHER_TEXTS = 0.2  # share of the texts a lesson answers less well (1: a plain sum)
W_TRANSVERSAL = 0.5  # share of the domain (type) bonus for a lesson of no domain (type)
W_TRANSLATION = 1.0  # a word brought by the lexicon, against 1 for the project's own words
W_APPLIED = 0.08  # per similar project where the lesson was applied
W_NOT_RELEVANT = 0.1  # per similar project where it was not relevant
FEEDBACK_CAP = 3  # at most this many similar projects count each way
MIN_TEXT = 0.1  # below that, the text part is no reason (and counts as nothing)
DUPLICATE_SIMILARITY = 0.7  # Jaccard of two lessons' words: the same lesson written twice
QUOTE_MAX = 120  # characters of a quoted project text
W_SYNONYM = 0.5  # a word of another variant of a notion, in the project's own language
SEGMENT_FLOOR = 2.0  # in matches of one rare word: a text's scores are divided by at least this

WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}
_STOP = {"fr": FRENCH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-cased, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def guess_language(text: str) -> str:
    words = [fold(word) for word in WORD.findall(text.lower())]
    french = sum(word in FRENCH_STOP_WORDS for word in words)
    english = sum(word in ENGLISH_STOP_WORDS for word in words)
    return "en" if english > french else "fr"


def terms(text: str, language: str | None = None) -> list[str]:
    """The index terms of ``text``: stop words out, stemmed, accents folded."""
    language = language if language in _STEMMERS else guess_language(text)
    stop = _STOP[language]
    words = [
        word
        for word in WORD.findall(text.lower())
        if len(word) > 1
        and not word.isdigit()
        and fold(word) not in stop
        and fold(word) not in FILLER_WORDS
    ]
    return [fold(stem) for stem in _STEMMERS[language].stemWords(words)]


@lru_cache(maxsize=4096)
def same_phase(lesson_phase: str, phase_name: str) -> bool:
    """ "Recette" matches "Recette fonctionnelle" and "recette"; "Build" matches "Build"."""
    left, right = fold(lesson_phase).strip(), fold(phase_name).strip()
    if not left or not right:
        return False
    return left == right or right.startswith(left + " ") or left.startswith(right + " ")


def _variants(words: str, language: str) -> list[frozenset[str]]:
    found = (frozenset(terms(variant, language)) for variant in words.split("|"))
    return [variant for variant in found if variant]


def _lexicon() -> list[tuple[str, list[frozenset[str]], dict[str, float]]]:
    """(a language, the variants of a notion in that language, the words of the other
    language with their share of the notion: 1 for a one-word variant, 1/2 for each word of a
    two-word one…, and
    the words of its other variants in the same language at W_SYNONYM of that share:
    "prestataire" brings "fournisseur"), both ways, as index terms."""
    table = []
    for french, english in ENTRIES:
        sides = _variants(french, "fr"), _variants(english, "en")
        for language, (variants, others) in zip(("fr", "en"), (sides, sides[::-1]), strict=True):
            shares: dict[str, float] = {}
            for weight, group in ((1.0, others), (W_SYNONYM, variants)):
                for other in group:
                    for term in other:
                        shares[term] = max(shares.get(term, 0.0), weight / len(other))
            table.append((language, variants, shares))
    return table


LEXICON = _lexicon()


def _notions_by_term() -> dict[tuple[str, str], set[int]]:
    """(language, term) -> the positions in LEXICON of the notions of that language one of
    whose variants holds the term: a text can only contain the notions of its own words."""
    by_term: dict[tuple[str, str], set[int]] = {}
    for position, (side, variants, _shares) in enumerate(LEXICON):
        for variant in variants:
            for term in variant:
                by_term.setdefault((side, term), set()).add(position)
    return by_term


NOTIONS_BY_TERM = _notions_by_term()


def translations(words: set[str], language: str) -> dict[str, float]:
    """The index terms of the notions that ``words`` (index terms of a text in ``language``)
    contains, in the other language and in other words of its own, with their share of the
    notion (a word of a longer phrase says less on its own). Only the notions written in the
    text's language are looked for: a French "traîne" is not the English "train". Only the
    notions holding one of the words are tried (NOTIONS_BY_TERM), not the whole lexicon."""
    found: dict[str, float] = {}
    candidates: set[int] = set()
    for word in words:
        candidates.update(NOTIONS_BY_TERM.get((language, word), ()))
    for position in candidates:
        _side, variants, shares = LEXICON[position]
        if any(variant <= words for variant in variants):
            for term, share in shares.items():
                if term not in words:
                    found[term] = max(found.get(term, 0.0), share)
    return found


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """Jaccard: the share of their words two texts have in common."""
    union = len(left | right)
    return len(left & right) / union if union else 0.0


@dataclass(frozen=True)
class LessonDoc:
    id: int
    text: str  # title, context, what happened, recommendation, tags
    language: str = "fr"
    phase: str = ""
    domain_id: int | None = None
    type_id: int | None = None
    category: str = ""


@dataclass(frozen=True)
class ProjectText:
    """A text of the project's profile: ``source`` is description, risk, issue or report."""

    source: str
    text: str


@dataclass(frozen=True)
class ProjectProfile:
    id: int
    texts: Sequence[ProjectText] = ()
    domain_id: int | None = None
    type_id: int | None = None
    current_phase: str = ""
    upcoming_phases: Sequence[str] = ()
    # Lessons marked not relevant on this project: left out.
    excluded: frozenset[int] = frozenset()
    # lesson id → (similar projects where applied, where not relevant).
    feedback: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    lesson_id: int
    score: float
    text_score: float
    reasons: list[dict]


class LessonIndex:
    """BM25 over the lessons (built once, then ranks any number of projects)."""

    def __init__(self, lessons: Iterable[LessonDoc]):
        self.lessons: dict[int, LessonDoc] = {}
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: dict[int, int] = {}
        self.term_sets: dict[int, frozenset[str]] = {}
        for lesson in lessons:
            counts = Counter(terms(lesson.text, lesson.language))
            self.lessons[lesson.id] = lesson
            self.lengths[lesson.id] = sum(counts.values())
            self.term_sets[lesson.id] = frozenset(counts)
            for term, count in counts.items():
                self.postings.setdefault(term, []).append((lesson.id, count))
        total = len(self.lessons)
        self.average_length = (sum(self.lengths.values()) / total) if total else 0.0
        self.idf = {
            term: math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            for term, posting in self.postings.items()
        }
        # The idf of a word found in one lesson: SEGMENT_FLOOR of it is "two rare words".
        self.rare_idf = math.log(1 + (total - 0.5) / 1.5) if total else 0.0

    def bm25(self, query: dict[str, float]) -> dict[int, float]:
        """BM25 of every lesson sharing a term with ``query`` (term → its weight)."""
        scores: dict[int, float] = {}
        average = self.average_length or 1.0
        for term, query_weight in query.items():
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = self.idf[term]
            for lesson_id, count in posting:
                norm = count + K1 * (1 - B + B * self.lengths[lesson_id] / average)
                scores[lesson_id] = scores.get(lesson_id, 0.0) + (
                    query_weight * idf * count * (K1 + 1) / norm
                )
        return scores

    def text_scores(self, segments) -> tuple[dict[int, float], dict[int, int]]:
        """Each text of the project (its description, each risk, issue and report) is a query
        of its own, its scores divided by its best one. A lesson's text score is the text it
        answers best plus W_OTHER_TEXTS of the others (a lesson that answers one risk well is
        not drowned by a long description); with, per lesson, the index of that best text
        (the quote of its reason)."""
        total: dict[int, float] = {}
        strongest: dict[int, tuple[float, int]] = {}
        for position, segment in enumerate(segments):
            scores = self.bm25(self.query([segment]))
            best = max(scores.values(), default=0.0)
            if best <= 0:
                continue
            # A text whose best lesson shares one word with it gives that lesson part of
            # the credit, not all of it ("day to day" is not a reason to send a lesson).
            best = max(best, SEGMENT_FLOOR * self.rare_idf)
            for lesson_id, score in scores.items():
                part = score / best
                total[lesson_id] = total.get(lesson_id, 0.0) + part
                if part > strongest.get(lesson_id, (0.0, 0))[0]:
                    strongest[lesson_id] = (part, position)
        combined = {
            lesson_id: part + W_OTHER_TEXTS * (total[lesson_id] - part)
            for lesson_id, (part, _position) in strongest.items()
        }
        return combined, {lesson_id: position for lesson_id, (_p, position) in strongest.items()}

    @staticmethod
    def query(segments) -> dict[str, float]:
        """The project's words (a word repeated counts more, with diminishing returns), then
        the words the notions they contain bring (lessons/routing/lexicon.py, ``translations``)
        at W_TRANSLATION of their share."""
        counts: Counter = Counter()
        for _text, segment, _language in segments:
            counts.update(segment)
        query = {term: 1 + math.log(count) for term, count in counts.items()}
        brought: dict[str, float] = {}
        for _text, segment, language in segments:
            for term, share in translations(set(segment), language).items():
                brought[term] = max(brought.get(term, 0.0), share)
        for term, share in brought.items():
            query.setdefault(term, W_TRANSLATION * share)
        return query

    def rank(self, profile: ProjectProfile, *, top: int | None = None) -> list[Suggestion]:
        """The lessons for ``profile``, best first (ties: lesson id), with their reasons."""
        segments = []
        for text in profile.texts:
            if text.text.strip():
                language = guess_language(text.text)
                segments.append((text, Counter(terms(text.text, language)), language))
        raw, best_text = self.text_scores(segments)
        best = max(raw.values(), default=0.0) or 1.0
        suggestions = []
        for lesson_id, lesson in self.lessons.items():
            if lesson_id in profile.excluded:
                continue
            text_score = raw.get(lesson_id, 0.0) / best
            if text_score < MIN_TEXT:
                text_score = 0.0
            score, reasons = self._bonuses(lesson, profile)
            if text_score:
                score += W_TEXT * text_score
                reasons.append(self._quote(segments[best_text[lesson_id]][0]))
            if score <= 0 or not reasons:  # a transversal lesson needs a reason of its own
                continue
            suggestions.append(Suggestion(lesson_id, round(score, 4), text_score, reasons))
        suggestions.sort(key=lambda item: (-item.score, item.lesson_id))
        suggestions = self._distinct_first(suggestions, top)
        return suggestions[:top] if top else suggestions

    def _distinct_first(self, suggestions: list[Suggestion], top: int | None) -> list[Suggestion]:
        """A lesson almost word for word like a better-ranked one (the same lesson written
        down on several projects: DUPLICATE_SIMILARITY of their words in common) goes after
        the distinct ones, so the first suggestions say different things."""
        distinct: list[Suggestion] = []
        repeats: list[Suggestion] = []
        for suggestion in suggestions:
            if top and len(distinct) >= top:
                distinct.append(suggestion)
                continue
            words = self.term_sets[suggestion.lesson_id]
            if any(
                similarity(words, self.term_sets[kept.lesson_id]) >= DUPLICATE_SIMILARITY
                for kept in distinct
            ):
                repeats.append(suggestion)
            else:
                distinct.append(suggestion)
        return distinct + repeats

    def _bonuses(self, lesson: LessonDoc, profile: ProjectProfile) -> tuple[float, list[dict]]:
        score = 0.0
        reasons: list[dict] = []
        if lesson.domain_id and lesson.domain_id == profile.domain_id:
            score += W_DOMAIN
            reasons.append({"kind": "domain"})
        elif lesson.domain_id is None:  # a transversal lesson applies to every domain a bit
            score += W_DOMAIN * W_TRANSVERSAL
        if lesson.type_id and lesson.type_id == profile.type_id:
            score += W_TYPE
            reasons.append({"kind": "type"})
        elif lesson.type_id is None:
            score += W_TYPE * W_TRANSVERSAL
        if lesson.phase:
            upcoming = next(
                (name for name in profile.upcoming_phases if same_phase(lesson.phase, name)), None
            )
            if upcoming is not None:
                score += W_UPCOMING_PHASE
                reasons.append({"kind": "upcoming_phase", "phase": upcoming})
            elif profile.current_phase and same_phase(lesson.phase, profile.current_phase):
                score += W_CURRENT_PHASE
                reasons.append({"kind": "current_phase", "phase": profile.current_phase})
        applied, not_relevant = profile.feedback.get(lesson.id, (0, 0))
        applied, not_relevant = min(applied, FEEDBACK_CAP), min(not_relevant, FEEDBACK_CAP)
        if applied or not_relevant:
            score += W_APPLIED * applied - W_NOT_RELEVANT * not_relevant
            reasons.append({"kind": "feedback", "applied": applied, "not_relevant": not_relevant})
        return score, reasons

    @staticmethod
    def _quote(text: ProjectText) -> dict:
        """The reason quoting the project text the lesson answers best."""
        quote = " ".join(text.text.split())
        if len(quote) > QUOTE_MAX:
            quote = quote[: QUOTE_MAX - 1].rsplit(" ", 1)[0] + "…"
        return {"kind": "text", "source": text.source, "quote": quote}


def baseline(
    lessons: Iterable[LessonDoc], profile: ProjectProfile, *, top: int | None = None
) -> list[int]:
    """The baseline of the benchmark: same domain and same type alone (ties: lesson id)."""
    scored = []
    for lesson in lessons:
        if lesson.id in profile.excluded:
            continue
        score = (lesson.domain_id is not None and lesson.domain_id == profile.domain_id) + (
            lesson.type_id is not None and lesson.type_id == profile.type_id
        )
        if score:
            scored.append((-score, lesson.id))
    scored.sort()
    ids = [lesson_id for _score, lesson_id in scored]
    return ids[:top] if top else ids
