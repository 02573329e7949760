"""Findings (问题) with their basis and evidence, and leads (问题线索) referred to the receiving bodies."""
