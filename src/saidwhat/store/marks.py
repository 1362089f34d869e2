"""SQL for attributions a user marked wrong (schema v11), shared by every query that lists or
counts attributions over ``a`` (attributions) and ``d`` (their document)."""

WRONG = "EXISTS (SELECT 1 FROM wrong_attributions w WHERE w.doc_id = d.doc_id AND w.content_text = a.content_text)"
NOT_WRONG = f"NOT {WRONG}"
