"""`python -m pipeline` is the same as the `briefing` command."""

from pipeline.cli import main

main()
