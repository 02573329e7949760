"""Two terms (届) of every jurisdiction with their rounds, teams, inspections and targets.

Term 1 is over: every round inspected its share of the term's population (top-level inspectable
organisations, as ``planning.coverage`` counts them) and is archived. Term 2 is under way on ``AS_OF``: its
earlier rounds are at the stage their dates give, the current round is stationed, the next one is planned
with its teams, and the rounds after it have no teams yet. Steps are recorded as ``StatusChange`` rows on
their days, leaders are authorised per round and members' declarations are on file before stationing.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xuncha.core.models import StatusChange
from xuncha.datasets import pool
from xuncha.datasets.context import AS_OF, Context, JurisdictionInfo
from xuncha.datasets.places import INSPECTION_TOPICS
from xuncha.demo import data
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    InspectionTarget,
    InspectionType,
    MemberDeclaration,
    MembershipRole,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.workflow import InspectionStatus as S
from xuncha.orgs.models import JurisdictionLevel
from xuncha.taxonomy.models import Framework

d = datetime.date
TERMS = ((11, "十一届", d(2019, 1, 1), d(2023, 12, 31)), (12, "十二届", d(2024, 1, 1), d(2028, 12, 31)))
CURRENT_ENTRY = d(2026, 10, 15)  # the stationed round of term 2
# (transition, status after it, days after entry (negative: before) or after withdrawal)
STEPS: tuple[tuple[str, str, str, int], ...] = (
    ("prepare", S.PLANNED, S.PREPARING, -20),
    ("station", S.PREPARING, S.STATIONED, 0),
    ("withdraw", S.STATIONED, S.REPORTING, 0),
    ("deliver_feedback", S.REPORTING, S.FEEDBACK, 30),
    ("open_rectification", S.FEEDBACK, S.RECTIFYING, 40),
    ("close_rectification", S.RECTIFYING, S.EVALUATING, 160),
    ("archive", S.EVALUATING, S.ARCHIVED, 220),
)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return d(day.year + total // 12, total % 12 + 1, day.day)


def _frameworks(ctx: Context, day: datetime.date) -> tuple[int | None, int | None]:
    cache: dict[int, tuple[int | None, int | None]] = ctx.__dict__.setdefault("_frameworks", {})
    key = day.year * 100 + day.month
    if key not in cache:
        focus, rules = Framework.for_date(day, "focus"), Framework.for_date(day, "eight_rules")
        cache[key] = (focus.pk if focus else None, rules.pk if rules else None)
    return cache[key]


def _steps(entry: datetime.date, withdrawal: datetime.date) -> list[tuple[str, str, str, datetime.date]]:
    """The steps an inspection has taken by AS_OF, with their days."""
    done = []
    for name, old, new, offset in STEPS:
        day = entry + datetime.timedelta(days=offset) if name in ("prepare", "station") else \
            withdrawal + datetime.timedelta(days=offset)
        if day > AS_OF:
            break
        done.append((name, old, new, day))
    return done


def _split(items: list[int], parts: int) -> list[list[int]]:
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def per_jurisdiction(ctx: Context, j: JurisdictionInfo) -> None:
    rng, size = ctx.rng, ctx.size
    rounds_n = size.rounds_per_term
    current = max(0, min(rounds_n - 2, rounds_n // 2 + 1))  # the stationed round; the next is planned
    teams_n = pool.teams_per_round(ctx, j)
    field_days = 45 if j.level == JurisdictionLevel.COUNTY else 60
    inspection_ct = ContentType.objects.get_for_model(Inspection).pk
    team_ct = ContentType.objects.get_for_model(Team).pk
    word = "巡视组" if j.level == JurisdictionLevel.PROVINCE else "巡察组"
    on_team: set[int] = set()
    for t, (number, name, start, end) in enumerate(TERMS):
        term = Term(id=ctx.new_id(Term), jurisdiction_id=j.obj.pk, number=number, name=name, start_date=start,
                    end_date=end)
        ctx.add(term)
        j.term_ids.append(term.pk)
        population = list(j.population)
        rng.shuffle(population)
        chunks = _split(population, rounds_n)
        for k in range(rounds_n):
            entry = _add_months(d(2019, 4, 15), 6 * k) if t == 0 else _add_months(CURRENT_ENTRY, 6 * (k - current))
            withdrawal = entry + datetime.timedelta(days=field_days)
            focus, rules = _frameworks(ctx, entry)
            rnd = Round(id=ctx.new_id(Round), term_id=term.pk, jurisdiction_id=j.obj.pk, number=k + 1,
                        name=f"{name}{j.place.committee_short}第{k + 1}轮巡察"[:60], year=entry.year,
                        planned_start=entry, planned_end=withdrawal, focus_framework_id=focus,
                        eight_rules_framework_id=rules)
            ctx.add(rnd)
            j.round_ids.append(rnd.pk)
            if teams_n == 0 or (t == 1 and k > current + 1) or not chunks[k]:
                continue
            busy: set[int] = set()
            targets_by_team = [c for c in _split(chunks[k], teams_n) if c]
            for n, targets in enumerate(targets_by_team, start=1):
                team = Team(id=ctx.new_id(Team), round_id=rnd.pk, number=n,
                            name=f"{j.place.committee_short}第{data.CN_ORDINALS[(n - 1) % 10]}{word}"[:60],
                            home_jurisdiction_id=j.obj.pk)
                seats = _compose(ctx, j, busy, set(targets))
                special = rng.random() < 0.1
                insp = Inspection(
                    id=ctx.new_id(Inspection), round_id=rnd.pk, jurisdiction_id=j.obj.pk, team_id=team.pk,
                    code=f"{j.obj.division_code}-{number}-{k + 1:02d}-{n:02d}",
                    inspection_type=InspectionType.SPECIAL if special else InspectionType.ROUTINE,
                    special_topic=rng.choice(INSPECTION_TOPICS) if special else "",
                    planned_entry=entry, planned_withdrawal=withdrawal,
                )
                steps = _steps(entry, withdrawal)
                _record_steps(ctx, j, insp, steps, inspection_ct)
                _confirm_team(ctx, j, team, insp, team_ct)
                ctx.add(team)
                ctx.add(insp)
                j.inspection_ids.append(insp.pk)
                for org in targets:
                    ctx.add(InspectionTarget(inspection_id=insp.pk, organization_id=org))
                _memberships(ctx, j, team, seats, entry, insp.status, rnd.number)
                if t == 1 and k == current:
                    j.current_teams[team.pk] = {role: [p for p, r in seats if r == role]
                                                for role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER,
                                                             MembershipRole.MEMBER)}
                    j.current_targets.extend(targets)
                    on_team.update(p for p, _ in seats)
    pool.write(ctx, j, on_team)


def _compose(ctx: Context, j: JurisdictionInfo, busy: set[int], targets: set[int]) -> list[tuple[int, str]]:
    """5–8 seats from the pool: a leader fit to lead, one or two deputies, members and a liaison officer;
    nobody twice in a round, nobody from an organisation the team inspects."""
    rng = ctx.rng
    free = [(p, can) for p, org, can in j.pool if p not in busy and org not in targets]
    rng.shuffle(free)
    leads = [p for p, can in free if can]
    others = [p for p, can in free if not can]
    seats: list[tuple[int, str]] = []

    def take(source: list[int], n: int, role: str) -> None:
        for _ in range(min(n, len(source))):
            person = source.pop()
            busy.add(person)
            seats.append((person, role))

    take(leads or others, 1, MembershipRole.LEADER)
    take(leads if len(leads) >= 2 else others, rng.choice((1, 1, 2)), MembershipRole.DEPUTY_LEADER)
    take(others, rng.randint(2, 4), MembershipRole.MEMBER)
    take(others, 1, MembershipRole.LIAISON_OFFICER)
    return seats


def _record_steps(ctx: Context, j: JurisdictionInfo, insp: Inspection,
                  steps: list[tuple[str, str, str, datetime.date]], content_type: int) -> None:
    created = timezone.make_aware(datetime.datetime.combine(
        insp.planned_entry - datetime.timedelta(days=45), datetime.time(10, 0)))
    insp.created_at = insp.updated_at = created
    for i, (name, old, new, day) in enumerate(steps):
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)) +
                                 datetime.timedelta(minutes=10 * i))
        ctx.add(StatusChange(content_type_id=content_type, object_id=insp.pk, transition=name, old_status=old,
                             new_status=new, actor_id=cast(int, j.director_user), actor_role="office_director",
                             created_at=at))
        insp.status, insp.updated_at = new, at
        if name == "station":
            insp.stationed_on = day
        elif name == "withdraw":
            insp.withdrawn_on = day
        elif name == "deliver_feedback":
            insp.feedback_on = day


def _confirm_team(ctx: Context, j: JurisdictionInfo, team: Team, insp: Inspection, content_type: int) -> None:
    """A team that has gone in had its composition confirmed (the team workflow's step) a week before."""
    if insp.status in (S.PLANNED, S.PREPARING):
        return
    at = timezone.make_aware(datetime.datetime.combine(insp.planned_entry - datetime.timedelta(days=8),
                                                       datetime.time(10, 0)))
    team.status = TeamStatus.FORMED
    ctx.add(StatusChange(content_type_id=content_type, object_id=team.pk, transition="confirm",
                         old_status=TeamStatus.FORMING, new_status=TeamStatus.FORMED,
                         actor_id=cast(int, j.director_user), actor_role="office_director", created_at=at))


def _memberships(ctx: Context, j: JurisdictionInfo, team: Team, seats: list[tuple[int, str]],
                 entry: datetime.date, status: str, round_number: int) -> None:
    started = status != S.PLANNED
    stationed = status not in (S.PLANNED, S.PREPARING)
    for order, (person, role) in enumerate(seats):
        m = TeamMembership(id=ctx.new_id(TeamMembership), team_id=team.pk, person_id=person, role=role, order=order)
        if started and role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER):
            m.authorized_on = entry - datetime.timedelta(days=10)
            m.authorization_ref = f"{j.place.base}巡〔{entry.year}〕{round_number}号"[:40]
        ctx.add(m)
        if stationed:
            for kind in DeclarationKind.values:
                ctx.add(MemberDeclaration(membership_id=m.pk, kind=kind, signed_on=entry - datetime.timedelta(days=7),
                                          recorded_by_id=cast(int, j.director_user)))
