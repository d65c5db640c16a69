"""The YAML reader keeps what organizers wrote: times stay times, dates stay text until they are checked."""
from __future__ import annotations

from confsite.read.yaml_data import parse_yaml


def test_clock_times_are_not_read_as_base_60_numbers():
    data, error = parse_yaml("start: 10:30\nend: 9:05\nyear: 2025\nratio: 1.5\n", "x.yaml")
    assert error is None
    assert data == {"start": "10:30", "end": "9:05", "year": 2025, "ratio": 1.5}


def test_dates_stay_text_for_the_schema_to_check():
    data, error = parse_yaml("start: 2025-05-12\n", "x.yaml")
    assert error is None and data == {"start": "2025-05-12"}
