"""The newsroom's editorial workflow around a story, one concern per module: `roles`
(who may do what: contributors and editors) and `desk` (the editors' front page of
the admin). The moves between statuses themselves are `articles.publishing`."""
