from tests.factories import PASSWORD


def test_the_login_page_is_in_vietnamese(client, db):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html and 'lang="vi"' in html


def test_pages_redirect_anonymous_users_to_login(client, db):
    response = client.get("/ke-hoach/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_a_wrong_password_gets_a_vietnamese_message(client, world):
    response = client.post("/dang-nhap/", {"username": "officer_a", "password": "sai"})
    assert response.status_code == 200
    assert "tên đăng nhập và mật khẩu" in response.content.decode().lower()


def test_login_and_logout(client, world):
    response = client.post("/dang-nhap/", {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/")["Location"] == "/viec-cua-toi/"  # an officer starts on what is due
    assert client.get("/dang-xuat/").status_code == 405  # logging out is a POST, never a link
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/")["Location"].startswith("/dang-nhap/")


def test_the_session_cookie_is_http_only(client, world):
    client.post("/dang-nhap/", {"username": "officer_a", "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]


def test_password_guessing_locks_the_user_name_for_that_address(client, world):
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "officer_a", "password": "sai-mat-khau"})
    locked = client.post("/dang-nhap/", {"username": "officer_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # Another user from the same address is not locked out.
    assert client.post("/dang-nhap/", {"username": "officer_b", "password": PASSWORD}).status_code == 302
