"""Outcomes pages, by subject: dashboard (portfolio, comparison), initiatives, outcomes and
measurements, gates, pilots and the innovation fund ledger."""
