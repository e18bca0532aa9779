"""Clauses from the parse: each predicate of a sentence, who it involves, and the numbers,
dates and places attached to it.

Claims compare statements clause by clause: "four people struck" and "six people injured" are
two counts of two things (struck, injured), not a contradiction; "arrested on Friday" and
"arrested on Thursday" are one deed told two ways. Nothing here decides a conflict: this module
only reads off the parse what each value is attached to.

* The **predicate** is a verb's lemma, with its particle ("call off"). A passive clause has its
  roles turned round ("Stone was arrested by the FBI": the FBI acts, Stone undergoes).
* **Agents** and **patients** are name keys (a person's surname, an organisation's or place's
  normalized name) of the mentions inside the argument, else the argument's noun lemma.
* **Quantities** are spaCy's CARDINAL, MONEY, PERCENT and QUANTITY entities read by
  :mod:`storyline.numbers` into the interval they allow, with the noun they count.
* **Dates** are the analyze stage's resolved time expressions; **places** are GPE, LOC and FAC
  mentions after a locative preposition. Each goes to the nearest predicate above it.
* **Arguments** keep the phrases themselves (character spans, head lemma, preposition), and
  each clause says how it hangs in its sentence (``relation``, ``governor``): what the events
  stage reads actors from, and how it reads "threatened to *cut*" or "said it *would allow*".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.analyze.lexicon import (
    CONDITION_MARKERS,
    GENERATION_SUFFIXES,
    INTENT_VERBS,
    LOCATIVE_PREPOSITIONS,
    MODAL_AUXILIARIES,
    ORDINAL_SUFFIXES,
)
from storyline.model import Argument, Clause, Mention, Quantity, TimeExpression
from storyline.numbers import CURRENCY_SIGNS, Amount, read_amount

_QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ARGUMENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
_PRONOUNS = frozenset({"PRON"})
_NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss", "nummod"})
# A word of a name in any script (letters and digits, not "_").
_WORD = re.compile(r"[^\W_]+")
# Times told from another time of the story, not from the day of publication ("the day before",
# "a day earlier", "the following week", "that night"): their resolved value, counted from the
# publication date, may be wrong, so no value of theirs is attached to a clause.
_ANAPHORIC = re.compile(
    r"\b(?:day|days|week|weeks|month|months|year|years)\s+(?:before|earlier|later|after|prior)\b|"
    r"\bthe\s+(?:following|previous|next|same|prior)\b|\bthat\s+(?:day|week|month|year|"
    r"morning|afternoon|evening|night)\b|^the\s+(?:day|week|month|year)$",
    re.I,
)


def unaccented(text: str) -> str:
    """``text`` without its accents: "Peña" and "Pena", "Calderón" and "Calderon" are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str, label: str) -> str:
    """How a name is compared: a person by surname ("Brat" and "David Brat" are one person),
    with the suffix that tells a son from his father ("Jesse Jackson Jr." is "jackson jr"),
    anything else by its normalized words, without accents ("Erdoğan" is "erdogan", not the
    "an" after a letter outside a-z) and in whatever script it is written."""
    lowered = unaccented(text).lower().replace("’", "'").replace("'s", "")
    words: list[str] = _WORD.findall(lowered)
    if words and words[0] == "the":
        words = words[1:]
    if not words:
        return ""
    if label != "PERSON":
        return " ".join(words)
    rest, suffix = split_suffix(words)
    return f"{rest[-1]} {suffix}" if suffix else rest[-1]  # "jackson jr", not "jr"


def split_suffix(words: Sequence[str]) -> tuple[list[str], str]:
    """A person's name words without what follows the surname, and the suffix that tells a son
    from his father ("jr", "sr"; "" for none). An ordinal is left out ("Mueller III" is
    Mueller): ORDINAL_SUFFIXES."""
    rest = list(words)
    if len(rest) >= 2 and rest[-1] in ORDINAL_SUFFIXES:
        rest = rest[:-1]
    if len(rest) >= 2 and rest[-1] in GENERATION_SUFFIXES:
        return rest[:-1], rest[-1]
    return rest, ""


def _predicate_of(token: Any) -> Any:
    """The nearest verb at or above a token (the sentence root when there is none)."""
    node = token
    while node.pos_ not in ("VERB", "AUX") or node.dep_ == "aux" or node.dep_ == "auxpass":
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def _lemma(verb: Any) -> str:
    particles: list[str] = [str(c.lower_) for c in verb.children if c.dep_ == "prt"]
    return " ".join([str(verb.lemma_).lower(), *particles])


def _modal(verb: Any, questions: Sequence[bool]) -> str:
    """``questions[i]``: token ``i`` is in a sentence that ends with a question mark."""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in MODAL_AUXILIARIES:
            return str(child.lemma_).lower()
        if child.dep_ == "mark" and child.lower_ in CONDITION_MARKERS:
            return "if"
    node = verb
    while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in INTENT_VERBS:
            return "plan"
        inherited = _modal(node, questions) if node.dep_ != "xcomp" else ""
        if inherited:
            return inherited
    if questions[verb.i]:
        return "?"
    return ""


def _argument_keys(head: Any, mentions: Sequence[Mention]) -> tuple[str, ...]:
    """Name keys of the mentions in an argument's phrase, else its noun lemma."""
    if head.pos_ in _PRONOUNS:
        return ()
    heads = [head, *(c for c in head.children if c.dep_ == "conj")]
    keys: list[str] = []
    for h in heads:
        left = min(t.idx for t in h.subtree if t.i <= h.i)
        right = h.idx + len(h)
        for name in _titled_names(h):
            right = max(right, name.idx + len(name))
        named = [
            name_key(m.text, m.label)
            for m in mentions
            if m.label in _ARGUMENT_LABELS and left <= m.start < right + 1 and m.end >= h.idx
        ]
        if named:
            keys.extend(k for k in named if k)
        elif h.pos_ in ("NOUN", "PROPN"):
            keys.append(h.lemma_.lower())
    return tuple(dict.fromkeys(keys))


def _roles(verb: Any, mentions: Sequence[Mention]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    agents: list[str] = []
    patients: list[str] = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            agents.extend(_argument_keys(child, mentions))
        elif child.dep_ in _PASSIVE_SUBJECTS or child.dep_ in _OBJECTS:
            patients.extend(_argument_keys(child, mentions))
        elif child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    agents.extend(_argument_keys(pobj, mentions))
    if not agents and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        # "Sharif agreed to expand ...": the complement's doer is the main verb's subject.
        head_agents, _ = _roles(verb.head, mentions)
        agents.extend(head_agents)
    return tuple(dict.fromkeys(agents)), tuple(dict.fromkeys(patients))


# Parts of a phrase that say more about its head than who it is: left out of an argument's span
# ("the union, which said ...", "Pakistan, a key U.S. ally, ...": the ally's U.S. is no actor).
_PHRASE_CUTS = frozenset({"relcl", "acl", "appos", "advcl", "punct", "parataxis", "ccomp"})
_OBLIQUE_HEADS = frozenset({"pobj", "pcomp"})


def _titled_names(head: Any) -> list[Any]:
    """The name a title is given in apposition, which tells who the phrase is: written right
    after it ("presidential nominee Mitt Brandt", which the parse hangs on the noun as an
    apposition), or set off by a comma after a common noun ("the campaign's spokesman, Tom
    Reyes"). An apposition that describes a name says no more who it is ("Pakistan, a key U.S.
    ally")."""
    doc = head.doc

    def right_after(c: Any) -> bool:
        at: int = c.left_edge.i
        return at == head.i + 1 or (
            head.pos_ == "NOUN" and at == head.i + 2 and str(doc[head.i + 1].text) == ","
        )

    return [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and right_after(c)]


def _phrase_span(head: Any) -> tuple[int, int]:
    """The character span of a phrase: its head's subtree without the parts in _PHRASE_CUTS
    (a name written right after a title noun stays: :func:`_titled_names`)."""
    left = right = head
    stack = [head]
    while stack:
        node = stack.pop()
        if node.i < left.i:
            left = node
        if node.i > right.i:
            right = node
        titled = _titled_names(node)
        stack.extend(c for c in node.children if c.dep_ not in _PHRASE_CUTS or c in titled)
    return left.idx, right.idx + len(right)


def _argument(role: str, head: Any, preposition: str = "") -> Argument:
    start, end = _phrase_span(head)
    return Argument(
        role=role,  # type: ignore[arg-type]
        start=start,
        end=end,
        head=str(head.lemma_).lower(),
        preposition=preposition,
    )


def _obliques(node: Any) -> list[Argument]:
    found: list[Argument] = []
    for child in node.children:
        if child.dep_ != "prep":
            continue
        for pobj in child.children:
            if pobj.dep_ in _OBLIQUE_HEADS:
                found.append(_argument("oblique", pobj, str(child.lower_)))
    return found


def _arguments(verb: Any, depth: int = 0) -> list[Argument]:
    """Agents, patients and prepositional phrases of a verb as spans of the text. A complement
    without a subject of its own ("Iran threatened to cut ...") takes its governor's agents."""
    found: list[Argument] = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            found.append(_argument("agent", child))
        elif child.dep_ in _PASSIVE_SUBJECTS or child.dep_ in _OBJECTS:
            found.append(_argument("patient", child))
            if child.dep_ in ("dobj", "dative"):
                found.extend(_obliques(child))
        elif child.dep_ == "agent":
            found.extend(_argument("agent", pobj) for pobj in child.children if pobj.dep_ == "pobj")
    found.extend(_obliques(verb))
    governor = _governor(verb)
    inherits = verb.dep_ in ("xcomp", "conj", "advcl") and governor is not None
    if inherits and depth < 4 and not any(a.role == "agent" for a in found):
        # "France is ready to contribute": the complement hangs on "ready", whose verb acts.
        found.extend(a for a in _arguments(governor, depth + 1) if a.role == "agent")
    return found


def _governor(verb: Any) -> Any | None:
    """The predicate a clause hangs on (None at the sentence root)."""
    if verb.head.i == verb.i:
        return None
    governor = _predicate_of(verb.head)
    return None if governor.i == verb.i else governor


def _link(verb: Any, governor: Any | None) -> str:
    """The word between a clause and its governor when it is not the governor itself: "ready"
    in "is ready to contribute", "call" in "rejected calls to adopt", "plan" in "a plan to"."""
    if governor is None or verb.head.i == governor.i:
        return ""
    return str(verb.head.lemma_).lower()


def _quantity(ent: Any) -> Quantity | None:
    root = ent.root
    if ent.label_ == "CARDINAL" and root.lower_ == "one" and root.dep_ != "nummod":
        return None  # "one of the nation's ...": a pronoun, not a count
    found: Amount | None = read_amount(ent.text)
    if found is None:
        return None
    unit = found.unit
    counted = ""
    counts_head = root.dep_ == "compound" and root.head.pos_ == "NOUN"
    if root.dep_ in ("nummod", "quantmod") or counts_head:
        counted = root.head.lemma_.lower()
    elif ent.label_ == "PERCENT":
        of = [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
        pobj = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        counted = pobj[0].lemma_.lower() if pobj else ""
    elif ent.label_ == "QUANTITY" and not unit:
        unit = root.lemma_.lower()
    if ent.label_ == "MONEY" and not unit:
        sign = next((t.text for t in ent if t.text in CURRENCY_SIGNS), "")
        unit = CURRENCY_SIGNS.get(sign, "money")
    return Quantity(
        start=ent.start_char,
        end=ent.end_char,
        text=ent.text,
        low=found.low,
        high=found.high,
        unit=unit,
        counted=counted,
    )


def doc_clauses(
    doc: Any,
    sentence_of: dict[int, int],
    mentions: Sequence[Mention],
    times: Iterable[TimeExpression],
) -> list[Clause]:
    """Every verb of the doc as a clause, with the values attached to it."""
    attached: dict[int, dict[str, list[Any]]] = {}

    def slot(token: Any) -> dict[str, list[Any]]:
        verb = _predicate_of(token)
        return attached.setdefault(verb.i, {"quantities": [], "dates": [], "places": []})

    for ent in doc.ents:
        if ent.label_ in _QUANTITY_LABELS:
            quantity = _quantity(ent)
            if quantity is not None:
                slot(ent.root)["quantities"].append(quantity)
    times = list(times)
    # Where each time expression sits, to tell a day naming a time of the day ("Saturday |
    # morning") from a day naming a noun ("a Friday deadline").
    time_spans = [(t.start, t.end) for t in times if t.value is not None]
    for time in times:
        if time.value is None or _ANAPHORIC.search(time.text):
            continue
        if time.value[10:11] == "T":
            # A time of the day ("Wednesday | night", "4 p.m. | Friday") refines the day named
            # beside it, which the clause has already: two copies must not differ by it alone.
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root.head
        if (
            span.root.dep_ in _NOUN_MODIFIERS
            and head.pos_ in ("NOUN", "PROPN")
            and not any(lo <= head.idx < hi for lo, hi in time_spans)
        ):
            # "a 2016 White House bid", "the 2018 midterms": the noun's time. A day naming a
            # time of the day ("pleaded guilty Saturday morning") is the clause's day.
            continue
        slot(span.root)["dates"].append(time.value)
    for m in mentions:
        if m.label not in _PLACE_LABELS:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        prep = span.root.head
        if span.root.dep_ == "pobj" and prep.lower_ in LOCATIVE_PREPOSITIONS:
            key = name_key(m.text, m.label)
            if key:
                slot(prep)["places"].append(key)
    # Whether each token's sentence is a question, read once per sentence: asking each verb's
    # sentence for its text costs the sentence's length per verb (minutes for one 10,000-word
    # sentence).
    questions = [False] * len(doc)
    for sent in doc.sents:
        if sent.text.rstrip().endswith("?"):
            questions[sent.start : sent.end] = [True] * (sent.end - sent.start)
    clauses: list[Clause] = []
    for token in doc:
        is_verb = token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT")
        if not is_verb and token.i not in attached:
            continue
        values = attached.get(token.i, {"quantities": [], "dates": [], "places": []})
        agents, patients = _roles(token, mentions)
        governor = _governor(token)
        clauses.append(
            Clause(
                sentence=sentence_of.get(token.i, 0),
                start=token.idx,
                end=token.idx + len(token),
                predicate=_lemma(token),
                negated=any(c.dep_ == "neg" for c in token.children),
                modal=_modal(token, questions),
                agents=agents,
                patients=patients,
                quantities=tuple(values["quantities"]),
                dates=tuple(dict.fromkeys(values["dates"])),
                places=tuple(dict.fromkeys(values["places"])),
                relation=str(token.dep_),
                governor=None if governor is None else int(governor.idx),
                link=_link(token, governor),
                passive=any(
                    c.dep_ in _PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in token.children
                ),
                arguments=tuple(_arguments(token)),
            )
        )
    return clauses
