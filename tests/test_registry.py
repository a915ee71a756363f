"""The module registry: what each module declares exists and is reachable, so a typo in a
declaration fails here, not in front of a user."""

from __future__ import annotations

from pathlib import Path

import pytest

from services import i18n, registry
from services.core.modules import resolve

ROOT = Path(__file__).resolve().parents[1]
MODULES = registry.MODULES


def test_module_names_are_unique_and_the_core_comes_first():
    names = [m.name for m in MODULES]
    assert len(names) == len(set(names)) and names[0] == "core"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_each_module_has_its_folder_in_every_layer(module):
    assert (ROOT / "services" / module.name / "__init__.py").exists()
    assert (ROOT / "pages" / module.name).is_dir()
    assert (ROOT / "tests" / module.name).is_dir()
    assert (ROOT / "models" / module.name).is_dir() or (ROOT / "models" / f"{module.name}.py").exists()
    assert module.messages in i18n.CATALOGUES


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_every_page_script_exists_under_its_modules_folder(module):
    for page in module.pages:
        assert (ROOT / page.path).is_file(), page.path
        assert page.path.startswith(f"pages/{module.name}/"), page.path
        assert i18n.has(page.title_key) and i18n.has(page.section), page


def test_page_urls_are_unique_and_every_section_has_an_order():
    urls = [p.url_path for p in registry.pages()]
    assert len(urls) == len(set(urls))
    assert {p.section for p in registry.pages()} <= set(registry.sections())


def test_every_dotted_hook_resolves():
    for m in MODULES:
        for dotted in [p.render for p in m.panels] + [m.demo, m.scale, m.cli]:
            if dotted:
                assert callable(resolve(dotted)), dotted


def test_every_catalogue_file_belongs_to_a_module():
    assert set(i18n.CATALOGUES) == {m.messages for m in MODULES}


def test_the_home_page_hears_every_modules_providers(session, world):
    """registry.attention asks every provider; a provider that raises would surface here."""
    for who in ("admin", "manager", "officer"):
        assert isinstance(registry.attention(session, world[who]), list)
        assert isinstance(registry.figures(session, world[who]), list)


def test_every_origin_provider_answers_for_any_record(session, world):
    """registry.origins asks every module's origins hook; unknown records or keys give nothing."""
    for who in ("admin", "manager", "officer", "trainer"):
        assert registry.origins(session, world[who], "complaint", "WGR-2026-000001") == []
        assert registry.origins(session, world[who], "no-such-record", "") == []
