"""Money amounts as text: the pure parsers, with no spaCy in them. `parse` finds amounts,
currencies, qualifiers and ranges in a string, `numbers` reads number words and figures in
French and English, `lexicon` holds the currency names and symbols. `briefing amounts` runs
them alone; the pledges component runs them on each document."""
