"""Writes for the AI assurance pillar: register, checklists, assessments, transparency records."""
