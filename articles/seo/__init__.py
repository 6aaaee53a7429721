"""What search engines and feed readers see: `feeds` (RSS and Atom), `sitemaps` (the
sitemap index, the Google News sitemap, robots.txt), `metadata` (title, description,
canonical, OpenGraph and JSON-LD) and `redirects` with its `middleware` (301s from an
article's old URLs)."""
