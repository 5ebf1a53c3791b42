"""The output contract: field names outside tools read must not drift."""

from __future__ import annotations

import json
import subprocess
import sys

from policyparse.schema import SCHEMA_VERSION, ParseResult, json_schema

# Field names fixed by the foundation issue, per model.
CONTRACT = {
    "ParseResult": {"schema_version", "source", "normalized_text", "edits", "warnings", "documents"},
    "SourceInfo": {"path", "sha256", "format", "encoding", "bytes"},
    "Edit": {"start", "end", "raw_start", "raw_end", "before", "after", "rule"},
    "Document": {"title", "doc_type", "doc_number", "issuers", "issue_date", "effective_date", "region",
                 "level", "recipients", "cites", "principles", "outline", "tasks"},
    "Region": {"province", "city", "county"},
    "Cite": {"title", "doc_number"},
    "Principle": {"title", "text", "span"},
    "OutlineItem": {"marker", "level", "title", "kind", "span"},
    "Task": {"id", "heading", "text", "span", "assignments", "implicit_units", "deadline", "targets",
             "reference", "domains"},
    "Assignment": {"text", "raw", "span", "lead", "support", "responsible"},
    "Unit": {"name", "canonical", "level", "agency", "span"},
    "Deadline": {"raw", "start", "end", "ongoing", "span"},
    "Target": {"raw", "metric", "value", "unit", "by", "span"},
    "Span": {"start", "end", "raw_start", "raw_end"},
}


def test_schema_has_every_contract_field():
    schema = json_schema()
    definitions = schema["$defs"]
    definitions["ParseResult"] = schema
    for model, fields in CONTRACT.items():
        present = set(definitions[model]["properties"])
        assert fields <= present, f"{model} lacks {fields - present}"


def test_schema_command_prints_the_schema():
    out = subprocess.run([sys.executable, "-m", "policyparse.cli", "schema"], capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out)["title"] == "ParseResult"


def test_result_round_trips_through_json():
    result = ParseResult(source={"sha256": "0" * 64, "format": "txt", "bytes": 3}, normalized_text="abc")
    again = ParseResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.schema_version == SCHEMA_VERSION
