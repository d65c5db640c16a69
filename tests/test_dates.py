"""The date logic of deadlines (confsite/dates.py): zones, AoE, summer time, and what to write instead."""
from __future__ import annotations

import datetime as dt

import pytest

from confsite import dates

UTC = dt.timezone.utc


def test_a_day_without_a_time_ends_at_23_59_59_in_its_zone():
    when = dates.parse_when("2030-06-01")
    assert when.time is None
    assert dates.instant(when, "UTC") == dt.datetime(2030, 6, 1, 23, 59, 59, tzinfo=UTC)


def test_aoe_is_utc_minus_12():
    moment = dates.instant(dates.parse_when("2030-06-01"), "AoE")
    assert moment.astimezone(UTC) == dt.datetime(2030, 6, 2, 11, 59, 59, tzinfo=UTC)
    assert dates.format_in_zone(moment, "AoE") == "Sat 1 Jun 2030, 23:59:59 AoE"
    assert dates.format_utc(moment) == "Sun 2 Jun 2030, 11:59:59 UTC"


@pytest.mark.parametrize("written", ["AoE", "aoe", "AOE", "Anywhere on Earth"])
def test_aoe_is_accepted_however_it_is_capitalised(written):
    assert dates.check_zone(written) == "AoE"


def test_iana_conversion_across_a_dst_change():
    # US summer time starts on Sunday 10 March 2030: the same 12:00 is 20:00 UTC before, 19:00 UTC after.
    before = dates.instant(dates.parse_when("2030-03-08 12:00"), "America/Los_Angeles")
    after = dates.instant(dates.parse_when("2030-03-11 12:00"), "America/Los_Angeles")
    assert dates.iso_utc(before) == "2030-03-08T20:00:00Z"
    assert dates.iso_utc(after) == "2030-03-11T19:00:00Z"
    assert dates.format_in_zone(before, "America/Los_Angeles") == "Fri 8 Mar 2030, 12:00 PST"
    assert dates.format_in_zone(after, "America/Los_Angeles") == "Mon 11 Mar 2030, 12:00 PDT"


def test_the_real_mlsys_deadlines_convert_as_published():
    sysml = dates.instant(dates.parse_when("2018-09-28 16:59"), "America/Los_Angeles")  # 4:59pm PDT
    assert sysml.isoformat() == "2018-09-28T16:59:00-07:00"
    mlsys = dates.instant(dates.parse_when("2022-10-28 16:00"), "America/New_York")  # 4pm ET, then EDT
    assert dates.iso_utc(mlsys) == "2022-10-28T20:00:00Z"
    assert dates.abbreviation(mlsys, "America/New_York") == "EDT"
    kolkata = mlsys.astimezone(dates.zone("Asia/Kolkata"))
    assert (kolkata.day, kolkata.hour, kolkata.minute) == (29, 1, 30)


def test_a_time_skipped_by_summer_time_is_an_error():
    with pytest.raises(ValueError, match="does not exist in America/Los_Angeles"):
        dates.instant(dates.parse_when("2030-03-10 02:30"), "America/Los_Angeles")


def test_a_time_that_happens_twice_is_an_error():
    with pytest.raises(ValueError, match="happens twice in Europe/Berlin"):
        dates.instant(dates.parse_when("2030-10-27 02:30"), "Europe/Berlin")


def test_a_zone_without_letters_is_shown_as_an_offset():
    moment = dates.instant(dates.parse_when("2030-01-15 12:00"), "Asia/Dubai")
    assert moment.tzname() == "+04"  # tzdata has no letters for this zone
    assert dates.abbreviation(moment, "Asia/Dubai") == "UTC+04:00"


@pytest.mark.parametrize("written,hint", [
    ("PDT", "write America/Los_Angeles"),
    ("ET", "write America/New_York"),
    ("EST", "write America/New_York"),
    ("CEST", "write Europe/Berlin"),
    ("PST8PDT", "IANA name"),
    ("America/Los_Angles", "did you mean America/Los_Angeles?"),
    ("Mars/Olympus_Mons", "IANA name"),
])
def test_an_ambiguous_or_unknown_zone_says_what_to_write(written, hint):
    with pytest.raises(ValueError) as error:
        dates.check_zone(written)
    assert hint in str(error.value)


@pytest.mark.parametrize("written,expected", [
    ("2030-02-30", "February 2030 has 28 days"),
    ("2028-02-30", "February 2028 has 29 days"),
    ("2030-13-01", "there is no month 13"),
    ("2030-04-31 12:00", "April 2030 has 30 days"),
    ("2030-03-01 25:00", "impossible time of day"),
    ("2030-03-01 24:00", "24:00 is ambiguous"),
    ("Sept 28, 2018", "write YYYY-MM-DD"),
    ("2018-09-28T16:59:00-07:00", "carries a UTC offset"),
    ("2018-09-28 16:59Z", "carries a UTC offset"),
])
def test_an_impossible_date_says_what_to_write(written, expected):
    with pytest.raises(ValueError, match=expected):
        dates.parse_when(written)


@pytest.mark.parametrize("written,expected", [
    ("2018-09-28", dates.When(dt.date(2018, 9, 28))),
    ("2018-09-28 16:59", dates.When(dt.date(2018, 9, 28), dt.time(16, 59))),
    ("2018-09-28T16:59:30", dates.When(dt.date(2018, 9, 28), dt.time(16, 59, 30))),
])
def test_dates_and_times_are_read(written, expected):
    assert dates.parse_when(written) == expected


def test_now_comes_from_the_option_then_source_date_epoch_then_the_clock():
    assert dates.build_now("2030-03-10T12:00:00+02:00", {"SOURCE_DATE_EPOCH": "0"}) == (
        dt.datetime(2030, 3, 10, 10, 0, tzinfo=UTC), True)
    assert dates.build_now("2030-03-10", {}) == (dt.datetime(2030, 3, 10, tzinfo=UTC), True)
    assert dates.build_now(None, {"SOURCE_DATE_EPOCH": "1900000000"}) == (
        dt.datetime.fromtimestamp(1900000000, UTC), True)
    clock, fixed = dates.build_now(None, {})
    assert not fixed and abs(clock - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)
    with pytest.raises(ValueError, match="is not a date and time"):
        dates.build_now("next tuesday", {})
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        dates.build_now(None, {"SOURCE_DATE_EPOCH": "yesterday"})


def test_a_conference_day_starts_at_its_first_moment_even_where_midnight_is_skipped():
    # Chile moved its clocks from 24:00 to 01:00 on 2022-09-11: that day has no 00:00.
    start, end = dates.day_span(dt.date(2022, 9, 11), dt.date(2022, 9, 12), "America/Santiago")
    assert start.isoformat() == "2022-09-11T01:00:00-03:00"
    assert end.isoformat() == "2022-09-12T23:59:59-03:00"
    with pytest.raises(ValueError, match="does not exist"):
        dates.instant(dates.parse_when("2022-09-11 00:00"), "America/Santiago")
