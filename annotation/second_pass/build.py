"""Builds the second pass's tables in this folder from the article (run from anywhere)."""

import csv
import os
from pathlib import Path

OUT = Path(__file__).resolve().parent
# the article as annotated: byte-identical to the seed the second annotator read
SRC = OUT.parents[1] / "data" / "sources" / "izvestia-2022-01-20.txt"
s = SRC.read_text(encoding="utf-8")


def loc(sub, after=None, nth=1):
    """find nth occurrence of sub at or after the first occurrence of anchor text `after`"""
    pos = 0 if after is None else s.index(after)
    for _ in range(nth):
        i = s.index(sub, pos)
        pos = i + 1
    return i, i + len(sub)


def w(name, header, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        for r in rows:
            wr.writerow([r.get(h, "") for h in header])


# ---------------- actors
actors = [
    (
        "dzhabarov",
        "Vladimir Dzhabarov",
        "person",
        "RUS",
        'First Deputy Head of the Federation Council Committee on International Affairs; "the senator"',
    ),
    (
        "fc_intl_committee",
        "Federation Council Committee on International Affairs",
        "organization",
        "RUS",
        "",
    ),
    ("izvestia", "Izvestia", "organization", "RUS", "newspaper (medium)"),
    ("russia", "Russia", "state", "RUS", ""),
    ("usa", "United States", "state", "USA", ""),
    ("ukraine", "Ukraine", "state", "UKR", ""),
    ("nato", "NATO", "organization", "", '"the alliance"'),
    ("blinken", "Anthony Blinken", "person", "USA", "US Secretary of State"),
    (
        "biden",
        "Biden",
        "person",
        "USA",
        "президент США (US President; editorial gloss in brackets)",
    ),
    ("us_media", "American media", "group", "USA", ""),
    ("us_political_scientists", "American political scientists", "group", "USA", ""),
    ("us_congressmen", "American congressmen", "group", "USA", ""),
    (
        "lavrov",
        "Sergey Lavrov (Сергей Лавров)",
        "person",
        "RUS",
        "Foreign Minister; Russian Foreign Minister",
    ),
    (
        "russian_president",
        "President of the Russian Federation",
        "role",
        "RUS",
        "President of the Russian Federation (not named in the article)",
    ),
    (
        "meister",
        "Stefan Meister",
        "person",
        "DEU",
        "head of the International Order and Democracy program at the German Council on Foreign Relations",
    ),
    ("dgap", "German Council on Foreign Relations", "organization", "DEU", ""),
    (
        "gavrilov",
        "Konstantin Gavrilov",
        "person",
        "RUS",
        "head of the Russian delegation at the talks in Vienna on military security and arms control",
    ),
    (
        "russian_delegation",
        "Russian delegation",
        "group",
        "RUS",
        "Russian negotiating delegation (Vienna talks; Geneva 10 January meeting)",
    ),
    (
        "us_delegation",
        "US delegation",
        "group",
        "USA",
        "US negotiating delegation (Geneva 10 January meeting)",
    ),
    ("russia_mfa", "Russian Foreign Ministry", "organization", "RUS", ""),
    (
        "zakharova",
        "Maria Zakharova",
        "person",
        "RUS",
        "official representative of the Russian Foreign Ministry",
    ),
    ("nato_russia_council", "Russia-NATO Council", "organization", "", ""),
    ("osce", "Organization for Security and Cooperation in Europe", "organization", "", ""),
]
w(
    "actors.csv",
    ["actor_id", "name", "kind", "country", "role"],
    [dict(actor_id=a, name=n, kind=k, country=c, role=r) for a, n, k, c, r in actors],
)
AIDS = {a[0] for a in actors}

# ---------------- mentions  (actor, text, anchor, nth, type)
P1 = s.index("Russia has nothing")
P2 = s.index("According to him, it is")
P3 = s.index("“Judging")
P4 = s.index("Earlier in the day")
P5 = s.index("At the same time, Konstantin")
P6 = s.index("On January 19, it became")
P7 = s.index("Also on that day")
P8 = s.index("Lavrov also urged")
P9 = s.index("Negotiations on security guarantees were")
P10 = s.index("On December 17")


def L(sub, start, nth=1):
    pos = start
    for _ in range(nth):
        i = s.index(sub, pos)
        pos = i + 1
    return i, i + len(sub)


M = [
    # para 1
    ("russia", "Russia", P1, 1, "name"),
    ("usa", "the United States", P1, 1, "name"),
    ("dzhabarov", "Vladimir Dzhabarov", P1, 1, "name"),
    ("dzhabarov", "First Deputy Head", P1, 1, "title"),
    (
        "fc_intl_committee",
        "the Federation Council Committee on International Affairs",
        P1,
        1,
        "name",
    ),
    ("izvestia", "Izvestia", P1, 1, "name"),
    # para 2
    ("dzhabarov", "him", P2, 1, "pronoun"),
    ("russia", "we", P2, 1, "pronoun"),
    ("usa", "US", P2, 1, "name"),  # "the US reaction"
    ("blinken", "US Secretary of State", P2, 1, "title"),
    ("blinken", "Anthony Blinken", P2, 1, "name"),
    ("blinken", "he", s.index("or he declares"), 1, "pronoun"),
    ("usa", "they", s.index("or he declares"), 1, "pronoun"),
    ("dzhabarov", "the senator", P2, 1, "title"),
    # para 3 (direct quote)
    ("us_media", "the American media", P3, 1, "group"),
    ("us_political_scientists", "political scientists", P3, 1, "group"),
    ("us_congressmen", "congressmen", P3, 1, "group"),
    ("biden", "himself", P3, 1, "pronoun"),
    ("biden", "президент США", P3, 1, "title"),
    ("biden", "Biden", P3, 1, "name"),
    ("biden", "his", s.index("in his yesterday"), 1, "pronoun"),
    ("russia", "Russia", s.index("are attacking Russia"), 1, "name"),
    ("usa", "they", s.index("unlikely that they"), 1, "pronoun"),
    ("russia", "the Russian Federation", P3, 1, "name"),
    ("dzhabarov", "I", s.index("I think"), 1, "pronoun"),
    ("russia", "we", s.index("I think that we"), 1, "pronoun"),
    ("russia", "our", s.index("our Foreign Minister"), 1, "pronoun"),
    ("lavrov", "Foreign Minister", s.index("our Foreign Minister"), 1, "title"),
    ("lavrov", "Сергей Лавров", P3, 1, "name"),
    ("usa", "your opponents", P3, 1, "group"),
    ("russian_president", "the President of the Russian Federation", P3, 1, "title"),
    ("dzhabarov", "Dzhabarov", s.index("said Dzhabarov"), 1, "name"),
    # para 4
    ("meister", "Stefan Meister", P4, 1, "name"),
    ("meister", "head of the International Order and Democracy program", P4, 1, "title"),
    ("dgap", "the German Council on Foreign Relations", P4, 1, "name"),
    ("izvestia", "Izvestia", P4, 1, "name"),
    ("russia", "Russia", P4, 1, "name"),
    ("usa", "the United States", P4, 1, "name"),
    # para 5
    ("gavrilov", "Konstantin Gavrilov", P5, 1, "name"),
    ("gavrilov", "head", s.index("head of the Russian delegation"), 1, "title"),
    ("russian_delegation", "the Russian delegation", P5, 1, "group"),
    ("lavrov", "Russian Foreign Minister", P5, 1, "title"),
    ("blinken", "US Secretary of State", P5, 1, "title"),
    ("blinken", "Anthony Blinken", P5, 1, "name"),
    ("gavrilov", "He", s.index("He also expressed"), 1, "pronoun"),
    ("usa", "the American side", P5, 1, "metonym"),
    ("usa", "the American colleagues", P5, 1, "group"),
    # para 6
    ("blinken", "Blinken", P6, 1, "name"),
    ("lavrov", "Lavrov", P6, 1, "name"),
    ("zakharova", "the official representative", P6, 1, "title"),
    ("russia_mfa", "the Russian Foreign Ministry", P6, 1, "name"),
    ("zakharova", "Maria Zakharova", P6, 1, "name"),
    # para 7
    ("blinken", "Blinken", P7, 1, "name"),
    ("usa", "the American side", P7, 1, "metonym"),
    ("lavrov", "Lavrov", P7, 1, "name"),
    ("russia", "Russia", s.index("Russia’s proposals"), 1, "name"),
    ("blinken", "him", P7, 1, "pronoun"),
    ("usa", "Washington", P7, 1, "metonym"),
    ("russia", "Russian", s.index("the Russian demands"), 1, "name"),
    ("usa", "the United States", P7, 1, "name"),
    ("russia", "Moscow", P7, 1, "metonym"),
    ("usa", "the White House", P7, 1, "metonym"),
    # para 8
    ("lavrov", "Lavrov", P8, 1, "name"),
    ("blinken", "the US Secretary of State", P8, 1, "title"),
    ("russia", "Russian", s.index("Russian aggression"), 1, "name"),
    ("ukraine", "Ukraine", P8, 1, "name"),
    ("ukraine", "Kiev", P8, 1, "metonym"),
    # para 9
    ("russian_delegation", "the Russian and US delegations", P9, 1, "group"),
    ("us_delegation", "the Russian and US delegations", P9, 1, "group"),
    ("nato_russia_council", "the Russia-NATO Council", P9, 1, "name"),
    ("osce", "the Organization for Security and Cooperation in Europe", P9, 1, "name"),
    # para 10
    ("russia_mfa", "the Russian Foreign Ministry", P10, 1, "name"),
    ("russia", "Russia", s.index("between Russia,"), 1, "name"),
    ("usa", "the United States", P10, 1, "name"),
    ("nato", "NATO", P10, 1, "name"),
    ("nato", "the alliance", P10, 1, "metonym"),
    ("ukraine", "Ukraine", P10, 1, "name"),
    ("russia", "Russia", s.index("Russia and NATO must"), 1, "name"),
    ("nato", "NATO", s.index("Russia and NATO must"), 1, "name"),
]
mrows = []
for k, (a, t, st, n, ty) in enumerate(sorted(M, key=lambda m: (L(m[1], m[2], m[3])[0], m[0])), 1):
    b, e = L(t, st, n)
    assert s[b:e] == t and a in AIDS
    mrows.append(dict(mention_id=f"m{k:03d}", actor_id=a, start=b, end=e, text=t, mention_type=ty))
w("mentions.csv", ["mention_id", "actor_id", "start", "end", "text", "mention_type"], mrows)


# ---------------- statements
def T(text):
    assert s.count(text) == 1, text
    b = s.index(text)
    return b, b + len(text)


ST = []


def st(**k):
    ST.append(k)


st(
    statement_id="s01",
    speaker_id="dzhabarov",
    recipient_id="",
    medium_id="izvestia",
    mode="indirect",
    cue="announced",
    text="Russia has nothing to expect from negotiations with the United States in Geneva, which will be held on January 21",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence="on Thursday, January 20",
    cameo_code="012",
)
st(
    statement_id="s02",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="indirect",
    cue="According to him",
    text="it is difficult to assess the prospect of things that we do not yet know about",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence="on Thursday, January 20 (same Izvestia interview; inferred)",
    cameo_code="010",
)
st(
    statement_id="s03",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="indirect",
    cue="added",
    text="the US reaction is incomprehensible: either US Secretary of State Anthony Blinken says that there is no response on security guarantees, or he declares that they are ready to discuss some things",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence="on Thursday, January 20 (same Izvestia interview; inferred)",
    cameo_code="111",
    plover_type="ACCUSE",
    plover_mode="disapprove",
)
st(
    statement_id="s03a",
    speaker_id="blinken",
    mode="indirect",
    cue="says",
    text="there is no response on security guarantees",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="",
    reported_by="s03",
    cameo_code="010",
)
st(
    statement_id="s03b",
    speaker_id="blinken",
    mode="indirect",
    cue="declares",
    text="they are ready to discuss some things",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="",
    reported_by="s03",
    cameo_code="036",
    plover_type="AGREE",
)
q_ev = "on Thursday, January 20 (quote from the same Izvestia interview; inferred)"
st(
    statement_id="s04",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="direct_quote",
    cue="said",
    text="Judging by the zeal with which the American media, political scientists, congressmen, and himself [президент США Джо] Biden, in his yesterday’s statement, are attacking Russia, it is unlikely that they have something in store for this meeting",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence=q_ev,
    cameo_code="012",
)
st(
    statement_id="s05",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="direct_quote",
    cue="said",
    text="it was a painfully nervous reaction to the actions of the Russian Federation, which do not even exist",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence=q_ev,
    cameo_code="111",
    plover_type="ACCUSE",
    plover_mode="disapprove",
)
st(
    statement_id="s06",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="direct_quote",
    cue="said",
    text="I think that we have nothing much to look forward to there (in Geneva – Ed.)",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence=q_ev,
    cameo_code="012",
)
st(
    statement_id="s07",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="direct_quote",
    cue="said",
    text="it is very pleasant that our Foreign Minister [Сергей Лавров] agreed to meet",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence=q_ev,
    cameo_code="051",
    plover_type="SUPPORT",
)
st(
    statement_id="s08",
    speaker_id="dzhabarov",
    medium_id="izvestia",
    mode="direct_quote",
    cue="said",
    text="it is necessary to listen to your opponents, report the results of the negotiations to the President of the Russian Federation and make appropriate decisions at a high political and military level",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence=q_ev,
    cameo_code="010",
)
st(
    statement_id="s09",
    speaker_id="meister",
    medium_id="izvestia",
    mode="indirect",
    cue="told",
    text="there was no reason to reach a compromise between Russia and the United States on security guarantees during the talks in Geneva",
    said_on="2022-01-20",
    said_on_precision="day",
    said_on_evidence="Earlier in the day",
    cameo_code="012",
)
st(
    statement_id="s10",
    speaker_id="gavrilov",
    mode="indirect",
    cue="suggested",
    text="a breakthrough in negotiations on security guarantees could occur at a meeting between Russian Foreign Minister and US Secretary of State Anthony Blinken in Geneva",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="At the same time (discourse connective, not a date)",
    cameo_code="013",
)
st(
    statement_id="s11",
    speaker_id="gavrilov",
    mode="indirect",
    cue="expressed",
    text="hope for the common sense of the American side and the pragmatism of the American colleagues",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="",
    cameo_code="013",
)
st(
    statement_id="s12",
    speaker_id="zakharova",
    mode="indirect",
    cue="announced",
    text="this meeting was being worked out",
    said_on="2022-01-19",
    said_on_precision="day",
    said_on_evidence='On January 19 … Later … Also on that day (inferred: placed after the 19 January news and before "Also on that day")',
    cameo_code="036",
    plover_type="AGREE",
)
st(
    statement_id="s13",
    speaker_id="blinken",
    mode="indirect",
    cue="said",
    text="the American side did not plan to send Lavrov a written response to Russia’s proposals on security guarantees at the talks",
    said_on="2022-01-19",
    said_on_precision="day",
    said_on_evidence="Also on that day (= On January 19)",
    cameo_code="120",
    plover_type="REJECT",
)
st(
    statement_id="s14",
    speaker_id="blinken",
    mode="indirect",
    cue="According to him",
    text="it is not clear to Washington which of the Russian demands on the United States in the field of security are key for Moscow",
    said_on="2022-01-19",
    said_on_precision="day",
    said_on_evidence="Also on that day (= On January 19)",
    cameo_code="010",
)
st(
    statement_id="s15",
    speaker_id="blinken",
    mode="indirect",
    cue="",
    text="a number of them are unacceptable for the White House",
    said_on="2022-01-19",
    said_on_precision="day",
    said_on_evidence='Also on that day (= On January 19); continues the "According to him" paraphrase',
    cameo_code="127",
    plover_type="REJECT",
)
st(
    statement_id="s16",
    speaker_id="lavrov",
    recipient_id="blinken",
    mode="indirect",
    cue="urged",
    text="not to replicate speculation about the allegedly impending Russian aggression in Ukraine",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="",
    cameo_code="0242",
)
st(
    statement_id="s17",
    speaker_id="lavrov",
    recipient_id="blinken",
    mode="indirect",
    cue="urged",
    text="to force Kiev to comply with the Minsk agreements",
    said_on="",
    said_on_precision="unknown",
    said_on_evidence="",
    cameo_code="022",
)
st(
    statement_id="s18",
    speaker_id="russia_mfa",
    recipient_id="nato",
    mode="indirect",
    cue="It follows from the documents",
    text="the alliance must renounce any military activity on the territory of Ukraine and other states of Eastern Europe, Transcaucasia and Central Asia",
    said_on="2021-12-17",
    said_on_precision="day",
    said_on_evidence="On December 17 (year 2021 inferred: most recent 17 December before 2022-01-20)",
    cameo_code="1056",
    plover_type="REQUEST",
    plover_mode="yield",
)
st(
    statement_id="s19",
    speaker_id="russia_mfa",
    recipient_id="nato",
    mode="indirect",
    cue="",
    text="Russia and NATO must pledge not to create conditions that can be regarded as a threat by the other side",
    said_on="2021-12-17",
    said_on_precision="day",
    said_on_evidence="On December 17 (year 2021 inferred)",
    cameo_code="100",
    plover_type="REQUEST",
)
SH = [
    "statement_id",
    "speaker_id",
    "recipient_id",
    "medium_id",
    "mode",
    "cue",
    "start",
    "end",
    "text",
    "said_on",
    "said_on_precision",
    "said_on_evidence",
    "reported_by",
    "cameo_code",
    "plover_type",
    "plover_mode",
]
for r in ST:
    b, e = T(r["text"])
    r["start"] = b
    r["end"] = e
w("statements.csv", SH, ST)

# ---------------- events
EV = []


def ev(**k):
    EV.append(k)


ev(
    event_id="geneva_lavrov_blinken_jan21",
    title="Lavrov–Blinken meeting/negotiations on security guarantees in Geneva",
    date_start="2022-01-21",
    date_end="2022-01-21",
    date_precision="day",
    date_evidence="which will be held on January 21; would meet on January 21",
    status="scheduled",
    location="Geneva",
    country="CHE",
    cameo_code="046",
    plover_type="CONSULT",
    text="negotiations with the United States in Geneva, which will be held on January 21",
)
ev(
    event_id="meeting_became_known_jan19",
    parent_id="geneva_lavrov_blinken_jan21",
    title="It becomes known that Blinken will meet Lavrov in Geneva on 21 January",
    date_start="2022-01-19",
    date_end="2022-01-19",
    date_precision="day",
    date_evidence="On January 19, it became known",
    status="occurred",
    location="",
    country="",
    cameo_code="036",
    plover_type="AGREE",
    text="it became known that Blinken would meet on January 21 in Geneva with Lavrov",
)
ev(
    event_id="lavrov_agrees_to_meet",
    parent_id="geneva_lavrov_blinken_jan21",
    title="Lavrov agrees to meet Blinken",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="agreed to meet (before 2022-01-20; no date given)",
    status="occurred",
    location="",
    country="RUS",
    cameo_code="036",
    plover_type="AGREE",
    text="our Foreign Minister [Сергей Лавров] agreed to meet",
)
ev(
    event_id="blinken_trips_kiev_berlin",
    title="Blinken trips to Kiev and Berlin ahead of the Geneva meeting",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="after trips to Kiev and Berlin (before 2022-01-21)",
    status="unknown",
    location="Kiev; Berlin",
    country="",
    cameo_code="042",
    plover_type="CONSULT",
    text="trips to Kiev and Berlin",
)
ev(
    event_id="blinken_trip_kiev",
    parent_id="blinken_trips_kiev_berlin",
    title="Blinken trip to Kiev",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="after trips to Kiev and Berlin (before 2022-01-21)",
    status="unknown",
    location="Kiev",
    country="UKR",
    cameo_code="042",
    plover_type="CONSULT",
    text="Kiev",
    _anchor="trips to Kiev",
)
ev(
    event_id="blinken_trip_berlin",
    parent_id="blinken_trips_kiev_berlin",
    title="Blinken trip to Berlin",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="after trips to Kiev and Berlin (before 2022-01-21)",
    status="unknown",
    location="Berlin",
    country="DEU",
    cameo_code="042",
    plover_type="CONSULT",
    text="Berlin",
)
ev(
    event_id="us_attacks_on_russia",
    title='American media, political scientists, congressmen and Biden "attacking Russia" (per Dzhabarov)',
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="are attacking Russia (present tense, as of 2022-01-20)",
    status="ongoing",
    location="",
    country="USA",
    cameo_code="111",
    plover_type="ACCUSE",
    text="the American media, political scientists, congressmen, and himself [президент США Джо] Biden, in his yesterday’s statement, are attacking Russia",
)
ev(
    event_id="biden_statement_jan19",
    parent_id="us_attacks_on_russia",
    title='Biden statement ("yesterday’s statement")',
    date_start="2022-01-19",
    date_end="2022-01-19",
    date_precision="day",
    date_evidence="his yesterday’s statement (relative to the 2022-01-20 interview; inferred)",
    status="occurred",
    location="",
    country="USA",
    cameo_code="111",
    plover_type="ACCUSE",
    text="his yesterday’s statement",
)
ev(
    event_id="alleged_russian_aggression_ukraine",
    title="Allegedly impending Russian aggression in Ukraine (speculation, disputed by Lavrov)",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="allegedly impending",
    status="unknown",
    location="Ukraine",
    country="UKR",
    cameo_code="190",
    plover_type="ASSAULT",
    text="the allegedly impending Russian aggression in Ukraine",
)
ev(
    event_id="security_talks_jan2022",
    title="Three-stage negotiations on security guarantees, January 2022",
    date_start="2022-01-10",
    date_end="2022-01-13",
    date_precision="day",
    date_evidence="held in three stages in January; On January 10 … on January 13",
    status="occurred",
    location="Geneva; Brussels; Vienna",
    country="",
    cameo_code="046",
    plover_type="CONSULT",
    text="Negotiations on security guarantees were held in three stages in January",
)
ev(
    event_id="geneva_delegations_jan10",
    parent_id="security_talks_jan2022",
    title="Meeting of the Russian and US delegations in Geneva",
    date_start="2022-01-10",
    date_end="2022-01-10",
    date_precision="day",
    date_evidence="On January 10",
    status="occurred",
    location="Geneva",
    country="CHE",
    cameo_code="046",
    plover_type="CONSULT",
    text="On January 10, a meeting of the Russian and US delegations took place in Geneva",
)
ev(
    event_id="nrc_brussels_jan12",
    parent_id="security_talks_jan2022",
    title="Russia-NATO Council meeting in Brussels",
    date_start="2022-01-12",
    date_end="2022-01-12",
    date_precision="day",
    date_evidence="On January 12",
    status="occurred",
    location="Brussels",
    country="BEL",
    cameo_code="046",
    plover_type="CONSULT",
    text="On January 12, a meeting of the Russia-NATO Council was held in Brussels",
)
ev(
    event_id="osce_vienna_jan13",
    parent_id="security_talks_jan2022",
    title="Consultations at the OSCE Vienna site end",
    date_start="2022-01-13",
    date_end="2022-01-13",
    date_precision="day",
    date_evidence="on January 13, consultations ended",
    status="occurred",
    location="Vienna",
    country="AUT",
    cameo_code="046",
    plover_type="CONSULT",
    text="on January 13, consultations ended at the Vienna site of the Organization for Security and Cooperation in Europe",
)
ev(
    event_id="vienna_military_security_talks",
    title="Talks in Vienna on military security and arms control (Gavrilov heads Russian delegation)",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_evidence="",
    status="ongoing",
    location="Vienna",
    country="AUT",
    cameo_code="046",
    plover_type="CONSULT",
    text="the talks in Vienna on military security and arms control",
)
ev(
    event_id="mfa_publishes_drafts_dec17",
    title="Russian Foreign Ministry publishes draft agreements on security guarantees",
    date_start="2021-12-17",
    date_end="2021-12-17",
    date_precision="day",
    date_evidence="On December 17 (year 2021 inferred)",
    status="occurred",
    location="",
    country="RUS",
    cameo_code="100",
    plover_type="REQUEST",
    text="On December 17, the Russian Foreign Ministry published draft agreements between Russia, the United States and NATO on security guarantees",
)
EH = [
    "event_id",
    "title",
    "parent_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_evidence",
    "status",
    "location",
    "country",
    "cameo_code",
    "plover_type",
    "start",
    "end",
    "text",
]
for r in EV:
    if "_anchor" in r:
        a = s.index(r.pop("_anchor"))
        b = s.index(r["text"], a)
        e = b + len(r["text"])
    elif r["text"] == "Berlin":
        b = s.index("Berlin")
        e = b + 6
    else:
        b, e = T(r["text"])
    r["start"] = b
    r["end"] = e
w("events.csv", EH, EV)

# ---------------- proposals
PR = []


def pr(**k):
    PR.append(k)


pr(
    proposal_id="security_guarantee_drafts",
    kind="draft_agreement",
    title="Russian draft agreements with the United States and NATO on security guarantees",
    proposer_id="russia",
    addressee_id="usa;nato",
    published="2021-12-17",
    status="published; under negotiation",
    text="draft agreements between Russia, the United States and NATO on security guarantees",
)
pr(
    proposal_id="clause_nato_no_military_activity",
    parent_id="security_guarantee_drafts",
    kind="clause",
    title="NATO to renounce any military activity in Ukraine, Eastern Europe, Transcaucasia and Central Asia",
    proposer_id="russia",
    addressee_id="nato",
    published="2021-12-17",
    status="published",
    text="the alliance must renounce any military activity on the territory of Ukraine and other states of Eastern Europe, Transcaucasia and Central Asia",
)
pr(
    proposal_id="clause_no_threat_conditions",
    parent_id="security_guarantee_drafts",
    kind="clause",
    title="Russia and NATO to pledge not to create conditions regarded as a threat by the other side",
    proposer_id="russia",
    addressee_id="nato",
    published="2021-12-17",
    status="published",
    text="Russia and NATO must pledge not to create conditions that can be regarded as a threat by the other side",
)
pr(
    proposal_id="demand_stop_speculation",
    kind="demand",
    title="US not to replicate speculation about impending Russian aggression in Ukraine",
    proposer_id="lavrov",
    addressee_id="blinken",
    published="",
    status="pending",
    text="not to replicate speculation about the allegedly impending Russian aggression in Ukraine",
)
pr(
    proposal_id="demand_force_kiev_minsk",
    kind="demand",
    title="US to force Kiev to comply with the Minsk agreements",
    proposer_id="lavrov",
    addressee_id="blinken",
    published="",
    status="pending",
    text="to force Kiev to comply with the Minsk agreements",
)
pr(
    proposal_id="minsk_agreements",
    kind="agreement",
    title="Minsk agreements",
    proposer_id="",
    addressee_id="ukraine",
    published="",
    status="existing (compliance demanded)",
    text="the Minsk agreements",
)
PH = [
    "proposal_id",
    "parent_id",
    "kind",
    "title",
    "proposer_id",
    "addressee_id",
    "published",
    "status",
    "start",
    "end",
    "text",
]
for r in PR:
    b, e = T(r["text"]) if s.count(r["text"]) == 1 else (None, None)
    if b is None:
        raise SystemExit("ambiguous " + r["text"])
    r["start"] = b
    r["end"] = e
w("proposals.csv", PH, PR)

# ---------------- positions
POS = [
    ("s03", "security_guarantee_drafts", "mentions"),
    ("s03a", "security_guarantee_drafts", "mentions"),
    ("s03b", "security_guarantee_drafts", "neutral"),
    ("s09", "security_guarantee_drafts", "mentions"),
    ("s10", "security_guarantee_drafts", "mentions"),
    ("s13", "security_guarantee_drafts", "mentions"),
    ("s14", "security_guarantee_drafts", "mentions"),
    ("s15", "security_guarantee_drafts", "rejects"),
    ("s16", "demand_stop_speculation", "demands"),
    ("s17", "demand_force_kiev_minsk", "demands"),
    ("s17", "minsk_agreements", "supports"),
    ("s18", "clause_nato_no_military_activity", "demands"),
    ("s19", "clause_no_threat_conditions", "demands"),
]
w(
    "positions.csv",
    ["statement_id", "proposal_id", "stance"],
    [dict(statement_id=a, proposal_id=b, stance=c) for a, b, c in POS],
)
