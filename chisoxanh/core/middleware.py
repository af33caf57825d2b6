"""Middleware of the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .channel import channel

API_PREFIX = "/api/"


class ChannelMiddleware:
    """Changes made while serving a request are audited as made through a page or the API
    (narrowed to "token" by the API's token check)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with channel("api" if request.path_info.startswith(API_PREFIX) else "page"):
            return self.get_response(request)
