"""Imported by the batch's forkserver (``set_forkserver_preload``), which can only import modules:
loading the parser's lexicons and dictionaries there, once, lets every worker forked from it
start with them in memory. See :func:`policyparse.batch.warm_up`."""

from .batch import warm_up

warm_up()
