"""Media in an S3-compatible bucket (`MEDIA_S3_BUCKET`): uploads, renditions, crops and the
metadata clean-up write to the bucket, pages link the bucket's public address, and
that address serves the bytes. Against moto's S3 server, started as a real HTTP server
on a free port, so django-storages and boto3 speak the S3 protocol as in production."""

import importlib
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Image
from newsletter.emails import render_issue_bodies
from newsletter.subscriptions import default_newsletter
from newsroom.object_storage import OBJECT_CACHE_CONTROL, public_media_url, s3_storage
from tests.factories import (
    SOURCE_SECRETS,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    jpeg_with_source_metadata,
)
from tests.html import parse
from tests.parallel import free_ports, port_block

REPO = Path(__file__).resolve().parents[2]
PORTS = port_block(9300, 10)
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server (requirements-dev.txt) on a free port of this worker, for the
    whole session. It not starting is a failure: it is a Python package, always there.
    Its log goes to a file, as a pipe nobody reads would fill and stall it."""
    (port,) = free_ports(PORTS)
    endpoint = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                pytest.fail(f"moto's S3 server did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


def s3_env(endpoint: str, bucket: str, **extra) -> dict[str, str]:
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ACCESS_KEY_ID": "newsroom-test",
        "MEDIA_S3_SECRET_ACCESS_KEY": "newsroom-test-secret",
        **extra,
    }


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new, empty bucket as the site's media storage, read back with boto3. Its public
    address is given as MEDIA_URL with another host name, as a CDN's would be."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="newsroom-test",
        aws_secret_access_key="newsroom-test-secret",
    )
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    cdn = s3_endpoint.replace("127.0.0.1", "localhost")
    storage, media_url = s3_storage(s3_env(s3_endpoint, name, MEDIA_URL=f"{cdn}/{name}/"))
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    created = Bucket(name, client, media_url)
    yield created
    for key in created.object_keys():
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)


def public_read_policy(bucket: str) -> dict:
    """Anyone may read an object, nobody may list or write: docs/deploy.md's policy."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


class Bucket:
    def __init__(self, name: str, client, media_url: str):
        self.name, self.client, self.media_url = name, client, media_url

    def object_keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def image_keys(image: Image) -> set[str]:
    return {
        image.file.name,
        *image.renditions.values(),
        image.email_rendition,
        *image.crop_names(),
    }


def assert_clean_image_objects(bucket: Bucket, keys: set[str]) -> None:
    """Each object is an image without metadata, typed by its extension and cached as
    immutable."""
    for key in keys:
        data = bucket.read(key)
        assert not any(secret in data for secret in SOURCE_SECRETS), key
        with PILImage.open(io.BytesIO(data)) as stored:
            assert len(stored.getexif()) == 0, key
            assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(stored.info), key
        head = bucket.head(key)
        assert head["ContentType"] == CONTENT_TYPES[key.rsplit(".", 1)[1]], key
        assert head["CacheControl"] == OBJECT_CACHE_CONTROL, key


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers["Content-Type"]


def page_image_urls(html: bytes) -> set[str]:
    urls = set()
    for img in parse(html).all("img[srcset]"):
        urls.add(img["src"])
        urls.update(item.split()[0] for item in img.get("srcset", "").split(",") if item)
    return urls


@pytest.mark.django_db
def test_admin_upload_stores_the_clean_original_and_every_rendition_in_the_bucket(
    admin_client, bucket, settings
):
    response = admin_client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile(
                "ko-aung-min-hpakant.jpg", jpeg_with_source_metadata(), "image/jpeg"
            ),
            "alt_text": "Miners at dawn",
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 1400)  # turned upright from its EXIF
    assert sorted(int(width) for width in image.renditions) == [320, 640, 960]
    assert bucket.object_keys() == image_keys(image)
    assert image.file.name.startswith("images/") and "hpakant" not in image.file.name
    assert_clean_image_objects(bucket, bucket.object_keys())
    # Nothing went to the local disk.
    assert not Path(settings.MEDIA_ROOT).exists()


@pytest.mark.django_db
def test_pages_and_the_digest_show_media_from_the_bucket_address(client, bucket):
    photo = ImageFactory(file=ContentFile(jpeg_with_source_metadata(), name="a.jpg"))
    picture = ImageFactory(file=ContentFile(jpeg_with_source_metadata(), name="b.jpg"))
    author = AuthorFactory(photo=photo)
    article = ArticleFactory(featured_image=picture, authors=[author])

    for page in (article.get_absolute_url(), author.get_absolute_url()):
        response = client.get(page)
        assert response.status_code == 200
        urls = page_image_urls(response.content)
        assert urls, page
        for url in urls:
            assert url.startswith(bucket.media_url), url
            body, content_type = fetch(url)
            key = url.removeprefix(bucket.media_url)
            assert body == bucket.read(key)
            assert content_type == CONTENT_TYPES[key.rsplit(".", 1)[1]]
    shown = page_image_urls(client.get(article.get_absolute_url()).content)
    page_keys = {picture.file.name, *picture.renditions.values()}
    assert {bucket.media_url + key for key in page_keys} <= shown

    html, _ = render_issue_bodies(
        newsletter=default_newsletter(), subject="Daily Briefing", articles=[article]
    )
    (email_image,) = re.findall(r'<img src="([^"]+)"', html)
    assert email_image == bucket.media_url + picture.crops["email"]["640"]
    assert fetch(email_image)[1] == "image/jpeg"


@pytest.mark.django_db
def test_body_editor_upload_stores_in_the_bucket(admin_client, bucket):
    response = admin_client.post(
        reverse("articles:editor-upload"),
        {
            "upload": SimpleUploadedFile("hpakant.jpg", jpeg_with_source_metadata(), "image/jpeg"),
            "alt_text": "A jade mine",
        },
    )

    assert response.status_code == 200
    image = Image.objects.get()
    assert response.json()["url"] == bucket.media_url + image.file.name
    assert bucket.object_keys() == image_keys(image)
    assert_clean_image_objects(bucket, bucket.object_keys())
    body, content_type = fetch(response.json()["url"])
    assert content_type == "image/jpeg"
    assert body == bucket.read(image.file.name)


@pytest.mark.django_db
def test_strip_image_metadata_cleans_images_stored_in_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    # An image as stored before uploads were cleaned, shown in an article's body.
    original = default_storage.save(
        "images/2024/05/ko-aung-min-hpakant.jpg", ContentFile(jpeg_with_source_metadata())
    )
    (old,) = Image.objects.bulk_create(
        [Image(file=original, alt_text="Miners", width=1400, height=1000)]
    )
    old_url = default_storage.url(original)
    article = ArticleFactory(body=f'<figure class="image"><img src="{old_url}"></figure>')
    assert bucket.object_keys() == {original}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("strip_image_metadata", stdout=io.StringIO())

    image = Image.objects.get(pk=old.pk)
    assert image.metadata_stripped
    assert bucket.object_keys() == image_keys(image)  # the leaking original is gone
    assert_clean_image_objects(bucket, bucket.object_keys())
    body = Article.objects.get(pk=article.pk).body
    assert old_url not in body and bucket.media_url + image.file.name in body


def settings_under(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_environment_switches_media_to_the_bucket_and_csp_allows_its_origin():
    env = s3_env("https://minio.example.net:9000", "news-media")
    result = settings_under(
        env,
        "from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND']); print(s.MEDIA_URL); "
        "print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "storages.backends.s3.S3Storage",
        "https://minio.example.net:9000/news-media/",
        "'self' data: https://minio.example.net:9000",
    ]

    with_cdn = settings_under(
        {**env, "MEDIA_URL": "https://media.news.example/"},
        "from django.conf import settings as s; from django.core.files.storage import "
        "default_storage as d; print(d.url('images/a.jpg')); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])",
    )
    assert with_cdn.stdout.splitlines() == [
        "https://media.news.example/images/a.jpg",
        "https://media.news.example",
    ]


def test_a_relative_media_url_beside_a_bucket_is_refused_with_a_reason():
    result = settings_under(
        {"MEDIA_S3_BUCKET": "news-media", "MEDIA_URL": "/media/"}, "print('started')"
    )
    assert result.returncode != 0
    assert "MEDIA_URL '/media/' is not absolute" in result.stderr


def test_without_a_bucket_media_stays_on_the_local_disk():
    result = settings_under(
        {}, "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'])"
    )
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"


def count_bucket_requests(storage) -> list[str]:
    """The names of the S3 operations `storage` sends from now on (in this thread)."""
    operations = []
    storage.connection.meta.client.meta.events.register(
        "before-call.s3", lambda model, **kwargs: operations.append(model.name)
    )
    return operations


@pytest.mark.django_db
def test_pages_and_feeds_are_written_without_a_request_to_the_bucket(client, bucket):
    picture = ImageFactory(file=ContentFile(jpeg_with_source_metadata(), name="b.jpg"))
    article = ArticleFactory(featured_image=picture)
    requests = count_bucket_requests(default_storage)

    assert client.get(article.get_absolute_url()).status_code == 200
    feed = client.get(reverse("articles:feed"))

    assert requests == []
    enclosure = parse(feed.content).one("enclosure")
    assert enclosure["url"] == bucket.media_url + picture.file.name
    assert int(enclosure["length"]) == bucket.head(picture.file.name)["ContentLength"]


@pytest.mark.django_db
def test_images_stored_before_sizes_were_kept_are_measured_in_the_bucket(bucket):
    stored = default_storage.save("images/2024/05/old.jpg", ContentFile(b"\xff\xd8" * 500))
    (old,) = Image.objects.bulk_create([Image(file=stored, alt_text="Old", width=1, height=1)])
    (lost,) = Image.objects.bulk_create(
        [Image(file="images/gone.jpg", alt_text="Lost", width=1, height=1)]
    )
    name = "0013_add_image_file_size"
    migration = importlib.import_module(f"articles.migrations.{name}")
    state = MigrationLoader(connection).project_state(("articles", name))

    migration.measure_stored_images(state.apps, None)

    assert Image.objects.get(pk=old.pk).file_size == 1000
    assert Image.objects.get(pk=lost.pk).file_size is None


def test_on_aws_the_bucket_address_is_its_virtual_host():
    assert (
        public_media_url({"MEDIA_S3_BUCKET": "news-media", "MEDIA_S3_REGION": "eu-central-1"})
        == "https://news-media.s3.eu-central-1.amazonaws.com/"
    )
