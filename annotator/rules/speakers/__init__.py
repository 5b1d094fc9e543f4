"""Who said it: speaker mentions resolved to one canonical speaker per person or body.

``record`` (the speaker record and key), ``names``, ``pronouns``, ``titles``, ``roles``; the
``resolver`` runs the step each mention's kind calls for.
"""
