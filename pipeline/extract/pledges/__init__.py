"""Who pledged how much for what: the pledges component (`component`), which runs the money
parsers on a document, decides which amounts are pledges (`rules`, `cues`) and reads their
purpose, period and status (`details`). The pledger comes from the attribution layer."""
