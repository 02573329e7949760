"""Notices issued during the stay (整改通知书, 情况说明通知书), their receipts and answers: immediate
rectification (立行立改)."""
