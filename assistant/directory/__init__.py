"""The directory of local Compacts: its records, look-ups and list questions."""
