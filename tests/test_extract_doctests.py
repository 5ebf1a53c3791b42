"""The examples in the extract modules' docstrings are real notice text: keep them true."""

import doctest
import importlib

import pytest

MODULES = ["units", "agencies", "deadlines", "targets", "domains", "region", "implicit"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"policyparse.extract.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
