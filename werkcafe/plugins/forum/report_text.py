"""Every sentence of the knelpunten report, in Dutch and English (B1; same meaning)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Knelpunten {quarter}",
        "index_title": "Knelpunten",
        "running": "loopt nog: voorlopige cijfers",
        "intro": "Waar lopen mensen vast met uitkeringen en instanties? Dit rapport zet de "
                 "negatieve ervaringen van het Werkcafé-forum in {quarter} op een rij. Het is "
                 "gemaakt voor cliëntenraden, belangenbehartigers, UWV en gemeenten.",
        "made": "Gemaakt op {date} uit de openbare gesprekken op het forum.",
        "permanent": "Vaste link naar dit rapport",
        "latest_note": "Dit is het rapport over het laatste volledige kwartaal.",
        "other": "Andere kwartalen",
        "feed": "Volg nieuwe rapporten (Atom-feed)",
        "total": "Negatieve ervaringen in dit kwartaal: {n}.",
        "lines": "De grootste knelpunten",
        "lines_intro": "Combinaties van regeling, instantie en thema met de meeste negatieve "
                       "ervaringen (minstens {threshold}).",
        "no_lines": "Geen combinatie had dit kwartaal {threshold} of meer negatieve ervaringen. "
                    "Kleinere aantallen tonen we niet.",
        "regeling": "Regeling", "instantie": "Instantie", "thema": "Thema",
        "gemeente": "Gemeente", "count": "Negatief", "recognised": "Herkend",
        "previous": "Tegen vorig kwartaal ({quarter})",
        "year_ago": "Tegen een jaar eerder ({quarter})",
        "too_few": "te weinig ervaringen om te vergelijken",
        "hidden": "niet te vergelijken: aantal verborgen",
        "threads": "De gesprekken achter deze regels",
        "negatives": "{n} negatieve ervaringen",
        "recognised_title": "Meest herkend",
        "recognised_intro": "Negatieve ervaringen van dit kwartaal die de meeste mensen op "
                            "het forum herkennen.",
        "themes": "Thema's die stegen of daalden",
        "themes_intro": "Negatieve ervaringen per thema, tegen het vorige kwartaal. We "
                        "vergelijken alleen als beide aantallen minstens {threshold} zijn.",
        "rose": "Gestegen", "fell": "Gedaald", "no_themes": "Geen thema is te vergelijken "
                                                           "met het vorige kwartaal.",
        "not_comparable": "Te weinig ervaringen om te vergelijken voor: {names}.",
        "this_quarter": "Dit kwartaal ({quarter})",
        "chart_themes": "Staafdiagram: negatieve ervaringen per thema",
        "chart_lines": "Staafdiagram: de grootste knelpunten",
        "municipalities": "Per gemeente",
        "municipalities_intro": "Alleen gemeenten waar genoeg ervaringen zijn om een aantal "
                                "te tonen.",
        "no_municipalities": "Er zijn dit kwartaal niet genoeg ervaringen per gemeente om "
                             "aantallen te tonen.",
        "municipalities_hidden": "Te weinig ervaringen om aantallen te tonen voor: {names}.",
        "oordeel_heading": "Oordeel", "per_regeling": "Negatief per regeling",
        "method": "Zo tellen we",
        "method_counted": "Eén gesprek is één ervaring. We tellen alleen gesprekken in de "
                          "categorie Ervaringen die ook op deze site staan. Het kwartaal is "
                          "dat waarin het gesprek begon. Deelnemers kiezen zelf de tags voor "
                          "regeling, instantie, thema en oordeel. Wie geen of meer tags kiest, "
                          "telt als ‘onbekend’.",
        "method_suppressed": "Een aantal onder de {threshold} (ook 0) staat er als “<{threshold}”, "
                             "zodat niemand te herkennen is. Soms verbergen we ook een groter "
                             "aantal (“≥{threshold}”), zodat je een klein aantal niet kunt "
                             "terugrekenen. Een verschil tussen twee kwartalen tonen we alleen "
                             "als beide aantallen minstens {threshold} zijn.",
        "method_cannot": "Wat de cijfers niet zeggen: mensen kiezen zelf of ze iets delen. "
                         "De cijfers zijn dus niet representatief voor alle cliënten. Meer "
                         "ervaringen kan ook betekenen dat meer mensen het forum kennen. Ze "
                         "laten zien waar mensen vastlopen, niet hoe vaak dat gebeurt.",
        "method_ranking": "Volgorde: eerst het aantal negatieve ervaringen. Bij een gelijk "
                          "aantal staat bovenaan wat het vaakst herkend is. ‘Herkend’ is het "
                          "aantal mensen dat op het forum liet weten dat ze het eerste bericht "
                          "herkennen (een like). Eén persoon kan meer gesprekken herkennen.",
        "method_data": "De cijfers zelf, met uitleg, staan bij de open data.",
        "open_data": "Open data",
        "none": "Er zijn nog geen cijfers voor een rapport.",
    },
    "en": {
        "title": "Bottlenecks {quarter}",
        "index_title": "Bottlenecks",
        "running": "still running: provisional numbers",
        "intro": "Where do people get stuck with benefits and agencies? This report lists the "
                 "negative experiences on the Werkcafé forum in {quarter}. It is made for "
                 "client councils, advocates, UWV and municipalities.",
        "made": "Made on {date} from the public conversations on the forum.",
        "permanent": "Permanent link to this report",
        "latest_note": "This is the report on the last complete quarter.",
        "other": "Other quarters",
        "feed": "Follow new reports (Atom feed)",
        "total": "Negative experiences in this quarter: {n}.",
        "lines": "The biggest bottlenecks",
        "lines_intro": "Combinations of regulation, agency and theme with the most negative "
                       "experiences (at least {threshold}).",
        "no_lines": "No combination had {threshold} or more negative experiences this quarter. "
                    "We do not show smaller numbers.",
        "regeling": "Regulation", "instantie": "Agency", "thema": "Theme",
        "gemeente": "Municipality", "count": "Negative", "recognised": "Recognised",
        "previous": "Against previous quarter ({quarter})",
        "year_ago": "Against a year before ({quarter})",
        "too_few": "too few experiences to compare",
        "hidden": "cannot compare: number hidden",
        "threads": "The conversations behind these lines",
        "negatives": "{n} negative experiences",
        "recognised_title": "Most recognised",
        "recognised_intro": "Negative experiences of this quarter that most people on the forum "
                            "recognise.",
        "themes": "Themes that rose or fell",
        "themes_intro": "Negative experiences per theme, against the previous quarter. We only "
                        "compare when both numbers are at least {threshold}.",
        "rose": "Rose", "fell": "Fell", "no_themes": "No theme can be compared with the "
                                                     "previous quarter.",
        "not_comparable": "Too few experiences to compare for: {names}.",
        "this_quarter": "This quarter ({quarter})",
        "chart_themes": "Bar chart: negative experiences per theme",
        "chart_lines": "Bar chart: the biggest bottlenecks",
        "municipalities": "By municipality",
        "municipalities_intro": "Only municipalities with enough experiences to show a number.",
        "no_municipalities": "This quarter there are not enough experiences per municipality "
                             "to show numbers.",
        "municipalities_hidden": "Too few experiences to show numbers for: {names}.",
        "oordeel_heading": "Judgement", "per_regeling": "Negative by regulation",
        "method": "How we count",
        "method_counted": "One conversation is one experience. We only count conversations in "
                          "the Experiences category that are also on this site. The quarter is "
                          "the one in which the conversation started. Participants choose the "
                          "tags for regulation, agency, theme and judgement themselves. With no "
                          "tag or several tags, a conversation counts as ‘unknown’.",
        "method_suppressed": "A number below {threshold} (including 0) reads “<{threshold}”, so "
                             "that nobody can be recognised. Sometimes a larger number is hidden "
                             "too (“≥{threshold}”), so that a small one cannot be worked out. We "
                             "only show a change between two quarters when both numbers are at "
                             "least {threshold}.",
        "method_cannot": "What the numbers cannot say: people choose themselves whether they "
                         "share something. The numbers are therefore not representative of all "
                         "clients. More experiences can also mean that more people know the "
                         "forum. They show where people get stuck, not how often it happens.",
        "method_ranking": "Order: first the number of negative experiences. With equal numbers, "
                          "what is recognised most comes first. ‘Recognised’ is the number of "
                          "people who said on the forum that they recognise the first message "
                          "(a like). One person can recognise several conversations.",
        "method_data": "The numbers themselves, with an explanation, are in the open data.",
        "open_data": "Open data",
        "none": "There are no numbers for a report yet.",
    },
}
