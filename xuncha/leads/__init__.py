"""Leads (问题线索) referred to the discipline commission, the organisation department or another body: the
referral, the receiving body's receipt, its handling and the outcome reported back within deadlines."""
