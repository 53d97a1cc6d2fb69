"""Write forum_sync/eval/corpus.jsonl: generated posts plus the hand-written ones.

    python -m forum_sync.eval.generate [--check]

Two splits keep the evaluation honest. "dev" posts use dev templates and names drawn from
deduce's lists; "heldout" posts use other templates, another seed and a separate list of
invented names (many of them not in deduce's lists). Everything is deterministic.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from forum_sync import lookups
from forum_sync.eval.markup import _MARK, parse

HERE = Path(__file__).parent
CORPUS = HERE / "corpus.jsonl"
HANDWRITTEN = HERE / "handwritten.txt"
# Red-team posts: other styles (chat, capitals, signatures, quoted replies, lists) and names
# from other languages, written by hand to find leaking classes (split "redteam").
REDTEAM = HERE / "redteam.txt"
# A second red-team pass, written after the first fixes, in styles and with identifiers the
# rest of the corpus lacks: long posts, forwarded letters with kenmerk and dossiernummer,
# signature blocks, birth dates in many forms, addresses without a street word, foreign
# phones and IBANs, licence plates, agency numbers and Postbus addresses that must stay.
REDTEAM2 = HERE / "redteam2.txt"

# Held-out names: invented here, not taken from deduce's lists.
HELDOUT_FIRST = [
    "Yara",
    "Noud",
    "Fenna",
    "Sem",
    "Aylin",
    "Dewi",
    "Mohammed",
    "Ilias",
    "Jolanda",
    "Gerrit",
    "Wilma",
    "Hennie",
    "Marloes",
    "Sjoerd",
    "Brechtje",
    "Tjitske",
    "Gijs",
    "Floortje",
    "Nadia",
    "Bilal",
    "Samira",
    "Ricardo",
    "Shanti",
    "Priya",
    "Kofi",
    "Ama",
    "Dirkje",
    "Wietske",
    "Hidde",
    "Jesse",
    "Melvin",
    "Demi",
    "Kimberley",
    "Rowan",
    "Luuk",
    "Mirthe",
    "Ayoub",
    "Fatima",
    "Hatice",
    "Cem",
]
HELDOUT_LAST = [
    "Brouwers",
    "Stokman",
    "Haverkamp",
    "Tuinstra",
    "Meijerink",
    "Ouwehand",
    "Kleinjan",
    "Boersma",
    "Wassenaar",
    "Zwaagstra",
    "Doornbos",
    "Lubbers",
    "Smeenk",
    "Kraaijeveld",
    "Haverkort",
    "Yilmaz",
    "El",
    "Amrani",
    "Bakkali",
    "Pinas",
    "Kartosen",
    "Nijenhuis",
    "Oudshoorn",
    "Vermeulen",
    "Teunissen",
    "Hofstede",
    "Scholten",
    "Mulders",
]
PARTICLES = ("", "", "", "van", "de", "van der", "van den", "ter", "van de", "den")
TOWNS = [
    "Zwolle",
    "Tilburg",
    "Leeuwarden",
    "Almere",
    "Venlo",
    "Emmen",
    "Gouda",
    "Assen",
    "Deventer",
    "Hengelo",
    "Sneek",
    "Heerlen",
    "Roermond",
    "Middelburg",
    "Zaandam",
    "Purmerend",
    "Alkmaar",
    "Hoorn",
    "Kampen",
    "Meppel",
    "Oss",
    "Uden",
    "Weert",
    "Delft",
]
AGENCY_TOWNS = [
    "Utrecht",
    "Rotterdam",
    "Amsterdam",
    "Den Haag",
    "Eindhoven",
    "Groningen",
    "Arnhem",
    "Nijmegen",
    "Enschede",
    "Breda",
    "Apeldoorn",
    "Haarlem",
    "Leiden",
    "Zoetermeer",
    "Dordrecht",
    "Maastricht",
    "Amersfoort",
    "Lelystad",
]
REGIONS = ("Drechtsteden", "Rijk van Nijmegen", "Midden-Holland", "Zuid-Kennemerland", "Twente")
BENEFITS = ("WW", "WIA", "Wajong", "bijstand", "Ziektewet", "Wsw", "Wmo", "IOAW", "WGA", "Tozo")
STREETS = ("Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Lindelaan", "Beukenhof")
STREETS_ABBR = ("Dorpsstr.", "Kerkstr.", "Stationsstr", "Julianaln.", "Hoofdstr.", "Molenstr.")
# Surnames that are also ordinary words: only a title tells them apart.
COMMON_SURNAMES = ("Arts", "Bakker", "Visser", "Smit", "Koster", "Boer", "Mulder", "Schipper")
COMMON_SURNAMES += ("Kok", "Dekker", "Post", "Wolf", "Vos")
DOMAINS = ("gmail.com", "hotmail.com", "live.nl", "ziggo.nl", "kpnmail.nl", "outlook.com")

FILLER = (
    "ik zit sinds maart in de {benefit} en het gaat niet goed",
    "de [[keep:{agency}]] wil dat ik solliciteer maar ik ben nog ziek",
    "heb 20 jaar gewerkt en nu dit",
    "na de keuring kreeg ik een brief van het [[keep:UWV]]",
    "weet iemand hoe het zit met de {benefit} als je parttime werkt",
    "Ik heb bezwaar gemaakt en wacht nu al zes weken",
    "Slot. Ik ben er klaar mee.",
    "Mijn re-integratiebedrijf doet niks, even geen zin meer",
    "de [[keep:SVB]] zegt iets anders dan de gemeente",
    "Bij [[keep:{agency}]] moest ik alles drie keer inleveren",
    "Tip: vraag altijd om een verslag van het gesprek.",
    "zo herkenbaar dit, sterkte",
    "Ik werk 12 uur per week en krijg aanvulling vanuit de {benefit}",
    "mn uitkering is 3 weken te laat",
    "Na 2 jaar ziekte kwam de WIA keuring",
    "roos in de tuin doet het goed, dat is tenminste iets",
    "Even een update: het bezwaar is toegekend!",
)
DEV_TEMPLATES = (
    "groetjes, {first_l}",
    "dank je {first_l} voor je reactie",
    "zoals {pfirst_l} al zei moet je bezwaar maken",
    "ik sprak mevrouw {particle_sur_l} van de gemeente",
    "Mevrouw {sur_common} was heel aardig",
    "mijn klantmanager {first_l} {sur_l} belt nooit terug",
    "mijn man {first_l} is ook ziek",
    "Mijn dochter {first} woont nog thuis",
    "mail me: {email}",
    "mijn mail is {email}",
    "bel me op {phone}",
    "mijn bsn is {bsn} staat op de brief",
    "Het rekeningnummer is {iban}",
    "ik woon op {address}, {postcode} {town_place}",
    "postcode {postcode} als je langs wilt komen",
    "volg me op insta: {handle}",
    "kijk op mijn cv: {url}",
    "ik woon in [[place:{town}]] en werk bij een bakker",
    "ik ben {pusername_variant} hier op het forum",
    "Hoi {pfirst_l}, wat naar voor je",
    "Bij de [[keep:gemeente {agency_town}]] doen ze het anders",
    "[[keep:Werkplein {region}]] heeft een spreekuur",
    "meneer {particle_sur} van het [[keep:UWV {agency_town}]] zei dat het mocht",
    "| naam | {first} {sur} |\n| klantnummer | [[bsn:{bsn_plain}]] |",
    "Gr,\n{first}",
)
HELDOUT_TEMPLATES = (
    "liefs {first_l}",
    "thanks {first_l}!!",
    "net als {pfirst_l} al zei",
    "Dhr. {sur} van de sociale dienst",
    "mevr {particle_sur_l} is mijn nieuwe consulente",
    "onze zoon {first_l} heeft wajong",
    "mijn werkcoach {first} {sur} is top",
    "stuur maar een berichtje naar {email}",
    "app me {phone}",
    "BSN: {bsn}",
    "iban {iban} voor de terugbetaling",
    "adres is {address} in {postcode}",
    "{postcode} {town_place}",
    "zoek me op tiktok {handle}",
    "mijn profiel {url}",
    "ik kom uit [[place:{town}]]",
    "@{pusername} klopt helemaal",
    "zoals {pusername_variant} schreef",
    "de [[keep:Sociale Dienst {region}]] is streng",
    "[[keep:UWV {agency_town}]] belt morgen",
    "Groetjes,\n{first} {sur}",
    "mvg {first_l} {sur_l}",
    "Mevrouw {sur_common} van het UWV",
)


def _names(rng: random.Random, heldout: bool) -> tuple[list[str], list[str]]:
    if heldout:
        return list(HELDOUT_FIRST), list(HELDOUT_LAST)
    common = lookups.deduce_common_words()  # not ours: tuning our lists must not move the corpus
    first = sorted(
        n for n in lookups.first_names() if n.isalpha() and len(n) >= 3 and n not in common
    )
    last = sorted(n for n in lookups.surnames() if n.isalpha() and len(n) >= 4 and n not in common)
    return [n.title() for n in rng.sample(first, 300)], [n.title() for n in rng.sample(last, 300)]


def _email(rng: random.Random, first: str, sur: str) -> str:
    local = rng.choice([f"{first}.{sur}", f"{first}{rng.randint(1, 99)}", f"{first[0]}{sur}"])
    local = local.lower().replace(" ", "")
    name, tld = rng.choice(DOMAINS).split(".")
    return rng.choice(
        [
            f"{local}@{name}.{tld}",
            f"{local} @ {name}.{tld}",
            f"{local}(at){name}(dot){tld}",
            f"{local} at {name} punt {tld}",
            f"{local}[at]{name}.{tld}",
            f"{local.upper()}@{name.upper()}.{tld.upper()}",
        ]
    )


def _phone(rng: random.Random) -> str:
    d = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return rng.choice(
        [
            f"06{d}",
            f"06-{d}",
            f"06 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
            f"+31 6 {d}",
            f"+316{d}",
            f"0031 6 {d[:4]} {d[4:]}",
            f"(06) {d}",
            f"020-{d[:3]} {d[3:7]}",
        ]
    )


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, [*digits, last]))


def _group_bsn(rng: random.Random, bsn: str) -> str:
    return rng.choice(
        [
            bsn,
            f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}",
            f"{bsn[:2]} {bsn[2:4]} {bsn[4:6]} {bsn[6:]}",
            f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}",
            f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}",
        ]
    )


def _iban(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB"])
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    check = 98 - int("".join(str(int(c, 36)) for c in bank + account + "NL00")) % 97
    iban = f"NL{check:02d}{bank}{account}"
    groups = [iban[i : i + 4] for i in range(0, len(iban), 4)]
    sep = rng.choice([" ", ".", "-", "", " "])
    text = sep.join(groups)
    return text.lower() if rng.random() < 0.3 else text


def _postcode(rng: random.Random) -> str:
    n = rng.randint(1000, 9999)
    letters = "".join(rng.choice("ABCDEGHJKLMNPRTVWXZ") for _ in range(2))
    return rng.choice([f"{n} {letters}", f"{n}{letters}", f"{n} {letters.lower()}"])


def _address(rng: random.Random) -> str:
    street = rng.choice(STREETS + STREETS_ABBR)
    number = f"{rng.randint(1, 250)}{rng.choice(['', '', 'a', 'b', '-2', ' bis'])}"
    text = f"{street} {number}"
    return text.lower() if rng.random() < 0.25 else text


def _variant(rng: random.Random, username: str) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return username.replace("_", "").replace(".", "")
    if choice == 1:
        return f"{username}{rng.randint(1, 99)}"
    if choice == 2:
        i = next((k for k, c in enumerate(username) if c.isalpha() and k > 0), 1)
        return username[:i] + username[i] + username[i:]
    return username.replace("_", ".")


def _person(rng: random.Random, first: list[str], last: list[str]) -> dict[str, str]:
    f, s = rng.choice(first), rng.choice(last)
    particle = rng.choice(PARTICLES)
    full_sur = f"{particle} {s}".strip()
    username = rng.choice(
        [f"{f.lower()}_{s[:2].lower()}", f"{f.lower()}{s.lower()}", f"{f[0].lower()}.{s.lower()}"]
    )
    return {"username": username, "name": f"{f} {full_sur}", "first": f, "sur": full_sur}


def _fill(template: str, rng: random.Random, pool: tuple[list[str], list[str]], people) -> str:
    first_names, last_names = pool
    first, sur = rng.choice(first_names), rng.choice(last_names)
    particle_sur = f"{rng.choice(PARTICLES[3:])} {sur}"
    author = people[rng.randrange(len(people))]
    bsn = _bsn(rng)
    values = {
        "first": f"[[name:{first}]]",
        "first_l": f"[[name:{first.lower()}]]",
        "sur": f"[[name:{sur}]]",
        "sur_l": f"[[name:{sur.lower()}]]",
        "particle_sur": f"[[name:{particle_sur}]]",
        "particle_sur_l": f"[[name:{particle_sur.lower()}]]",
        "sur_common": f"[[name:{rng.choice(COMMON_SURNAMES)}]]",
        "pfirst_l": f"[[name:{author['first'].lower()}]]",
        "pusername": f"[[username:{author['username']}]]",
        "pusername_variant": f"[[username:{_variant(rng, author['username'])}]]",
        "email": f"[[email:{_email(rng, first, sur)}]]",
        "phone": f"[[phone:{_phone(rng)}]]",
        "bsn": f"[[bsn:{_group_bsn(rng, bsn)}]]",
        "bsn_plain": bsn,
        "iban": f"[[iban:{_iban(rng)}]]",
        "postcode": f"[[postcode:{_postcode(rng)}]]",
        "address": f"[[address:{_address(rng)}]]",
        "town": rng.choice(TOWNS),
        "town_place": f"[[place:{rng.choice(TOWNS)}]]",
        "handle": "[[username:"
        + rng.choice([f"{first.lower()}_{sur.lower()}", f"{first.lower()}.{sur[:3].lower()}"])
        + f"{rng.choice(['', '88', '_nl', 'x'])}]]",
        "url": rng.choice(
            [
                f"werk.nl/cv/[[name:{first.lower()}-{sur.lower()}]]-{rng.choice(TOWNS).lower()}",
                f"https://www.werk.nl/werkzoekenden/cv/[[name:{first.lower()}{sur.lower()}]]",
                f"[[url:https://{first.lower()}{sur.lower()}.nl/over-mij]]",
            ]
        ),
        "agency_town": rng.choice(AGENCY_TOWNS),
        "region": rng.choice(REGIONS),
        "benefit": f"[[keep:{rng.choice(BENEFITS)}]]",
        "agency": rng.choice(["UWV", "SVB", "gemeente " + rng.choice(AGENCY_TOWNS)]),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def _outside_markup(marked: str, change) -> str:
    out, pos = [], 0
    for m in _MARK.finditer(marked):
        out.append(change(marked[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(change(marked[pos:]))
    return "".join(out)


STYLES = ("plain", "lowercase", "sms", "nopunct")


def _style(marked: str, style: str) -> str:
    if style == "lowercase":
        return re.sub(
            r"(\[\[\w+:)(.*?)(\]\])",
            lambda m: m.group(1) + m.group(2).lower() + m.group(3),
            marked.lower(),
        )
    if style == "sms":
        sms = {" je ": " je ", " ik ": " ik ", "even": "ff", "eigenlijk": "eig", "weet ": "wt "}

        def change(part: str) -> str:
            for a, b in sms.items():
                part = part.replace(a, b)
            return part.replace("niet", "nie")

        return _outside_markup(marked.lower(), change)
    if style == "nopunct":
        return _outside_markup(marked, lambda p: re.sub(r"[.,!?;:](?=\s|$)", "", p))
    return marked


def generate_posts(count: int, seed: int, heldout: bool) -> list[dict[str, object]]:
    rng = random.Random(seed)
    pool = _names(rng, heldout)
    templates = HELDOUT_TEMPLATES if heldout else DEV_TEMPLATES
    posts = []
    for n in range(count):
        people = [_person(rng, *pool) for _ in range(rng.randint(1, 3))]
        parts = [_fill(rng.choice(FILLER), rng, pool, people)]
        for _ in range(rng.randint(1, 3)):
            parts.append(
                _fill(
                    templates[(n + _) % len(templates)] if _ == 0 else rng.choice(templates),
                    rng,
                    pool,
                    people,
                )
            )
            if rng.random() < 0.5:
                parts.append(_fill(rng.choice(FILLER), rng, pool, people))
        rng.shuffle(parts[1:])
        joiner = rng.choice([". ", "\n", " ", "\n\n"])
        style = rng.choice(STYLES)
        text, spans = parse(_style(joiner.join(parts), style))
        posts.append(
            {
                "id": f"{'heldout' if heldout else 'dev'}-{n:04d}",
                "split": "heldout" if heldout else "dev",
                "style": style,
                "text": text,
                "people": [{"username": p["username"], "name": p["name"]} for p in people],
                "spans": spans,
            }
        )
    return posts


def handwritten(source: Path = HANDWRITTEN, split: str = "hand") -> list[dict[str, object]]:
    """Posts written by hand in handwritten.txt (or redteam.txt): a "## people: user=Name; ..."
    line, then the marked-up text; posts are separated by a line "----"."""
    posts = []
    for n, chunk in enumerate(source.read_text(encoding="utf-8").split("\n----\n")):
        lines = chunk.strip("\n").split("\n")
        people = []
        if lines and lines[0].startswith("## people:"):
            for item in lines.pop(0).removeprefix("## people:").split(";"):
                if "=" in item:
                    username, name = item.split("=", 1)
                    people.append({"username": username.strip(), "name": name.strip()})
        text, spans = parse("\n".join(lines).strip())
        if text:
            posts.append(
                {
                    "id": f"{split}-{n:03d}",
                    "split": split,
                    "style": split,
                    "text": text,
                    "people": people,
                    "spans": spans,
                }
            )
    return posts


def build() -> str:
    posts = [
        *generate_posts(300, seed=11, heldout=False),
        *generate_posts(200, seed=2027, heldout=True),
        *handwritten(),
        *handwritten(REDTEAM, "redteam"),
        *handwritten(REDTEAM2, "redteam2"),
    ]
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when corpus.jsonl is stale")
    args = parser.parse_args(argv)
    content = build()
    if args.check:
        same = CORPUS.exists() and CORPUS.read_text(encoding="utf-8") == content
        print("corpus is up to date" if same else "corpus.jsonl is stale: regenerate it")
        return 0 if same else 1
    CORPUS.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10))} posts to {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
