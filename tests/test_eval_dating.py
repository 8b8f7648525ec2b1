"""Scoring how events are dated against TimeML event-time links."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dyad.evaluation.dating import command
from dyad.evaluation.timeml import read_timeml

# The shelling happened on Oct. 29 (IS_INCLUDED); it was reported on Friday. Nearest to
# "shelled" is "Friday"; the expression that hangs on "shelled" is "Oct. 29".
TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-11-06" functionInDocument="CREATION_TIME">20241106</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2024-11-01">Friday</TIMEX3> that troops <EVENT eid="e2" class="OCCURRENCE">shelled</EVENT> the town on <TIMEX3 tid="t2" type="DATE" value="2024-10-29">Oct. 29</TIMEX3>.
Rebels <EVENT eid="e3" class="OCCURRENCE">withdrew</EVENT> on <TIMEX3 tid="t3" type="DATE" value="2024-11-02">Saturday</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />
<TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t2" />
<TLINK lid="l3" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t3" />
<TLINK lid="l4" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t0" />
</TimeML>
"""


def test_reader_keeps_events_and_their_links_to_times(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    document = read_timeml(path)
    assert document.text[slice(*document.events["e2"])] == "shelled"
    assert ("e2", "t2", "IS_INCLUDED") in document.time_links
    assert document.text[slice(*document.timexes["t2"])] == "Oct. 29"


def test_the_expression_on_the_event_word_beats_the_nearest_one(tmp_path):
    (tmp_path / "doc.tml").write_text(TML, encoding="utf-8")
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    # Three events with an in-sentence date; two sentences offer a choice only in the first.
    assert figures["n_events"] == 3
    assert figures["n_events_with_a_choice"] == 2
    assert figures["dyad_accuracy_with_a_choice"] == 1.0
    assert figures["nearest_accuracy_with_a_choice"] == 0.5
