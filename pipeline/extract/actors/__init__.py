"""Who is involved: the actors component (`component`), the merge of a document's mentions
into actors (`merge`), the knowledge base of canonical names, aliases, roles and relations
(`kb`), and the optional transformers NER backend (`ner_transformers`)."""
