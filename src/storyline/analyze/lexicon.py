"""Word lists the analysis rules share: titles, roles, demonyms, reporting verbs, pronouns.

Kept in one place so a reader can see (and extend) every closed list the rules depend on.
"""

from __future__ import annotations

import re

# Title phrases (lower case) -> the role they name. Longer phrases are tried first. The misspelt
# "prime minster" occurs in wire copy (seed 004) and names the same office.
TITLE_ROLES: dict[str, str] = {
    "prime minister": "head of government",
    "prime minster": "head of government",
    "premier": "head of government",
    "pm": "head of government",
    "chancellor": "head of government",
    "president": "head of state",
    "king": "head of state",
    "queen": "head of state",
    "emperor": "head of state",
    "vice president": "deputy head of state",
    "deputy prime minister": "deputy head of government",
    "foreign minister": "foreign minister",
    "finance minister": "finance minister",
    "defence minister": "defence minister",
    "defense minister": "defense minister",
    "interior minister": "interior minister",
    "minister": "minister",
    "federal minister": "minister",
    "secretary of state": "foreign minister",
    "secretary": "secretary",
    # Offices named "general" that are no rank: "Attorney General Eric Holder".
    "attorney general": "attorney general",
    "inspector general": "inspector general",
    "ambassador": "ambassador",
    "senator": "legislator",
    "sen.": "legislator",
    "rep.": "legislator",
    "representative": "legislator",
    "governor": "governor",
    "gov.": "governor",
    # A rank below an office is another office (SUBORDINATE_RANKS): "Lt. Gov. Tim Murray" is
    # no "governor".
    "lieutenant governor": "lieutenant governor",
    "lt. governor": "lieutenant governor",
    "lt. gov.": "lieutenant governor",
    "mayor": "mayor",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "general": "military officer",
    "gen.": "military officer",
    # Ranks of the police and the forces: "Sgt. La Croix", and never a name on their own.
    "colonel": "military officer",
    "col.": "military officer",
    "captain": "officer",
    "capt.": "officer",
    "lieutenant": "officer",
    "lt.": "officer",
    "sergeant": "officer",
    "sgt.": "officer",
    "sgt": "officer",
    "corporal": "officer",
    "cpl.": "officer",
    "detective": "officer",
    "det.": "officer",
    "trooper": "officer",
    "judge": "judge",
    "chief justice": "chief justice",
    "justice": "judge",
    "chairman": "chair",
    "chairwoman": "chair",
    "ceo": "chief executive",
    "leader": "leader",
    "dr.": "",
    "mr.": "",
    "mrs.": "",
    "ms.": "",
    "mr": "",
    "mrs": "",
    "ms": "",
}

# Canonical spelling of each title, for Entity.titles.
TITLE_CANONICAL: dict[str, str] = {
    "prime minster": "Prime Minister",
    "pm": "Prime Minister",
    "premier": "Prime Minister",
    "sen.": "Senator",
    "rep.": "Representative",
    "gov.": "Governor",
    "gen.": "General",
}

# Role nouns that refer back to a titled person ("the premier said") -> role they must hold.
ROLE_NOUNS: dict[str, str] = {
    "premier": "head of government",
    "prime premier": "head of government",
    "prime minister": "head of government",
    "pm": "head of government",
    "chancellor": "head of government",
    "president": "head of state",
    "vice president": "deputy head of state",
    "deputy prime minister": "deputy head of government",
    "minister": "minister",
    "foreign minister": "foreign minister",
    "ambassador": "ambassador",
    "senator": "legislator",
    "governor": "governor",
    "lieutenant governor": "lieutenant governor",
    "mayor": "mayor",
    "king": "head of state",
    "queen": "head of state",
    "chief justice": "chief justice",
    "congressman": "legislator",
    "congresswoman": "legislator",
    "lawmaker": "legislator",
    "legislator": "legislator",
    "chairman": "chair",
    "chairwoman": "chair",
    "secretary": "secretary",
    "attorney general": "attorney general",
    "inspector general": "inspector general",
    "judge": "judge",
}

# Determiners that introduce someone new: "a congressman who said" is no one named before.
INDEFINITES = frozenset({"a", "an", "one", "another", "some", "any"})

# Nouns a report uses to refer back to a person it has just named, under another description
# ("Sen. John McCain said ... The Arizona Republican said", "Palin ... The former Alaska
# governor said"). Words that mostly stand for someone never named ("the official", "the
# source", "the aide", "the spokesman") are left out: for them no one named is meant.
PERSON_DESCRIPTIONS = frozenset(
    {
        *(noun for noun in ROLE_NOUNS if noun != "judge"),  # a story's judge is often unnamed
        "republican",
        "democrat",
        "nominee",
        "candidate",
        "hopeful",
        "front-runner",
        "frontrunner",
        "incumbent",
        "challenger",
        "host",
        "star",
        "mogul",
        "billionaire",
        "businessman",
        "businesswoman",
        "politician",
        "commentator",
        "speaker",
        "leader",
    }
)

# Demonyms and country-name adjectives -> country. Only what is needed to read titles such as
# "Russian President" or "Pakistan's Prime Minister"; a country's own name maps to itself.
DEMONYMS: dict[str, str] = {
    "russian": "Russia",
    "pakistani": "Pakistan",
    "chinese": "China",
    "indian": "India",
    "american": "United States",
    "u.s.": "United States",
    "us": "United States",
    "british": "United Kingdom",
    "uk": "United Kingdom",
    "french": "France",
    "german": "Germany",
    "italian": "Italy",
    "spanish": "Spain",
    "japanese": "Japan",
    "korean": "Korea",
    "south korean": "South Korea",
    "north korean": "North Korea",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "syrian": "Syria",
    "turkish": "Turkey",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "egyptian": "Egypt",
    "saudi": "Saudi Arabia",
    "afghan": "Afghanistan",
    "ukrainian": "Ukraine",
    "belarusian": "Belarus",
    "kazakh": "Kazakhstan",
    "uzbek": "Uzbekistan",
    "tajik": "Tajikistan",
    "brazilian": "Brazil",
    "mexican": "Mexico",
    "canadian": "Canada",
    "australian": "Australia",
    "indonesian": "Indonesia",
    "cuban": "Cuba",
    "venezuelan": "Venezuela",
    "polish": "Poland",
    "greek": "Greece",
    # More demonyms, for the events stage's actors ("Libyan leader", "Rwandan rebels").
    "libyan": "Libya", "bulgarian": "Bulgaria", "jordanian": "Jordan", "lebanese": "Lebanon",
    "yemeni": "Yemen", "omani": "Oman", "qatari": "Qatar", "kuwaiti": "Kuwait",
    "bahraini": "Bahrain", "emirati": "United Arab Emirates", "algerian": "Algeria",
    "moroccan": "Morocco", "tunisian": "Tunisia", "sudanese": "Sudan", "ethiopian": "Ethiopia",
    "eritrean": "Eritrea", "somali": "Somalia", "kenyan": "Kenya", "ugandan": "Uganda",
    "rwandan": "Rwanda", "burundian": "Burundi", "tanzanian": "Tanzania",
    "congolese": "Democratic Republic of the Congo", "angolan": "Angola",
    "zambian": "Zambia", "zimbabwean": "Zimbabwe", "mozambican": "Mozambique",
    "south african": "South Africa", "namibian": "Namibia", "nigerian": "Nigeria",
    "ghanaian": "Ghana", "liberian": "Liberia", "senegalese": "Senegal", "malian": "Mali",
    "chadian": "Chad", "nigerien": "Niger", "cameroonian": "Cameroon",
    "ivorian": "Ivory Coast", "sierra leonean": "Sierra Leone", "guinean": "Guinea",
    "serbian": "Serbia", "serb": "Serbia", "croatian": "Croatia", "croat": "Croatia",
    "bosnian": "Bosnia and Herzegovina", "montenegrin": "Montenegro",
    "albanian": "Albania", "macedonian": "North Macedonia", "kosovar": "Kosovo",
    "slovenian": "Slovenia", "romanian": "Romania", "hungarian": "Hungary",
    "czech": "Czechia", "slovak": "Slovakia", "austrian": "Austria", "swiss": "Switzerland",
    "dutch": "Netherlands", "belgian": "Belgium", "danish": "Denmark", "swedish": "Sweden",
    "norwegian": "Norway", "finnish": "Finland", "irish": "Ireland", "portuguese": "Portugal",
    "estonian": "Estonia", "latvian": "Latvia", "lithuanian": "Lithuania",
    "georgian": "Georgia", "armenian": "Armenia", "azerbaijani": "Azerbaijan",
    "azeri": "Azerbaijan", "kyrgyz": "Kyrgyzstan", "turkmen": "Turkmenistan",
    "mongolian": "Mongolia", "vietnamese": "Vietnam", "thai": "Thailand",
    "cambodian": "Cambodia", "laotian": "Laos", "burmese": "Myanmar", "malaysian": "Malaysia",
    "singaporean": "Singapore", "filipino": "Philippines", "philippine": "Philippines",
    "taiwanese": "Taiwan", "sri lankan": "Sri Lanka", "bangladeshi": "Bangladesh",
    "nepalese": "Nepal", "nepali": "Nepal", "new zealand": "New Zealand",
    "argentine": "Argentina", "argentinian": "Argentina", "chilean": "Chile",
    "colombian": "Colombia", "peruvian": "Peru", "bolivian": "Bolivia",
    "ecuadorian": "Ecuador", "paraguayan": "Paraguay", "uruguayan": "Uruguay",
    "haitian": "Haiti", "dominican": "Dominican Republic", "panamanian": "Panama",
    "nicaraguan": "Nicaragua", "salvadoran": "El Salvador", "guatemalan": "Guatemala",
    "honduran": "Honduras", "jamaican": "Jamaica",
    "belarussian": "Belarus", "moldovan": "Moldova", "cypriot": "Cyprus",
    "maltese": "Malta", "icelandic": "Iceland", "saudi arabian": "Saudi Arabia",
}
COUNTRIES: frozenset[str] = frozenset(DEMONYMS.values()) | {"Russian Federation"}
COUNTRY_ALIASES: dict[str, str] = {
    "Russian Federation": "Russia",
    "the Russian Federation": "Russia",
}

# Reporting verbs (lemmas) that introduce speech or a stated position.
REPORTING_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "state",
        "stress",
        "note",
        "add",
        "claim",
        "announce",
        "warn",
        "argue",
        "emphasise",
        "emphasize",
        "underline",
        "underscore",
        "insist",
        "explain",
        "suggest",
        "observe",
        "assert",
        "acknowledge",
        "admit",
        "deny",
        "reply",
        "respond",
        "answer",
        "affirm",
        "reaffirm",
        "declare",
        "confirm",
        "report",
        "reveal",
        "write",
        "tweet",
        "post",
        "recall",
        "remark",
        "comment",
        "predict",
        "vow",
        "pledge",
        "promise",
        "concede",
        "contend",
        "maintain",
        "complain",
        "urge",
        "ask",
        "describe",
        "believe",
        "think",
        "opine",
        "testify",
        "allege",
        "caution",
        "point",
        "mention",
        "agree",
        "disclose",
        "estimate",
        "indicate",
        "conclude",
        "repeat",
        # Telling someone something: "her lawyer had informed the committee that the server had
        # been wiped", "Kuchma assured Yeltsin that Ukraine would not join NATO". On polnear.dev
        # the five took 29 attributions, 22 of them right (analysis a19).
        "inform",
        "assure",
        "reassure",
        "notify",
        "remind",
    ]
)
# A reporting verb in a set phrase that reports nothing: "rest assured that ..." tells the reader
# to be sure of something (the word before the verb, the verb as written).
SET_PHRASES_NOT_SAID: frozenset[tuple[str, str]] = frozenset({("rest", "assured")})
# Verbs of finding, fearing and hoping that attribute a clause to a source as surely as a
# reporting verb does: "the poll shows that ...", "the study found ...", "she fears that ...".
# PolNeAR counts them as attributions; each kept here attributes correctly at least 70% of the
# time on polnear.dev (benchmarks/analyze_quality.py; "see", "want", "know", "feel" and
# "decide" fell far below and stay out).
STANCE_VERBS: frozenset[str] = frozenset(
    [
        "show",
        "find",
        "fear",
        "worry",
        "learn",
        "recognize",
        "hope",
        "reiterate",
        "demonstrate",
        "signal",
        "suspect",
        "notice",
        "speculate",
        "question",
    ]
)
# Verbs whose clausal complement is indirect speech or a stated position.
INDIRECT_CUE_VERBS: frozenset[str] = REPORTING_VERBS | STANCE_VERBS
# Verbs that only introduce speech in quote marks ("“You lie!” he yelled"): too loose to take a
# clause as indirect speech ("he continued his visit") but a cue next to a direct quote.
DIRECT_CUE_VERBS: frozenset[str] = REPORTING_VERBS | frozenset(
    [
        "joke",
        "yell",
        "continue",
        "charge",
        "retort",
        "exclaim",
        "confess",
        "call",
        "read",
        "interject",
        "shout",
        "answer",
        "chant",
        "scream",
        "quip",
        "snap",
        "muse",
        "whisper",
        "boast",
        "cry",
        "plead",
        "demand",
        "recount",
        "proclaim",
        "lament",
        "wonder",
        "counter",
        "interrupt",
        "begin",
        "sing",
        "hint",
        "echo",
        "put",
        "ask",
        "inquire",
        "query",
        "laugh",
        "sigh",
        "shrug",
        "smile",
        "marvel",
        "rail",
        "thunder",
        "fume",
        "gush",
        "crow",
        "scoff",
        "bristle",
        "challenge",
        "recite",
        "tout",
        "hail",
        "brag",
        "concede",
        "caution",
        "reiterate",
        "clarify",
        "elaborate",
        "summarize",
        "summarise",
        "sum",
        "dismiss",
        "mock",
        "tease",
        "chide",
        "scold",
    ]
)
# Verbs of saying whose object is the one told, not a part of what was said ("told reporters
# the plan was dead", "assured the committee it would ...").
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    {
        "tell", "inform", "assure", "reassure", "warn", "caution", "remind", "notify", "advise",
        "brief", "promise", "ask", "show", "convince", "persuade", "urge", "teach", "instruct",
    }
)  # fmt: skip
# Verbs with a particle that introduce speech in quote marks the way "continued" does: "“...,”
# he went on", "Managers, he went on, “are informed ...”" (the verb alone says nothing: "the
# talks went on").
DIRECT_CUE_PHRASES: frozenset[tuple[str, str]] = frozenset({("go", "on")})

# Given names a person is also called by, as the full name ("Bill Kristol" is William Kristol):
# a person's names join when their words match (analyze.resolve). Only in a name of two words or
# more, and never its last word (the surname): a lone "Bill" may be anyone.
NICKNAMES: dict[str, str] = {
    "bill": "william", "billy": "william", "will": "william", "bob": "robert",
    "bobby": "robert", "rob": "robert", "mike": "michael", "jim": "james", "jimmy": "james",
    "joe": "joseph", "tom": "thomas", "tommy": "thomas", "dick": "richard", "rick": "richard",
    "rich": "richard", "chuck": "charles", "charlie": "charles", "dave": "david",
    "dan": "daniel", "danny": "daniel", "chris": "christopher", "matt": "matthew",
    "tony": "anthony", "andy": "andrew", "nick": "nicholas", "ben": "benjamin",
    "jeff": "jeffrey", "greg": "gregory", "ken": "kenneth", "larry": "lawrence",
    "ron": "ronald", "don": "donald", "liz": "elizabeth", "beth": "elizabeth",
    "betsy": "elizabeth", "kate": "katherine", "kathy": "katherine", "sue": "susan",
    "jenny": "jennifer", "peggy": "margaret", "maggie": "margaret",
}

# Verbs that give a quoted phrase as someone's name for a thing: "called the plan “a
# disgrace”", "described the ad as “dishonest and hypocritical”". The phrase is the subject's
# words wherever it stands in the sentence, however short (a short quoted phrase is otherwise a
# scare quote or a title).
CHARACTERIZING_VERBS: frozenset[str] = frozenset(
    {"call", "describe", "label", "dub", "brand", "characterize", "term"}
)

# Words opening an embedded question ("was asked whether ...", "would not say if ..."): the
# clause is a question put, never a statement of the person.
QUESTION_OPENERS: frozenset[str] = frozenset({"whether", "if"})
# Words opening a clause of time, cause or concession ("two days after the Times reported that
# ..., Mrs. Clinton announced that ..."): when the parse makes such a clause a complement of a
# saying, it is still the reporter's circumstance, never what was said.
ADVERBIAL_MARKERS: frozenset[str] = frozenset(
    {
        "after",
        "before",
        "when",
        "whenever",
        "since",
        "because",
        "while",
        "until",
        "till",
        "once",
        "although",
        "though",
        "as",
    }
)
# Verbs of asking: what they report opening with one of these words is a question, wherever the
# parse hangs the opener ("asked Rubio whether invoking Kennedy might make him ...").
ASKING_VERBS: frozenset[str] = frozenset({"ask", "wonder", "inquire", "query", "question"})

# Words after a surname that tell a son from his father ("Jesse Jackson Jr."): a person's key
# is the surname with them ("jackson jr"), not the suffix alone, which made every Jr. one man.
GENERATION_SUFFIXES: frozenset[str] = frozenset({"jr", "sr"})
# An ordinal after a surname ("Robert S. Mueller III") is left out of the key: the bare surname
# names the same man ("Mr. Mueller"); his father would carry "Jr." or an ordinal himself.
ORDINAL_SUFFIXES: frozenset[str] = frozenset({"ii", "iii", "iv"})

# Possessive pronouns, as the possessor of a speech noun ("Her comments"): they point at a
# speaker the way "she" does.
POSSESSIVE_PRONOUNS: dict[str, str] = {
    "his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we",
    "your": "you",
}

# Nouns naming something said (lemmas): "Her comments", "the statement", "Rice's remarks".
# Such a noun is no speaker; whoever it belongs to is ("Rice's comments" -> Rice).
SPEECH_NOUNS: frozenset[str] = frozenset(
    {
        "comment", "remark", "statement", "word", "tweet", "speech", "testimony", "utterance",
        "retort", "quip", "monologue", "response", "reply", "answer",
    }
)

# Nouns naming something written and put out (lemmas): "the letter reads", "the memo says".
# Like a speech noun, its owner speaks when the text names one (analysis a10); unlike one, with
# no owner named it stays the speaker as written ("the letter"), as before a10. An account
# speaks for its holder, what he told ("his account") or where he posts ("Trump's account
# tweeted"); "one news account" stays as written.
WRITTEN_NOUNS: frozenset[str] = frozenset(
    {
        "letter", "memo", "memorandum", "release", "announcement", "communique", "post", "email",
        "e-mail", "report", "account",
    }
)

# The kind of a thing said or written, where two nouns name one kind: "the statement said"
# refers back to a statement, a press release or an announcement put out before, never to a
# letter. A noun not listed is a kind of its own.
DOCUMENT_KINDS: dict[str, str] = {
    "release": "statement", "announcement": "statement", "communique": "statement",
    "memorandum": "memo", "post": "tweet", "e-mail": "email", "remark": "comment",
}

# Verbs by which a person or an organisation puts out a thing said or written ("issued a
# statement", "sent a letter", "put out a statement"): their subject owns it. A particle is
# part of the verb ("put out").
ISSUING_VERBS: frozenset[str] = frozenset(
    {
        "issue", "release", "send", "publish", "post", "put out", "write", "sign", "deliver",
        "make", "give", "circulate", "distribute", "pen", "draft", "author", "tweet", "share",
        "email", "submit",
    }
)

# Determiners that point back to a thing named before ("the statement", "this letter"): only
# such a noun is read as the latest one of its kind.
DEFINITE_DETERMINERS: frozenset[str] = frozenset({"the", "this", "that", "these", "those"})

# Every pronoun a reporting verb's subject can be ("they said", "who say", "it read"), or the
# possessor of what was said ("their comments"): a word that points at a speaker and never
# names one, so never shown as one.
PRONOUNS: frozenset[str] = frozenset(
    {
        "he", "she", "him", "her", "i", "me", "we", "us", "you", "they", "them", "it",
        "who", "whom", "which", "that", "this", "these", "those", "what", "one",
    }
) | frozenset(POSSESSIVE_PRONOUNS)

# Words opening a free relative clause, "what she said", "whatever he says": the thing said,
# talked of, not a report of it.
FREE_RELATIVES: frozenset[str] = frozenset({"what", "whatever"})

# Verbs of starting and going on: cues when they open or continue a quotation ("“...,” he
# continued"), no saying when they take the deed they start or go on with ("began to see").
ASPECTUAL_VERBS: frozenset[str] = frozenset({"begin", "continue", "start", "resume"})
# Verbs of talking that are no reporting verb of their own: "began talking about ...".
SPEAKING_VERBS: frozenset[str] = frozenset({"talk", "speak"})

# Verbs of holding back from a deed: a cue under one is a saying not made ("refused to say the
# words “radical Islam”", "declined to say whether ...").
REFUSAL_VERBS: frozenset[str] = frozenset({"refuse", "decline", "fail", "avoid"})
# A saying someone should or must make is owed, not made ("the president should insist that
# ..."); one a law or a rule lets someone make is allowed, not made ("allows a business to
# assert a right to ...").
OBLIGATION_MODALS: frozenset[str] = frozenset({"should", "must", "ought"})
PERMISSION_VERBS: frozenset[str] = frozenset({"allow", "permit", "let", "enable", "authorize"})

# Reflexive pronouns: as the subject of a cue's complement they make a small clause of the
# subject's own state, not a thing found or said ("found itself defending ...").
REFLEXIVE_PRONOUNS: frozenset[str] = frozenset(
    {"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves"}
)

# The pronouns that stand for one person named before them, as a clause's subject.
PERSON_SUBJECT_PRONOUNS: frozenset[str] = frozenset({"he", "she"})
# The pronouns a remark's speaker may be read from: a person's, an organisation's ("it": the
# latest subject, when one) and people named together ("they"; analysis a18).
SPEAKER_PRONOUNS: frozenset[str] = PERSON_SUBJECT_PRONOUNS | {"it", "they"}

# Dashes as the parse reads them: one sets a clause apart from what comes before it ("... ease
# off slightly -- he said ...").
DASHES: frozenset[str] = frozenset({"—", "–", "―", "--", "-"})

PERSON_PRONOUNS: dict[str, str] = {
    "he": "PERSON",
    "she": "PERSON",
    "him": "PERSON",
    "her": "PERSON",
    "i": "SELF",
    "we": "SELF",
    "they": "GROUP",
    "it": "THING",
}

# -- offices -----------------------------------------------------------------------------------

# Words that make a title phrase name an office one person holds at a time ("Colorado attorney
# general", "Interior Secretary", "BuzzFeed's editor in chief"), for claims' office-holder
# conflicts. "general" counts only after one of OFFICE_GENERAL_PARTS ("attorney general", not
# "Army General").
OFFICE_HEADS: frozenset[str] = frozenset(
    {
        "secretary", "director", "chairman", "chairwoman", "chair", "editor", "ceo",
        "leader", "speaker", "governor", "mayor", "minister", "commissioner", "administrator",
        "ambassador", "president", "chief", "executive", "treasurer", "premier", "chancellor",
        "whip", "comptroller", "superintendent", "publisher",
    }
)
OFFICE_GENERAL_PARTS: frozenset[str] = frozenset(
    {"attorney", "solicitor", "inspector", "surgeon", "postmaster", "secretary"}
)
# Title words of roles many people hold at once ("a Republican senator", "Hunter's lawyer"):
# a phrase with one of them names no single office.
SHARED_ROLE_WORDS: frozenset[str] = frozenset(
    {
        "senator", "sen", "rep", "representative", "congressman", "congresswoman", "member",
        "spokesman", "spokeswoman", "spokesperson", "lawyer", "official", "aide", "adviser",
        "advisor", "staffer", "judge", "justice", "agent", "officer", "candidate", "nominee",
        "deputies", "members", "officials", "assistant", "associate", "vice",
    }
)
# Words before a title that say the person is not (or not yet, or no longer) its holder.
NOT_THE_HOLDER: frozenset[str] = frozenset(
    {
        "former", "ex", "then", "late", "incoming", "outgoing", "next", "future", "previous",
        "elect", "would-be", "one-time", "onetime", "retired", "a", "an", "another", "fellow",
    }
)


_TITLE_WORDS = sorted(TITLE_ROLES, key=len, reverse=True)
TITLE_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(t) for t in _TITLE_WORDS) + r")(?=\s|$)", re.IGNORECASE
)


def canonical_title(title: str) -> str:
    key = title.lower()
    if key in TITLE_CANONICAL:
        return TITLE_CANONICAL[key]
    return " ".join(w.capitalize() for w in key.split())


def country_of(word: str) -> str | None:
    """The country a demonym or country name ("Russian", "Pakistan's") stands for."""
    key = word.lower().removesuffix("'s").removesuffix("’s").removesuffix("s'").strip()
    if key in DEMONYMS:
        return DEMONYMS[key]
    return _COUNTRY_BY_STEM.get(key.removesuffix("s"))


# A country by its lower-cased name without a final "s" ("philippine", "united state"), so a
# name and its plural reading are one look-up (no two countries share a stem).
_COUNTRY_BY_STEM: dict[str, str] = {
    country.lower().removesuffix("s"): COUNTRY_ALIASES.get(country, country)
    for country in sorted(COUNTRIES)
}

# -- clauses -----------------------------------------------------------------------------------

# Auxiliaries that make a clause a prediction or a possibility rather than something that
# happened ("will visit", "could lose").
MODAL_AUXILIARIES: frozenset[str] = frozenset(
    {"will", "would", "shall", "should", "could", "can", "may", "might", "must"}
)
# Verbs whose complement is a plan or a wish, not a deed: "plans to visit", "wants to meet".
INTENT_VERBS: frozenset[str] = frozenset(
    {
        "plan", "intend", "hope", "want", "expect", "aim", "seek", "wish", "propose",
        "threaten", "vow", "promise", "pledge", "offer", "prepare", "consider", "try", "attempt",
    }
)
# Conjunctions that make a clause a condition: "if he is not prepared", "unless".
CONDITION_MARKERS: frozenset[str] = frozenset({"if", "unless", "whether"})
# Prepositions that put something somewhere ("in Beijing", not "ties with India").
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset({"in", "at", "near", "outside", "inside"})
# Verbs that carry no fact of their own: reporting and being. Two statements do not tell one
# fact for sharing "said" or "is".
LIGHT_VERBS: frozenset[str] = frozenset(
    {
        "be", "have", "do", "say", "tell", "add", "note", "according", "write", "report",
        "claim", "state", "get", "make", "go", "come", "take", "see", "know", "think",
    }
)


# Outcomes of which one or the other must happen, by side: a chance or share of one is the
# other's complement ("a two-in-three chance of holding the House" is "a one-in-three chance of
# losing it"; "60 percent passed" is "40 percent failed"). Read by the claims' conflict rules.
_OUTCOMES_SOUGHT = (
    "win wins won winning victory hold holds held holding keep keeps kept keeping retain "
    "retains retained retaining pass passes passed passing succeed succeeds succeeded "
    "succeeding success survive survives survived surviving survival"
)
_OUTCOMES_FEARED = (
    "lose loses lost losing loss defeat defeated fail fails failed failing failure die dies "
    "died dying death"
)
OUTCOME_SIDES: dict[str, int] = {
    **dict.fromkeys(_OUTCOMES_SOUGHT.split(), 1),
    **dict.fromkeys(_OUTCOMES_FEARED.split(), -1),
}

# Words before a role that make it an office below it: a deputy head of state (vice president)
# is not "the president", a lieutenant governor not "the governor". Read where a role noun is
# resolved to its holder (analyze/speakers.py).
SUBORDINATE_RANKS: frozenset[str] = frozenset(
    {"deputy", "vice", "assistant", "associate", "under", "lieutenant", "lt."}
)

# What a running tally counts: harm to people and what follows it, figures that rise as they are
# counted after the event (a storm's dead, a protest's arrests, an outbreak's cases). A later
# report's larger figure for one of these is an update; for anything else (seats held, agents
# proposed, shots heard, emails released) the figure is closed and another one contradicts it.
# Lemmas of the clause's predicate, its participants or the counted noun. Read by the claims'
# conflict rules (claims/findings.py, count_grew).
RUNNING_TALLY_WORDS: frozenset[str] = frozenset(
    {
        "kill", "die", "dead", "death", "toll", "fatality", "casualty", "victim", "body",
        "injure", "injury", "wound", "hurt", "missing", "survivor", "rescue",
        "arrest", "detain", "detention", "evacuate", "evacuation", "displace", "flee",
        "infect", "infection", "case", "hospitalize", "hospitalise",
    }
)

# Words right before a name that say the person's gender ("Mrs. Clinton", "congressman Ruiz").
MALE_MARKS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "uncle",
        "duke",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "councilman",
        "assemblyman",
    ]
)
# Given names that name a man or a woman in English-language news (common ones only; a name
# borne by both, "Chris", "Jordan", "Kelly", "Pat", is in neither): the first word of a
# person's name gives their gender where no title does, so "she" is never "Marco Rubio".
MALE_GIVEN_NAMES = frozenset(
    {
        "aaron", "adam", "alan", "albert", "alexander", "andrew", "anthony", "antonio", "arthur",
        "barack", "ben", "benjamin", "bernard", "bernie", "bill", "billy", "bob", "bobby", "brad",
        "bradley", "brian", "bruce", "carl", "carlos", "charles", "chuck", "craig", "dan", "daniel",
        "david", "dennis", "dick", "donald", "doug", "douglas", "ed", "edward", "eric", "frank",
        "fred", "gary", "george", "gerald", "greg", "gregory", "harold", "harry", "henry", "howard",
        "jack", "jacob", "james", "jared", "jason", "jeb", "jeff", "jeffrey", "jerry", "jim",
        "jimmy", "joe", "john", "jonathan", "joseph", "josh", "joshua", "juan", "justin", "keith",
        "kenneth", "kevin", "larry", "lawrence", "mark", "marco", "matt", "matthew", "michael",
        "mike", "mitch", "mitt", "nicholas", "paul", "peter", "phil", "philip", "ralph", "randy",
        "raymond", "richard", "rick", "robert", "roger", "ron", "ronald", "roy", "russell", "ryan",
        "sam", "scott", "sean", "stephen", "steve", "steven", "ted", "thomas", "tim", "timothy",
        "tom", "tony", "walter", "wayne", "william"
    }
)
FEMALE_GIVEN_NAMES = frozenset(
    {
        "alice", "amanda", "amy", "angela", "ann", "anna", "anne", "barbara", "betty", "carly",
        "carol", "carolyn", "catherine", "christine", "claire", "cynthia", "deborah", "debbie",
        "diane", "donna", "dorothy", "elizabeth", "ellen", "emily", "hillary", "heather", "helen",
        "heidi", "ivanka", "jane", "janet", "jennifer", "jessica", "joan", "joyce", "judith",
        "judy", "julia", "julie", "karen", "katherine", "kathleen", "kathy", "kirsten", "laura",
        "linda", "lisa", "louise", "margaret", "maria", "marie", "martha", "mary", "megyn",
        "melania", "melissa", "michelle", "nancy", "nicole", "nikki", "olivia", "pamela",
        "patricia", "rachel", "rebecca", "ruth", "sarah", "sharon", "shirley", "sonia", "stephanie",
        "susan", "susana", "teresa", "theresa", "virginia"
    }
)

FEMALE_MARKS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "madam",
        "madame",
        "lady",
        "dame",
        "queen",
        "princess",
        "mother",
        "sister",
        "aunt",
        "duchess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "councilwoman",
        "assemblywoman",
    ]
)


def title_gender(word: str) -> str | None:
    """The gender ("m" or "f") a lower-case title or description marks ("mrs.", "congressman");
    None for one that marks none."""
    return "m" if word in MALE_MARKS else "f" if word in FEMALE_MARKS else None


def given_name_gender(word: str) -> str | None:
    """The gender a lower-case given name marks ("nancy"); None for one borne by both."""
    return "m" if word in MALE_GIVEN_NAMES else "f" if word in FEMALE_GIVEN_NAMES else None


# Labels of a line that are no source: sections, notes, media credits.
NOT_SPEAKER_LABELS = {
    "update",
    "updated",
    "note",
    "editor's note",
    "editor’s note",
    "photo",
    "photos",
    "video",
    "watch",
    "related",
    "read more",
    "source",
    "sources",
    "correction",
    "q",
    "a",
    "caption",
    "video transcript",
    "transcript",
    "advertisement",
    "see also",
    "listen",
    "credit",
}
# What a letter, report or statement does: "it read", "it said", "it states".
DOCUMENT_CUES = {"read", "say", "state", "note", "add", "warn", "conclude", "declare", "claim"}
