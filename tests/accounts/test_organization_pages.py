def test_organisations_are_searchable_without_diacritics(client_for, world):
    response = client_for(world.coordinator).get("/co-quan/", {"q": "nghiep vu ii"})
    html = response.content.decode()
    assert "Phòng Nghiệp vụ II" in html
    assert "Văn phòng Sở" not in html


def test_the_list_answers_htmx_with_rows_only(client_for, world):
    response = client_for(world.coordinator).get("/co-quan/", {"q": "tu phap"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<tr" in html and "<html" not in html
    assert "Sở Tư pháp" in html


def test_the_outsider_does_not_find_other_agencies_units(client_for, world):
    html = client_for(world.outsider).get("/co-quan/", {"q": "phong"}).content.decode()
    assert "Phòng Nghiệp vụ II" not in html


def test_organisation_page_is_404_outside_reach(client_for, world):
    assert client_for(world.outsider).get(f"/co-quan/{world.unit_a.pk}/").status_code == 404
    assert client_for(world.officer_b).get(f"/co-quan/{world.unit_a.pk}/").status_code == 404


def test_organisation_page_lists_units(client_for, world):
    response = client_for(world.head).get(f"/co-quan/{world.agency.pk}/")
    assert response.status_code == 200
    assert "Trung tâm Trợ giúp pháp lý nhà nước" in response.content.decode()
