"""Word lists for the synthetic workloads: invented people, titles, bodies, mechanisms and topics.

Everything is fiction. Names are assembled from common name parts of several cultures so that no list
entry is a real official; countries come from pycountry (sovereign-looking names only).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# --- name parts by culture -------------------------------------------------------------------------

SLAVIC_GIVEN_M = ["Arkady", "Bogdan", "Vsevolod", "Gleb", "Yaroslav", "Matvei", "Rodion", "Stanislav",
                  "Timofei", "Zakhar", "Lev", "Miroslav", "Savely", "Yegor", "Platon", "Radomir"]
SLAVIC_GIVEN_F = ["Vasilisa", "Zlata", "Miroslava", "Yaroslava", "Lyubov", "Snezhana", "Milana",
                  "Agniya", "Veselina", "Dobrava", "Taisiya", "Ulyana"]
SLAVIC_ROOTS = ["Belo", "Gromo", "Dubro", "Krasno", "Sokolo", "Zvezdo", "Morozo", "Lisitso", "Verkho",
                "Tolsto", "Yarovo", "Zhuravlo", "Boro", "Kovalo", "Ryabino", "Cherno", "Sedo", "Vetro"]
SLAVIC_SUFFIX_M = ["v", "vsky", "vich", "nin", "vtsev"]
SLAVIC_SUFFIX_F = ["va", "vskaya", "nina", "vtseva"]

VIET_FAMILY = ["Nguyễn", "Cao", "Lê", "Tôn", "Hoàng", "Huỳnh", "Vũ", "Khúc", "Đỗ", "Hồ", "Ngô",
               "Dương", "Lý", "Âu", "Kiều", "Mai", "Tạ", "Châu"]
VIET_MIDDLE = ["Văn", "Thị", "Quang", "Hữu", "Ngọc", "Quý", "Công", "Diệu", "Kim", "Bảo", "Gia"]
VIET_GIVEN = ["Hào", "Khải", "Khang", "Nhân", "Phong", "Tâm", "Thắng", "Uyên", "Vy", "Yến", "Khánh",
              "Luân", "Nhung", "Quyên", "Sang", "Thư", "Trí", "Tường", "Hiếu", "Đạt"]

JAPANESE_FAMILY_A = ["Kawa", "Taka", "Mori", "Yama", "Hoshi", "Ishi", "Kuro", "Matsu", "Naga", "Fuji",
                     "Shira", "Aki", "Hayashi", "Oka"]
JAPANESE_FAMILY_B = ["mura", "hara", "zaki", "moto", "shita", "kawa", "no", "gaki", "bayashi", "tani"]
JAPANESE_GIVEN = ["Haruki", "Sota", "Ren", "Yuto", "Kaito", "Minato", "Hinata", "Aoi", "Yui", "Mio",
                  "Sakura", "Rin", "Tsubasa", "Kohei", "Natsuki", "Emiko"]

KENYAN_GIVEN = ["Amani", "Baraka", "Jabali", "Kamaru", "Neema", "Nyokabi", "Wambui", "Zawadi", "Kipchumba",
                "Chebet", "Akinyi", "Makena", "Mumbua", "Tumaini", "Imani", "Jelimo"]
KENYAN_FAMILY = ["Wekesa", "Kiprotich", "Njoroge", "Otieno", "Mwangangi", "Wafula", "Karanja", "Omondi",
                 "Chepkoech", "Kibet", "Maina", "Muthoni", "Oduya", "Barasa", "Kilonzo", "Nyamweya"]

BRAZILIAN_GIVEN = ["Thiago", "Luana", "Rafaela", "Caio", "Leandro", "Bianca", "Otávio", "Heloísa",
                   "Murilo", "Yasmin", "Renata", "Joaquim", "Débora", "Vinícius"]
BRAZILIAN_FAMILY = ["Carvalho", "Albuquerque", "Nogueira", "Siqueira", "Azevedo", "Figueiredo", "Damasceno",
                    "Queiroz", "Teixeira", "Vasconcelos", "Brandão", "Sampaio", "Magalhães", "Pimentel"]

INDIAN_GIVEN = ["Aarav", "Ishaan", "Kavya", "Meera", "Rohan", "Sanjana", "Vikram", "Ananya", "Devika",
                "Harsha", "Nikhil", "Tanvi", "Pranav", "Lakshmi", "Siddharth", "Gauri"]
INDIAN_FAMILY = ["Raghavan", "Deshpande", "Kulkarni", "Iyengar", "Chatterjee", "Banerjee", "Menon",
                 "Pillai", "Rathore", "Saxena", "Trivedi", "Venkatesan", "Bhattacharya", "Naidu"]

GERMAN_GIVEN = ["Anselm", "Benedikt", "Clemens", "Dietlinde", "Friederike", "Gerlinde", "Hartmut",
                "Ingeborg", "Jörg", "Lieselotte", "Malte", "Roswitha", "Ulrich", "Wiebke"]
GERMAN_FAMILY_A = ["Stein", "Linden", "Eichen", "Hoch", "Roth", "Schwarz", "Wald", "Brunn", "Falken",
                   "Rosen", "Sonnen", "Weiden"]
GERMAN_FAMILY_B = ["berg", "feld", "hauser", "mann", "bach", "meier", "thal", "hofer", "brück", "städter"]

TURKISH_GIVEN = ["Emre", "Selin", "Burak", "Deniz", "Elif", "Kaan", "Zeynep", "Onur", "Ebru", "Tolga"]
TURKISH_FAMILY = ["Yıldırımoğlu", "Karabulut", "Aksoy", "Öztürkmen", "Çelikkaya", "Dumanlı", "Erdemir",
                  "Gökçen", "Kocabaş", "Tunalı"]

CULTURES = ("slavic", "viet", "japanese", "kenyan", "brazilian", "indian", "german", "turkish")

# Countries whose officials get names of a given culture; every other country draws one by hash.
COUNTRY_CULTURE = {
    "RU": "slavic", "BY": "slavic", "UA": "slavic", "BG": "slavic", "RS": "slavic", "PL": "slavic",
    "VN": "viet", "JP": "japanese", "KE": "kenyan", "TZ": "kenyan", "UG": "kenyan", "BR": "brazilian",
    "PT": "brazilian", "AO": "brazilian", "MZ": "brazilian", "IN": "indian", "NP": "indian",
    "DE": "german", "AT": "german", "CH": "german", "TR": "turkish", "AZ": "turkish",
}


def person_name(rng: random.Random, culture: str) -> str:
    """An invented full name in the customary order of `culture`."""
    female = rng.random() < 0.4
    if culture == "slavic":
        given = rng.choice(SLAVIC_GIVEN_F if female else SLAVIC_GIVEN_M)
        suffix = rng.choice(SLAVIC_SUFFIX_F if female else SLAVIC_SUFFIX_M)
        return f"{given} {rng.choice(SLAVIC_ROOTS)}{suffix}"
    if culture == "viet":
        middle = "Thị" if female else rng.choice(VIET_MIDDLE)
        return f"{rng.choice(VIET_FAMILY)} {middle} {rng.choice(VIET_GIVEN)}"
    if culture == "japanese":
        return f"{rng.choice(JAPANESE_GIVEN)} {rng.choice(JAPANESE_FAMILY_A)}{rng.choice(JAPANESE_FAMILY_B)}"
    if culture == "kenyan":
        first, second = rng.sample(KENYAN_GIVEN, 2)
        return f"{first} {second} {rng.choice(KENYAN_FAMILY)}" if rng.random() < 0.5 else (
            f"{first} {rng.choice(KENYAN_FAMILY)}")
    if culture == "brazilian":
        first, second = rng.sample(BRAZILIAN_FAMILY, 2)
        return f"{rng.choice(BRAZILIAN_GIVEN)} {first} {second}"
    if culture == "indian":
        first, second = rng.sample(INDIAN_GIVEN, 2)
        return f"{first} {second} {rng.choice(INDIAN_FAMILY)}" if rng.random() < 0.5 else (
            f"{first} {rng.choice(INDIAN_FAMILY)}")
    if culture == "german":
        return f"{rng.choice(GERMAN_GIVEN)} {rng.choice(GERMAN_FAMILY_A)}{rng.choice(GERMAN_FAMILY_B)}"
    first, second = rng.sample(TURKISH_GIVEN, 2)
    return f"{first} {second} {rng.choice(TURKISH_FAMILY)}" if rng.random() < 0.7 else (
        f"{first} {rng.choice(TURKISH_FAMILY)}")


def short_name(name: str) -> str:
    """How a later sentence refers to the person: the surname, or the given name for Vietnamese."""
    return name.split()[-1]


# --- countries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    culture: str
    parliament: str
    places: tuple[str, ...]


PARLIAMENTS = ["National Assembly", "Parliament", "Senate", "House of Representatives", "Federal Council",
               "People's Assembly", "National Council", "Grand Assembly", "Congress", "Chamber of Deputies"]


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """About 235 countries with a plain English name, ordered by code (deterministic)."""
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name = getattr(c, "common_name", None) or c.name
        if "," in name or "(" in name:
            continue
        h = sum(ord(ch) * (i + 1) for i, ch in enumerate(c.alpha_2))
        culture = COUNTRY_CULTURE.get(c.alpha_2, CULTURES[h % len(CULTURES)])
        subs = sorted(s.name for s in pycountry.subdivisions.get(country_code=c.alpha_2) or ()
                      if _plain_place(s.name))
        places = tuple(subs[:6]) or (name,)
        out.append(Country(c.alpha_2, name, culture, PARLIAMENTS[h % len(PARLIAMENTS)], places))
    return tuple(out)


def _plain_place(name: str) -> bool:
    words = name.split()
    return len(name) < 24 and all(w[0].isupper() and w.isalpha() for w in words) and len(words) <= 3


# --- offices, mechanisms, topics -------------------------------------------------------------------

# (title, organisation template); "{parliament}" and "{country}" are filled per country.
OFFICES = [
    ("President", "the Presidency of {country}"),
    ("Prime Minister", "the Government of {country}"),
    ("Deputy Prime Minister", "the Government of {country}"),
    ("Deputy Prime Minister and Minister of Foreign Affairs", "the Ministry of Foreign Affairs of {country}"),
    ("Minister of Foreign Affairs", "the Ministry of Foreign Affairs of {country}"),
    ("Deputy Minister of Foreign Affairs", "the Ministry of Foreign Affairs of {country}"),
    ("Minister of Industry and Trade", "the Ministry of Industry and Trade of {country}"),
    ("Minister of Defence", "the Ministry of Defence of {country}"),
    ("Minister of Education and Science", "the Ministry of Education and Science of {country}"),
    ("Minister of Energy", "the Ministry of Energy of {country}"),
    ("Speaker of the {parliament}", "the {parliament} of {country}"),
    ("Deputy Speaker of the {parliament}", "the {parliament} of {country}"),
    ("Chairman of the Foreign Affairs Committee of the {parliament}", "the {parliament} of {country}"),
    ("Ambassador", "the Embassy of {country}"),
    ("Governor of {place}", "the administration of {place}"),
]

MECHANISM_KINDS = [
    "Intergovernmental Committee on Economic and Industrial Cooperation",
    "Joint Commission on Economic Cooperation",
    "Intergovernmental Commission on Trade and Investment",
    "Joint Working Group on Energy Cooperation",
    "Strategic Dialogue on Diplomacy, Defence and Security",
    "Inter-Parliamentary Commission",
    "Joint Committee on Science and Technology",
    "Sub-Committee on Education Cooperation",
]

TOPICS = ["trade", "energy", "oil and gas", "education", "science and technology", "defence", "security",
          "tourism", "agriculture", "transport", "culture", "healthcare", "nuclear power", "investment",
          "digital transformation", "climate change", "logistics", "fisheries", "banking", "aviation"]

PARTNERSHIPS = ["Comprehensive Strategic Partnership", "Strategic Partnership", "Comprehensive Partnership",
                "traditional friendship"]

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
            8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth"}


def ordinal(n: int, words: bool = False) -> str:
    if words and n in ORDINALS:
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
