"""Capacity pages: the homes, the scorecard and comparison, the radar, the people survey, and
the platform administrators' pages (profiles, survey upload and mapping)."""
