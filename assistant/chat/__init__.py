"""Chat: conversations and their store, follow-up questions and streaming."""
