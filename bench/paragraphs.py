"""Paragraph templates of the synthetic corpus: talks, visits, sessions, anniversaries and filler.

Each builder takes the article's Context (its random generator, date, the two countries and officials)
and returns one paragraph. The wording imitates wire-service reports of bilateral talks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bench import lexicon as lx

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Official:
    name: str
    country: lx.Country
    title: str
    org: str

    @property
    def short(self) -> str:
        return lx.short_name(self.name)


@dataclass(frozen=True)
class Mechanism:
    name: str
    a: lx.Country
    b: lx.Country
    first_session: int

    def session(self, year: int) -> int:
        """Sessions are roughly annual: the number grows with the year."""
        return self.first_session + max(0, year - 2015)


@dataclass
class Context:
    rng: random.Random
    published: dt.date
    host: lx.Country
    guest: lx.Country
    a: Official  # the host official
    b: Official  # the guest official
    others: list[Official] = field(default_factory=list)
    mechanism: Mechanism | None = None

    def pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def topics(self, n: int) -> str:
        chosen = self.rng.sample(lx.TOPICS, n)
        return ", ".join(chosen[:-1]) + f" and {chosen[-1]}" if n > 1 else chosen[0]


def day_phrase(ctx: Context, back: int = 0) -> str:
    """How the text dates a past event: 'on April 3', 'on Thursday' or 'on April 3, 2024'."""
    day = ctx.published - dt.timedelta(days=back)
    style = ctx.rng.random()
    if style < 0.5:
        return f"on {MONTHS[day.month - 1]} {day.day}"
    if style < 0.75 and back < 6:
        return f"on {WEEKDAYS[day.weekday()]}"
    return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"


def future_phrase(ctx: Context) -> str:
    later = ctx.published + dt.timedelta(days=ctx.rng.randint(20, 300))
    return ctx.pick([f"in {MONTHS[later.month - 1]} {later.year}", "next month", "later this year",
                     f"in {MONTHS[later.month - 1]}"])


def mention(o: Official, other: lx.Country, rng: random.Random) -> str:
    """The first mention of an official, with title and country."""
    if o.title == "Ambassador":
        return f"Ambassador of {o.country.name} to {other.name} {o.name}"
    if rng.random() < 0.5:
        return f"{o.title} {o.name}"
    return f"{o.name}, {o.title} of {o.country.name},"


def lead(ctx: Context) -> str:
    a, b, host, guest = ctx.a, ctx.b, ctx.host, ctx.guest
    place, when = ctx.rng.choice(host.places), day_phrase(ctx, ctx.rng.randint(0, 3))
    b_full = f"{b.title} of {guest.name} {b.name}" if b.title != "Ambassador" else mention(b, host, ctx.rng)
    return ctx.pick([
        f"{a.title} {a.name} held talks with {b_full} in {place} {when}, discussing {ctx.topics(3)}.",
        f"{a.title} {a.name} received {b.name}, {b.title} of {guest.name}, in {place} {when}. The two "
        f"sides reviewed cooperation in {ctx.topics(2)} and agreed to deepen their "
        f"{ctx.pick(lx.PARTNERSHIPS)}.",
        f"During a meeting with {b_full} in {place} {when}, {a.title} {a.name} underlined the pivotal role "
        f"of cooperation between {host.name} and {guest.name} in advancing their "
        f"{ctx.pick(lx.PARTNERSHIPS)}.",
        f"{a.name}, {a.title} of {host.name}, met with {b.name}, {b.title} of {guest.name}, in {place} "
        f"{when} to discuss {ctx.topics(2)}.",
    ])


def visit(ctx: Context) -> str:
    a, b, host = ctx.a, ctx.b, ctx.host
    start = ctx.published - dt.timedelta(days=ctx.rng.randint(0, 2))
    end = start + dt.timedelta(days=ctx.rng.randint(1, 4))
    span = f"from {MONTHS[start.month - 1]} {start.day} to {end.day}" if start.month == end.month else (
        f"from {MONTHS[start.month - 1]} {start.day} to {MONTHS[end.month - 1]} {end.day}")
    if ctx.rng.random() < 0.6:
        return (f"{b.short} is paying an official visit to {host.name} {span} at the invitation of "
                f"{a.title} {a.name}. It is the first visit of a {b.title.lower()} of "
                f"{b.country.name} to {host.name} in {ctx.rng.randint(3, 15)} years.")
    return (f"{a.short} accepted with pleasure an invitation to pay an official visit to {b.country.name} "
            f"{future_phrase(ctx)}, and the two sides agreed to arrange it through diplomatic channels.")


def session(ctx: Context) -> str:
    mech = ctx.mechanism
    assert mech is not None
    year = ctx.published.year
    n = mech.session(year)
    num = lx.ordinal(n, words=ctx.rng.random() < 0.4)
    when = day_phrase(ctx, ctx.rng.randint(0, 2))
    return ctx.pick([
        f"{ctx.a.short} and {ctx.b.short} co-chaired the {num} meeting of the {mech.name} in "
        f"{ctx.rng.choice(ctx.host.places)} {when}.",
        f"The two officials reviewed the outcomes of the {lx.ordinal(max(1, n - 1))} session of the "
        f"{mech.name}, held in {ctx.rng.choice(ctx.guest.places)} in {year - 1}, and agreed that the "
        f"{num} session would take place {future_phrase(ctx)}.",
        f"On the same day, the {num} session of the {mech.name} opened in "
        f"{ctx.rng.choice(ctx.host.places)}, co-chaired by {ctx.a.name} and {ctx.b.name}.",
    ])


def anniversary(ctx: Context) -> str:
    years = ctx.rng.choice([10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80])
    year = ctx.published.year + ctx.rng.choice([0, 0, 1])
    what = ctx.pick(["the establishment of diplomatic relations", "diplomatic ties",
                     f"the {ctx.pick(lx.PARTNERSHIPS)}", "the Treaty on Friendship and Cooperation"])
    return ctx.pick([
        f"{ctx.host.name} and {ctx.guest.name} will celebrate the {lx.ordinal(years)} anniversary of {what} "
        f"in {year} ({year - years}-{year}).",
        f"The talks came as the two countries prepare to mark the {lx.ordinal(years, words=True)} "
        f"anniversary of {what} next year.",
    ])


def other_meeting(ctx: Context) -> str:
    c, d = (ctx.others + [ctx.a, ctx.b])[:2]
    return (f"Also {day_phrase(ctx, ctx.rng.randint(0, 3))}, {mention(c, d.country, ctx.rng)} met "
            f"{mention(d, c.country, ctx.rng)} to discuss {ctx.topics(2)}.").replace(",,", ",")


def trade(ctx: Context) -> str:
    value = ctx.rng.randint(2, 400) / 10
    return (f"Bilateral trade reached {value} billion USD in {ctx.published.year - 1}, up "
            f"{ctx.rng.randint(2, 40)} percent year on year. The two sides set a target of "
            f"{int(value * 2) + 1} billion USD by {ctx.published.year + ctx.rng.randint(3, 8)}, and pledged "
            f"to remove barriers to {ctx.topics(2)}.")


def gratitude(ctx: Context) -> str:
    return (f"{ctx.b.short} expressed gratitude to {ctx.host.name} for its support and affirmed that "
            f"{ctx.guest.name} always attaches importance to the {ctx.pick(lx.PARTNERSHIPS)} with "
            f"{ctx.host.name}. {ctx.b.short} congratulated the people of {ctx.host.name} on their "
            f"achievements in socio-economic development.")


def proposals(ctx: Context) -> str:
    return (f"{ctx.a.short} proposed that the two sides step up exchanges of delegations at all levels, "
            f"effectively implement the agreements signed by the two governments, and expand cooperation "
            f"in {ctx.topics(3)}. {ctx.a.short} also asked {ctx.guest.name} to facilitate the entry of "
            f"goods from {ctx.host.name} into its market.")


def parliament(ctx: Context) -> str:
    return (f"Highlighting the role of parliamentary diplomacy, the two sides agreed that the "
            f"{ctx.host.parliament} of {ctx.host.name} and the {ctx.guest.parliament} of {ctx.guest.name} "
            f"should coordinate closely at multilateral forums and oversee the implementation of "
            f"cooperation agreements.")


def regional(ctx: Context) -> str:
    return ("The two officials also exchanged views on regional and international issues of mutual "
            "concern, and agreed to continue supporting each other at multilateral forums, including the "
            "United Nations. They stressed the importance of settling disputes by peaceful means on the "
            "basis of international law.")


def culture(ctx: Context) -> str:
    return (f"On education and culture, {ctx.host.name} offers {ctx.rng.randint(50, 1500)} scholarships to "
            f"students from {ctx.guest.name} every year. The two sides agreed to organise cultural days and "
            f"to open more direct flights between major cities to promote tourism.")


def closing(ctx: Context) -> str:
    return ctx.pick([
        "The talks took place in a friendly and constructive atmosphere.",
        f"After the talks, the two officials witnessed the signing of {ctx.rng.randint(2, 9)} cooperation "
        f"documents in {ctx.topics(2)}.",
        f"Earlier the same day, {ctx.b.short} laid a wreath at a memorial in "
        f"{ctx.rng.choice(ctx.host.places)}.",
    ])


def energy(ctx: Context) -> str:
    return (f"Energy remains a pillar of the relationship. Companies from {ctx.guest.name} are taking "
            f"part in {ctx.rng.randint(2, 12)} oil and gas projects in {ctx.host.name}, and the two "
            f"sides discussed new projects in renewable energy and nuclear power. {ctx.a.short} called "
            "for more favourable conditions for investors and for a settlement of payments in national "
            "currencies.")


def quote(ctx: Context) -> str:
    return ("\"Our two countries share a long history of friendship and mutual trust, and we are "
            f"determined to turn it into concrete results in {ctx.topics(2)},\" {ctx.a.short} said. "
            f"{ctx.b.short} agreed, saying that {ctx.guest.name} regards {ctx.host.name} as a reliable "
            "partner in the region and stands ready to work together to implement the agreements "
            "reached by their leaders.")


def community(ctx: Context) -> str:
    return (f"The two sides also discussed support for the community of about "
            f"{ctx.rng.randint(2, 90) * 1000} citizens of {ctx.host.name} living and working in "
            f"{ctx.guest.name}, and agreed to simplify visa procedures for business travellers, students and "
            f"tourists.")


def defence(ctx: Context) -> str:
    return (f"On defence and security, the officials agreed to continue exchanging delegations, to train "
            f"personnel and to cooperate in fighting transnational crime, terrorism and cyber threats. They "
            f"noted that the joint working group on {ctx.pick(lx.TOPICS)} had met {ctx.rng.randint(2, 6)} "
            f"times since it was set up.")


FILLERS: list[Callable[[Context], str]] = [trade, gratitude, proposals, parliament, regional, culture, energy,
                                           quote, community, defence]


def headline(ctx: Context) -> str:
    return ctx.pick([
        f"{ctx.host.name} and {ctx.guest.name} step up cooperation in {ctx.pick(lx.TOPICS)}",
        f"{ctx.a.title} holds talks with {ctx.guest.name}'s {ctx.b.title.lower()}",
        f"{ctx.host.name}, {ctx.guest.name} look to deepen {ctx.pick(lx.PARTNERSHIPS)}",
        f"New impetus for {ctx.host.name}-{ctx.guest.name} relations",
    ])


def compose(ctx: Context) -> tuple[str, list[str]]:
    """A headline and the paragraphs of one article."""
    middle = [f(ctx) for f in ctx.rng.sample(FILLERS, ctx.rng.randint(5, len(FILLERS)))]
    if ctx.rng.random() < 0.5:
        middle.insert(0, visit(ctx))
    if ctx.mechanism is not None and ctx.rng.random() < 0.7:
        middle.insert(ctx.rng.randint(0, len(middle)), session(ctx))
    if ctx.rng.random() < 0.35:
        middle.insert(ctx.rng.randint(0, len(middle)), anniversary(ctx))
    if ctx.rng.random() < 0.4:
        middle.append(other_meeting(ctx))
    tail = [closing(ctx)] if ctx.rng.random() < 0.6 else []
    return headline(ctx), [lead(ctx), *middle, *tail]
