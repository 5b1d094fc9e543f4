"""The trained attribution model: features from the parse, the logistic components, loading.

Training lives in ``annotator.training``; the engine reaches the model through
``annotator.rules.drafts.LearnedDecisions``."""
