"""The evaluation suite: cases written from the corpus, a runner, baselines and a report."""
