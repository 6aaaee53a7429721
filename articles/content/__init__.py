"""What a story is made of: `sanitize` (the rich-text allowlist), `body` (HTML helpers
for the page), `text` (reading time), `images` (upload checks and renditions),
`image_metadata` (stripping EXIF, GPS and names before storage) and `image_services`
(re-cleaning images stored before that)."""
