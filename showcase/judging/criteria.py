"""The rubric of a challenge: its criteria, in order, each with a name and a description in French and Arabic,
a weight (0: independent — scored and shown, never counted in the total) and an integer scale.

Once a judge has scored a criterion (a ReviewScore with a score exists), the criterion can no longer be deleted
nor its scale changed: the scores already given would silently disappear or fall outside the scale, and totals
already computed would no longer mean the same thing. Its names, description, weight and position may still
change: every stored review total is then recomputed from the stored scores (a counting criterion added after
reviews were submitted leaves their totals empty until it is scored)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from showcase.exceptions import InvalidInput, NotFound
from showcase.i18n import gettext as _
from showcase.judging import aggregation, audit
from showcase.judging.audit import actor_of as _actor
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Criterion, Review, ReviewScore

NAME_LENGTH = 150
DESCRIPTION_LENGTH = 2000
SCALE_LIMIT = 1000
WEIGHT_LIMIT = 100.0


async def criteria_of(challenge_id: int) -> list[dict]:
    """The challenge's criteria, ordered by position (then id)."""
    return await Criterion.select().where(Criterion.challenge == challenge_id).order_by(
        Criterion.position).order_by(Criterion.id)


async def scored_criteria(challenge_id: int) -> set[int]:
    """Ids of the criteria that at least one review has a score for (they are locked). One query."""
    rows = await ReviewScore.select(ReviewScore.criterion).where(
        (ReviewScore.review.challenge == challenge_id) & ReviewScore.score.is_not_null()).distinct()
    return {row["criterion"] for row in rows}


def as_aggregation(rows: Sequence[Mapping[str, Any]]) -> list[aggregation.Criterion]:
    """Criterion rows as the maths module's criteria, named by their id (as a string)."""
    return [aggregation.Criterion(name=str(row["id"]), weight=float(row["weight"]), maximum=float(row["scale_max"]))
            for row in rows]


def _integer(raw: str) -> int | None:
    raw = (raw or "").strip().replace("\u2212", "-")
    if raw.startswith("-"):
        return -int(raw[1:]) if raw[1:].isdigit() else None
    return int(raw) if raw.isdigit() else None


def _number(raw: str) -> float | None:
    raw = (raw or "").strip().replace(",", ".").replace("\u2212", "-")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def clean(values: Mapping[str, str]) -> dict:
    """A criterion form's fields, checked: the columns to store, or InvalidInput with a message per field.

    Pure (no I/O): names required in French and Arabic, weight a number ≥ 0, scale integers with min < max."""
    errors: dict[str, str] = {}
    name_fr = (values.get("name_fr") or "").strip()
    name_ar = (values.get("name_ar") or "").strip()
    description_fr = (values.get("description_fr") or "").strip()
    description_ar = (values.get("description_ar") or "").strip()
    for field, text in (("name_fr", name_fr), ("name_ar", name_ar)):
        if not text:
            errors[field] = _("Give the criterion a name.")
        elif len(text) > NAME_LENGTH:
            errors[field] = _("Keep the name under %(count)s characters.", count=NAME_LENGTH)
    for field, text in (("description_fr", description_fr), ("description_ar", description_ar)):
        if len(text) > DESCRIPTION_LENGTH:
            errors[field] = _("Keep the description under %(count)s characters.", count=DESCRIPTION_LENGTH)
    weight = _number(values.get("weight", ""))
    if weight is None:
        errors["weight"] = _("Enter the weight as a number, like 1 or 0.5 (0 makes the criterion independent).")
    elif weight < 0:
        errors["weight"] = _("The weight cannot be negative (0 makes the criterion independent).")
    elif weight > WEIGHT_LIMIT:
        errors["weight"] = _("The weight cannot be more than %(limit)s.", limit=int(WEIGHT_LIMIT))
    scale_min = _integer(values.get("scale_min", ""))
    scale_max = _integer(values.get("scale_max", ""))
    if scale_min is None:
        errors["scale_min"] = _("Enter the lowest score as a whole number, like 0 or 1.")
    elif abs(scale_min) > SCALE_LIMIT:
        errors["scale_min"] = _("Keep the scale between -%(limit)s and %(limit)s.", limit=SCALE_LIMIT)
    if scale_max is None:
        errors["scale_max"] = _("Enter the highest score as a whole number, like 5 or 10.")
    elif abs(scale_max) > SCALE_LIMIT:
        errors["scale_max"] = _("Keep the scale between -%(limit)s and %(limit)s.", limit=SCALE_LIMIT)
    if "scale_min" not in errors and "scale_max" not in errors and scale_min >= scale_max:  # type: ignore[operator]
        errors["scale_max"] = _("The highest score must be greater than the lowest score.")
    if errors:
        raise InvalidInput(errors)
    return {"name_fr": name_fr, "name_ar": name_ar, "description_fr": description_fr,
            "description_ar": description_ar, "weight": weight, "scale_min": scale_min, "scale_max": scale_max}


def _payload(row: Mapping[str, Any]) -> dict:
    return {"name_fr": row["name_fr"], "name_ar": row["name_ar"], "weight": row["weight"],
            "scale_min": row["scale_min"], "scale_max": row["scale_max"], "position": row["position"]}


def locked_message() -> str:
    return _("Judges have already scored this criterion: it can no longer be deleted and its scale can no longer "
             "change, or the scores already given would be lost or fall outside the scale. Its names, description "
             "and weight can still change.")


async def _get(challenge_id: int, criterion_id: int) -> dict:
    row = await Criterion.select().where((Criterion.id == criterion_id) & (Criterion.challenge == challenge_id)).first()
    if row is None:
        raise NotFound()
    return row


async def create(challenge_id: int, values: Mapping[str, str], *, actor: Any, now: datetime) -> dict:
    """Add a criterion at the end of the rubric."""
    fields = clean(values)
    async with judging_transaction(challenge_id):
        last = await Criterion.select(Criterion.position).where(Criterion.challenge == challenge_id).order_by(
            Criterion.position, ascending=False).first()
        fields["position"] = (last["position"] + 1) if last else 1
        row = (await Criterion.insert(Criterion(challenge=challenge_id, **fields)).returning(*Criterion.all_columns()))[0]
        await _recompute(challenge_id)
        await audit.append(challenge_id, action="criterion.created", actor=_actor(actor), subject=f"criterion:{row['id']}",
                           payload=_payload(row), now=now)
    return row


async def update(challenge_id: int, criterion_id: int, values: Mapping[str, str], *, actor: Any,
                 now: datetime) -> dict:
    """Change a criterion; its scale is locked once it has scores."""
    fields = clean(values)
    async with judging_transaction(challenge_id):
        row = await _get(challenge_id, criterion_id)
        if (fields["scale_min"], fields["scale_max"]) != (row["scale_min"], row["scale_max"]) and \
                criterion_id in await scored_criteria(challenge_id):
            raise InvalidInput({"scale_min": locked_message()})
        await Criterion.update({getattr(Criterion, name): value for name, value in fields.items()}).where(
            Criterion.id == criterion_id)
        row = {**row, **fields}
        await _recompute(challenge_id)
        await audit.append(challenge_id, action="criterion.updated", actor=_actor(actor), subject=f"criterion:{criterion_id}",
                           payload=_payload(row), now=now)
    return row


async def delete(challenge_id: int, criterion_id: int, *, actor: Any, now: datetime) -> dict:
    """Remove a criterion that has no scores yet. NotAllowed-style refusal as InvalidInput({"criterion": …})."""
    async with judging_transaction(challenge_id):
        row = await _get(challenge_id, criterion_id)
        if criterion_id in await scored_criteria(challenge_id):
            raise InvalidInput({"criterion": locked_message()})
        await ReviewScore.delete().where(ReviewScore.criterion == criterion_id)  # empty comments of drafts only
        await Criterion.delete().where(Criterion.id == criterion_id)
        await _recompute(challenge_id)
        await audit.append(challenge_id, action="criterion.deleted", actor=_actor(actor), subject=f"criterion:{criterion_id}",
                           payload=_payload(row), now=now)
    return row


async def move(challenge_id: int, criterion_id: int, *, offset: int, actor: Any, now: datetime) -> None:
    """Move a criterion up (offset -1) or down (+1) the rubric; positions are renumbered 1..n."""
    async with judging_transaction(challenge_id):
        rows = await criteria_of(challenge_id)
        ids = [row["id"] for row in rows]
        if criterion_id not in ids:
            raise NotFound()
        index = ids.index(criterion_id)
        target = max(0, min(len(ids) - 1, index + offset))
        ids.insert(target, ids.pop(index))
        await reorder_ids(challenge_id, ids, rows)
        await audit.append(challenge_id, action="criterion.reordered", actor=_actor(actor), subject=f"criterion:{criterion_id}",
                           payload={"order": ids}, now=now)


async def reorder_ids(challenge_id: int, ids: Sequence[int], rows: Sequence[Mapping[str, Any]]) -> None:
    current = {row["id"]: row["position"] for row in rows}
    for position, criterion_id in enumerate(ids, start=1):
        if current.get(criterion_id) != position:
            await Criterion.update({Criterion.position: position}).where(
                (Criterion.id == criterion_id) & (Criterion.challenge == challenge_id))


async def reviews_exist(challenge_id: int) -> bool:
    return await Review.exists().where(Review.challenge == challenge_id)


async def _recompute(challenge_id: int) -> None:
    """Stored review totals follow the rubric: a new weight, a new counting criterion (totals wait for its score)."""
    from showcase.judging.reviews import recompute_totals  # reviews imports this module

    await recompute_totals(challenge_id)
