"""Public JSON: budgets, their projects and the action plan. Nothing about who voted or wrote."""
from __future__ import annotations

from flask import jsonify, request

from models.base import LANGUAGES
from models.db import get_session
from models.project import CATEGORIES, STATUSES
from services.action_plan import current_action_plan
from services.catalog import (MAX_ID, SEARCH_MAX, ProjectQuery, get_budget, list_budgets,
                              list_districts, list_projects)
from services.errors import NotFound
from translations import _, get_locale

from . import ApiError, bp

DATE_FIELDS = ("proposals_start", "proposals_end", "review_end", "voting_start", "voting_end", "results_on")


def _per_language(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGES}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def budget_json(summary) -> dict:
    """A budget's public fields, its envelopes and the turnout so far."""
    b = summary.budget
    return {
        "id": b.id, "slug": b.slug, "year": b.year,
        "name": b.text("name", get_locale()), "names": _per_language(b, "name"),
        "description": b.text("description", get_locale()),
        "phase": b.phase, "amount": b.amount, "currency": b.currency,
        "method": b.method, "rule": b.rule, "visibility": b.visibility,
        "max_choices": b.max_choices, "min_choices": b.min_choices, "max_points": b.max_points,
        "min_spend_percent": b.min_spend_percent,
        **{name: _iso(getattr(b, name)) for name in DATE_FIELDS},
        "envelopes": [{"id": e.id, "amount": e.amount, "district": e.district.code if e.district else None}
                      for e in b.envelopes],
        "ballots": summary.ballots,
    }


def project_json(project) -> dict:
    """A public project; the author, moderation notes and hidden text are never included."""
    return {
        "id": str(project.id), "budget_id": project.budget_id, "envelope_id": project.envelope_id,
        "title": project.text("title", get_locale()),
        "titles": _per_language(project, "title"), "descriptions": _per_language(project, "description"),
        "cost": project.ballot_cost, "proposed_cost": project.cost, "official_cost": project.official_cost,
        "category": project.category, "district": project.district.code if project.district else None,
        "status": project.status, "public_reason": project.public_reason, "address": project.address,
        "latitude": project.latitude, "longitude": project.longitude,
        "commitment_id": project.commitment_id,
        "implementation_status": project.implementation_status, "progress": project.progress,
    }


def _summary(raw: str):
    """The public budget at a path id; anything that cannot be one is simply unknown."""
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        raise ApiError(404, _("There is no budget with id %(id)s.", id=raw[:20]))
    try:
        return get_budget(get_session(), int(raw))
    except NotFound as missing:
        raise ApiError(404, _(missing.message, **missing.params)) from None


def _choice(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise ApiError(400, _("Unknown %(name)s %(value)s; expected one of: %(allowed)s.",
                              name=name, value=repr(value[:40]), allowed=", ".join(allowed)))
    return value


@bp.get("/v1/budgets")
def budgets():
    """Every public budget cycle, newest first."""
    return jsonify(budgets=[budget_json(s) for s in list_budgets(get_session())])


@bp.get("/v1/budgets/<budget_id>")
def budget(budget_id: str):
    """One budget cycle with its turnout."""
    return jsonify(budget_json(_summary(budget_id)))


@bp.get("/v1/budgets/<budget_id>/projects")
def budget_projects(budget_id: str):
    """A budget's projects: those on the ballot unless `?status=` asks for another status."""
    summary = _summary(budget_id)
    status = _choice("status", STATUSES) or "accepted"
    category = _choice("category", CATEGORIES)
    district = _choice("district", tuple(d.code for d in list_districts(get_session())))
    search = request.args.get("search", "")
    if len(search) > SEARCH_MAX:
        raise ApiError(400, _("The search may be at most %(n)s characters long.", n=SEARCH_MAX))
    query = ProjectQuery(budget_id=summary.budget.id, district=district, category=category,
                         statuses=(status,), search=search)
    return jsonify(budget_id=summary.budget.id,
                   projects=[project_json(p) for p in list_projects(get_session(), query)])


@bp.get("/v1/action-plan")
def action_plan():
    """The current Joint Action Plan with commitments, milestones and linked projects."""
    try:
        view = current_action_plan(get_session())
    except NotFound as missing:
        raise ApiError(404, _(missing.message)) from None
    plan, locale = view.plan, get_locale()
    return jsonify({
        "id": plan.id, "title": plan.text("title", locale), "titles": _per_language(plan, "title"),
        "summary": plan.text("summary", locale),
        "starts_on": _iso(plan.starts_on), "ends_on": _iso(plan.ends_on),
        "commitments": [{
            "id": v.commitment.id, "number": v.commitment.number, "status": v.commitment.status,
            "title": v.commitment.text("title", locale), "titles": _per_language(v.commitment, "title"),
            "problem": v.commitment.text("problem", locale),
            "description": v.commitment.text("description", locale),
            "lead_department": v.commitment.text("lead_department", locale),
            "partners": v.commitment.partners,
            "milestones": [{"id": m.id, "title": m.text("title", locale), "due_on": _iso(m.due_on),
                            "status": m.status} for m in v.milestones],
            "projects": [{"id": str(p.id), "budget_id": p.budget_id, "title": p.text("title", locale),
                          "status": p.status} for p in v.projects],
        } for v in view.commitments],
    })
