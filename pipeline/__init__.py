"""briefing: turn French and English policy news and speeches into verified briefings.

The package follows the data flow: ingest -> lang -> nlp -> extract -> records -> store ->
report / review -> cli. `pipeline.runner.run_corpus` is the library entry point.
"""

__version__ = "0.1.0"
