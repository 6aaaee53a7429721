"""Who reads what: view counting and the editors' "Most viewed" page.

`counting` (visitor ids, bot and prefetch rules, the Redis and SQL counting stores),
`services` (record a view, flush Redis into the database), `views` (the beacon) and
`admin` (Most viewed). The public Most Read and Recommended lists are read in
`articles.selectors`, like every other public read.
"""
