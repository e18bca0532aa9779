"""Small documents written for these tests (a fictional town's news), shared by the ingest tests."""

from __future__ import annotations

BRIDGE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Valley Courier</title>
<link rel="canonical" href="https://www.valleycourier.example/news/bridge-reopens">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="2024-03-14T09:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The old harbour bridge in Westford reopened to traffic on Thursday morning after eleven weeks
of repairs to its steel deck, the town council said.</p>
<p>Engineers replaced forty corroded plates and repainted the railings. "We are glad to have the
crossing back," said council leader Ilse Brandt, who cut a ribbon at the eastern end.</p>
<p>Cyclists will share a widened lane with pedestrians until the summer, when a separate path is
due to open.</p>
</article>
<footer>Copyright The Valley Courier. All rights reserved.</footer>
</body></html>
"""

# Declares a legacy charset in <meta> and is encoded in it; "café" and "Zürich" need it.
LATIN1_PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Caf\u00e9 owners in Westford back the new market hall</title></head><body>
<article><h1>Caf\u00e9 owners back the market hall</h1>
<p>Owners of six caf\u00e9s on Westford's quay signed a letter on Monday supporting the covered
market hall the council plans to build beside the ferry terminal.</p>
<p>The hall's architect, who trained in Z\u00fcrich, said the timber roof would keep the square
open to the sea breeze while sheltering forty stalls from the rain.</p>
<p>A public meeting on the plans is due to take place in the library next month.</p>
</article></body></html>
"""

# A page with a title but no body text at all.
EMPTY_PAGE = """<html><head><title>Index</title></head><body>
<div class="placeholder"></div></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Valley Courier: Town</title>
  <link>https://www.valleycourier.example/town</link>
  <description>Town news</description>
  <language>en</language>
  <item>
    <title>Ferry timetable changes in April</title>
    <link>https://www.valleycourier.example/town/ferry-timetable</link>
    <guid isPermaLink="false">vc-ferry-0412</guid>
    <pubDate>Fri, 12 Apr 2024 07:15:00 +0200</pubDate>
    <dc:creator>Tomas Berg</dc:creator>
    <category>transport</category>
    <description>Short summary of the ferry changes.</description>
    <content:encoded><![CDATA[<p>The morning ferry to Osterholm will leave twenty minutes
      earlier from 15 April, the operator said.</p><p>Evening sailings are unchanged.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Library extends opening hours</title>
    <link>https://www.valleycourier.example/town/library-hours</link>
    <pubDate>Thu, 11 Apr 2024 16:00:00 GMT</pubDate>
    <description>&lt;p&gt;The town library will open until nine on Thursdays.&lt;/p&gt;
    </description>
  </item>
  <item>
    <title>Photo gallery</title>
    <link>https://www.valleycourier.example/town/gallery</link>
  </item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Osterholm Gazette</title>
  <link href="https://gazette.osterholm.example/"/>
  <id>urn:uuid:0f5c7a2e-osterholm-gazette</id>
  <updated>2024-04-10T12:00:00Z</updated>
  <entry>
    <title>Harbour master retires after thirty years</title>
    <link href="https://gazette.osterholm.example/2024/04/harbour-master"/>
    <id>urn:uuid:7d1e-harbour-master</id>
    <published>2024-04-10T10:30:00+02:00</published>
    <updated>2024-04-10T11:00:00Z</updated>
    <author><name>Signe Dahl</name></author>
    <content type="html">&lt;p&gt;Osterholm's harbour master, Per Vik, retired on Wednesday after
      thirty years guiding boats through the narrow channel.&lt;/p&gt;</content>
  </entry>
</feed>
"""
