"""Who said what: the claims component (`component`), the direct quotes found on the text
alone (`quotes`), reported speech on the parse (`reported`), the speech cues around a quote
(`speakers`) and their lexicon of verbs and words (`lexicon`). Who the words name is the
attribution layer's."""
