import pytest

from api.keys import hash_key
from api.models import ApiKey

pytestmark = pytest.mark.django_db


def test_creating_a_key_shows_it_once_and_stores_its_hash(admin_client):
    response = admin_client.post(
        "/admin/api/apikey/add/", {"name": "Wire Service", "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    [message] = [str(m) for m in response.context["messages"] if "copy it now" in str(m)]
    key = message.split(" is ", 1)[1].split(" ")[0]
    assert hash_key(key) == api_key.key_hash
    assert key.startswith(api_key.prefix)
    listing = admin_client.get("/admin/api/apikey/").content.decode()
    assert "Wire Service" in listing and api_key.prefix in listing and key not in listing
    assert admin_client.get("/api/v1/sections", headers={"X-API-Key": key}).status_code == 200


def test_editing_a_key_keeps_its_secret(admin_client, partner_key):
    api_key = ApiKey.objects.get()
    admin_client.post(f"/admin/api/apikey/{api_key.pk}/change/", {"name": "Renamed"})
    api_key.refresh_from_db()
    assert api_key.name == "Renamed" and not api_key.is_active
    assert api_key.key_hash == hash_key(partner_key)
