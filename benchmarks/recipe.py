"""The textbook LangChain recipe, from evals/baselines.py, over the shipped corpus."""

from __future__ import annotations

from typing import Any

from assistant.search.embedders import Embedder

from .fixtures import CORPUS_DIR


def langchain_recipe(embedder: Embedder) -> Any:
    """RecursiveCharacterTextSplitter 1000/200, langchain-chroma, top 5, built and warmed."""
    from evals.baselines import LangChainBaseline
    from evals.corpus import load_documents

    recipe = LangChainBaseline(load_documents(CORPUS_DIR), embedder)
    recipe.ask("What is the Compact?")  # builds the store; not timed
    return recipe
