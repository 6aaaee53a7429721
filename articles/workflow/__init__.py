"""The newsroom's editorial workflow: who may do what, review, revisions, corrections,
audit, edit locks."""
