"""Near Abroad."""
