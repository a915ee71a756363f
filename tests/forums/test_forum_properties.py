"""A pasted forum grid never crashes: any rows give the good ones saved and the bad ones named."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import i18n
from services.core.errors import ValidationFailed
from services.forums import items
from tests.test_properties import WILD

GRID_ROW = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["aspirasi", "keluhan", "saran", "apresiasi", "pertanyaan"]), WILD),
        "text": WILD,
        "tags": WILD,
        "unit_id": WILD,
        "service": WILD,
        "priority": WILD,
        "id": WILD,
        "version": WILD,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(GRID_ROW, max_size=5))
def test_any_pasted_grid_saves_its_good_rows_and_names_the_bad_ones(session, forums, rows):
    try:
        result = items.save_grid(session, forums["organizer"], forums.forum_id, rows)
    except ValidationFailed as exc:
        assert all(i18n.error_text(e.code, "id", e.params) for e in exc.errors)
    else:
        assert result is not None
    session.rollback()
