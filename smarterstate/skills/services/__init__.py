"""Writes for the skills pillar: one module per area (frameworks, people, learning, gaps, campaigns)."""
