"""Public audience pages. None is cached: each renders a fresh CSRF token."""
