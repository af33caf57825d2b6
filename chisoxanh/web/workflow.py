"""How a page runs one service: the version it was opened at, and the refusal, the conflict or
the invalid input turned into a Vietnamese message. Every page that changes something goes
through :func:`save_form` (a form) or :func:`perform` (a button)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chisoxanh.core.workflow import Conflict, DomainError


def posted_version(request: HttpRequest) -> int | None:
    """The version the page showed, from its hidden ``version`` field. ``None`` when it is
    missing or not a number: the service then refuses the step (``core.workflow.claim``)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def perform(
    request: HttpRequest,
    step: Callable[[int | None], Any],
    *,
    success: str,
    back: Any,
    conflict: str | None = None,
) -> HttpResponse:
    """Run a button's ``step(version)`` and go ``back`` with what happened as a message."""
    try:
        step(posted_version(request))
    except Conflict as exc:
        messages.error(request, conflict or str(exc))
    except DomainError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(back)


def save_form(
    request: HttpRequest,
    *,
    forms: Sequence[BaseForm | BaseFormSet],
    save: Callable[[], HttpResponse],
    template: str,
    context: dict,
    not_saved: str = "",
) -> HttpResponse:
    """``save()`` when every form is valid; otherwise the same page again with what to fix.

    The first form carries the ``version``. On a conflict the user's text stays in the form,
    now with the latest version, beside the saved object (``conflict`` in the template): sending
    it again is a deliberate choice made with the other person's version in view. ``not_saved``
    begins the message of a refused save ("Báo cáo chưa được lưu").
    """
    form = forms[0]
    status = 400
    if all([f.is_valid() for f in forms]):  # a list, so that every form shows its errors
        try:
            return save()
        except Conflict as exc:
            messages.error(request, str(exc))
            context["conflict"] = exc.current
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
            status = 409
        except DomainError as exc:
            messages.error(request, f"{not_saved}. {exc}" if not_saved else str(exc))
        except ValidationError as exc:
            _show(request, form, exc, not_saved)
    elif not_saved:
        messages.error(request, f"{not_saved}: hãy sửa các ô được đánh dấu bên dưới.")
    return render(request, template, context, status=status)


def _show(request: HttpRequest, form: BaseForm, exc: ValidationError, not_saved: str) -> None:
    """Errors on the form's own fields go beside them; the rest (a row of a formset, a rule
    across fields) on top of the form, or into the message when the page has one."""
    rest = []
    for field, errors in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        if field in form.fields:
            form.add_error(field, errors)
        else:
            rest.extend(errors)
    if rest and not_saved:
        messages.error(request, f"{not_saved}: " + "; ".join(rest))
    elif rest:
        form.add_error(None, rest)
