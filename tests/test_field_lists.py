"""One field list each for plans and activities: the services, the forms, the API schema and
the XLSX export all follow it, so a field added to one cannot be forgotten by another."""

from __future__ import annotations

from chisoxanh.api.reports import ActivityIO
from chisoxanh.documents.exports import ACTIVITY_COLUMNS
from chisoxanh.plans import services as plan_services
from chisoxanh.plans.models import Plan
from chisoxanh.reports.models import Activity
from chisoxanh.web.forms.plans import PlanCreateForm, PlanForm
from chisoxanh.web.forms.reports import ActivityForm


def test_the_plan_form_and_the_plan_services_take_the_plans_field_list():
    assert tuple(PlanForm.base_fields) == (*Plan.EDITABLE_FIELDS, "version")
    assert tuple(PlanCreateForm.base_fields) == ("issuer", *Plan.EDITABLE_FIELDS, "version")
    assert plan_services.PLAN_FIELDS is Plan.EDITABLE_FIELDS
    model_fields = {f.name for f in Plan._meta.get_fields()}
    assert set(Plan.EDITABLE_FIELDS) <= model_fields


def test_the_activity_form_schema_and_export_follow_the_activity_field_list():
    assert tuple(ActivityForm.base_fields) == Activity.FIELDS
    assert tuple(ActivityIO.model_fields) == Activity.FIELDS
    assert tuple(ACTIVITY_COLUMNS) == Activity.FIELDS
    assert set(Activity.FIELDS) <= {f.name for f in Activity._meta.get_fields()}
