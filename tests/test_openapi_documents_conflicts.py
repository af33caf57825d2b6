"""The API's schema says what a write may answer besides its own: a refusal in Vietnamese (400,
403, 404) and a conflict (409) with the version now stored."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_every_write_documents_its_409(client):
    schema = client.get("/api/v1/openapi.json").json()
    writes = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("post", "put")
    ]
    assert len(writes) >= 12
    for path, method, operation in writes:
        responses = operation["responses"]
        assert {"400", "409"} <= set(responses), (method, path)
    conflict = schema["components"]["schemas"]["ConflictOut"]
    assert {"detail", "current_version"} <= set(conflict["properties"])
