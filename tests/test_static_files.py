"""Static files in production: hashed names, compressed copies, cached for a year, served by
the app itself (no CDN, no separate web server needed)."""

import re

from django.core.management import call_command
from django.test import Client


def test_collected_static_files_have_hashed_names_and_are_served_compressed_and_cached(settings, tmp_path, db):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    page = Client().get("/dang-nhap/").content.decode()
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page).group(1)  # the page links the hashed name
    assert (settings.STATIC_ROOT / css.removeprefix("/static/")).with_suffix(".css.gz").exists()

    response = Client().get(css, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Vary"] == "Accept-Encoding"
    # The unhashed name is still served (old pages), but may not be cached for long.
    plain = Client().get("/static/css/app.css")
    assert plain.status_code == 200 and "immutable" not in plain.get("Cache-Control", "")
