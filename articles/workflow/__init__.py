"""The newsroom's editorial workflow around a story, one concern per module: `roles`
(who may do what: contributors and editors), `desk` (the editors' front page of the
admin), `history` (revisions, diff, restore), `corrections`, `audit` (who did what) and
`locks` (who else has a story open; the edit version). The moves between statuses
themselves are `articles.publishing`."""
