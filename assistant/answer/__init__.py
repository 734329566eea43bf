"""Answer: write a cited answer from passages, check it, or decline."""
