"""Search: embed, store and retrieve passages, and rank them for a question."""
