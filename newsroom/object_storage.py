"""Uploads in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph, Cloudflare R2),
through django-storages, when `MEDIA_S3_BUCKET` is set (settings; docs/deploy.md).

Every upload is stored under a random name that is never reused (`file_overwrite` off),
so objects are sent with a year's `Cache-Control` marked immutable. Readers fetch them
from a public address — the bucket's own, or a CDN or custom domain given as
`MEDIA_URL` — never through signed links: pages showing them are cached and shared,
and a signed link would expire inside a cached page. No ACL is sent with uploads
(buckets that enforce the owner's policy, and R2, refuse ACLs); public reading is
the bucket's policy.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Uploads are immutable under their random names: a year, the most caches honour.
OBJECT_CACHE_CONTROL = "public, max-age=31536000, immutable"


def public_media_url(env: Mapping[str, str]) -> str:
    """Where readers fetch uploads: `MEDIA_URL` when it is absolute (a CDN or custom
    domain), else the bucket's own address."""
    bucket = env["MEDIA_S3_BUCKET"]
    media_url = env.get("MEDIA_URL", "")
    if media_url:
        if not urlsplit(media_url).scheme:
            raise ImproperlyConfigured(
                f"MEDIA_URL {media_url!r} is not absolute: with MEDIA_S3_BUCKET it is where "
                "readers fetch uploads, e.g. https://media.example.org/ (or leave it unset "
                "for the bucket's own address)."
            )
        return media_url.rstrip("/") + "/"
    endpoint = env.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    if endpoint:
        return f"{endpoint}/{bucket}/"
    region = env.get("MEDIA_S3_REGION", "")
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{bucket}.{host}/"


def s3_storage(env: Mapping[str, str]) -> tuple[dict, str]:
    """The `STORAGES["default"]` entry and the `MEDIA_URL` for the bucket `env` names."""
    # Here, not at the top: botocore takes ~80 ms to import, and settings import this
    # module in every process, with a bucket or without.
    from botocore.config import Config

    media_url = public_media_url(env)
    public = urlsplit(media_url)
    endpoint = env.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    options = {
        "bucket_name": env["MEDIA_S3_BUCKET"],
        "endpoint_url": endpoint or None,
        "region_name": env.get("MEDIA_S3_REGION") or None,
        # Unset keys leave boto3 its own search: AWS_* variables, an instance role.
        "access_key": env.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": False,
        # URLs are written from this, with no call to the bucket or to boto3 per image.
        "custom_domain": public.netloc + public.path.rstrip("/"),
        "url_protocol": f"{public.scheme}:",
        "object_parameters": {"CacheControl": OBJECT_CACHE_CONTROL},
        "client_config": Config(
            # Self-hosted servers answer at one host name (or an address); a bucket as
            # a subdomain of it would need a DNS entry per bucket.
            s3={
                "addressing_style": env.get("MEDIA_S3_ADDRESSING_STYLE")
                or ("path" if endpoint else "auto")
            },
            # boto3 adds CRC checksums to every upload by default, which several
            # S3-compatible servers reject; send them only where S3 requires one.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            connect_timeout=5,
            read_timeout=30,
            retries={"mode": "standard", "max_attempts": 3},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, media_url
