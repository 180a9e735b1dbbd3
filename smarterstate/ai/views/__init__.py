"""AI assurance pages: dashboard, register, assessments, ATRS records and the public record pages."""
