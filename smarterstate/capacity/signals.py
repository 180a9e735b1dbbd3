"""Queue a capacity refresh when a pillar's data changes (filled in with the refresh)."""
