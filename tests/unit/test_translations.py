"""Localisation: catalogues of a scenario and its mods, the language setting, the program's words.

The words a player reads may come in another language from gettext catalogues;
play never changes (same digest, same game), English shows wherever a
translation is missing, and every broken catalogue is a diagnostic with its line.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from game.i18n import _, language_name, ngettext, set_language, system_language
from game.ruleset.catalogues import read_catalogue
from game.ruleset.load import check_ruleset, load_ruleset
from game.ruleset.texts import localised, missing_messages, ruleset_words
from game.session.library import REPO
from game.session.settings import Settings, load_settings, save_settings

CAUCASUS = REPO / "rules" / "caucasus-2020"
TINY = Path(__file__).resolve().parents[1] / "scenarios" / "tiny"
UI_RU = REPO / "assets" / "locale" / "ru.po"


@pytest.fixture(autouse=True)
def english_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each test starts and ends with the program in English, its settings its own."""
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    set_language("en")
    yield
    set_language("en")


def po(*entries: tuple[str, str], header: str = "ru") -> str:
    head = (
        f'msgid ""\nmsgstr ""\n"Language: {header}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    body = "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in entries)
    return head + body


def copy_tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def scenario_and_mod(
    tmp_path: Path, translated: str, patch: str, *mod_po: tuple[str, str]
) -> tuple[Path, Path, str, str]:
    """Tiny with a Russian catalogue translating its first card's title as ``translated``,
    and a mod 'renamed' patching that card (``patch``, a YAML mapping) with a catalogue of
    its own: (scenario folder, mod folder, the card's id, its English title)."""
    folder = copy_tiny(tmp_path)
    ident, title = first_card(folder)
    (folder / "locale").mkdir()
    (folder / "locale" / "ru.po").write_text(po((title, translated)), encoding="utf-8")
    rules = load_ruleset(folder)
    mod = tmp_path / "renamed"
    (mod / "locale").mkdir(parents=True)
    (mod / "mod.yaml").write_text(
        "id: renamed\nname: Renamed\nversion: '1.0'\nformat: 2\n"
        f"requires: {{scenario: {rules.id}}}\n",
        encoding="utf-8",
    )
    (mod / "cards.yaml").write_text(f"cards:\n  {ident}:\n    patch: {patch}\n", encoding="utf-8")
    (mod / "locale" / "ru.po").write_text(po(*mod_po), encoding="utf-8")
    return folder, mod, ident, title


def first_card(folder: Path) -> tuple[str, str]:
    rules = load_ruleset(folder)
    ident, card = next(iter(rules.cards.items()))
    return ident, card.title


# -- reading catalogues ----------------------------------------------------------------------


def test_a_catalogue_gives_its_translations_and_leaves_out_fuzzy_and_empty_ones() -> None:
    text = po(("Hello", "Привет"), ("Empty", "")) + '\n#, fuzzy\nmsgid "Old"\nmsgstr "Старое"\n'
    catalogue, problems = read_catalogue(text, "ru.po", "ru")
    assert problems == []
    assert dict(catalogue.messages) == {"Hello": "Привет"}
    assert set(catalogue.positions) == {"Hello", "Empty", "Old"}
    assert catalogue.positions["Hello"].line == 6


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', 4, "cannot be read"),
        ('msgid "a"\nmsgstr "b"\nhello world\n', 3, "cannot be read"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "translated twice"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid ""\n"a"\nmsgstr "c"\n', 4, "translated twice"),
        ('msgid "a"\nmsgstrr "b"\n', 2, "cannot be read"),
    ],
    ids=["unclosed quote", "no keyword", "twice", "twice, split", "misspelt keyword"],
)
def test_a_broken_catalogue_is_an_error_at_its_line(text: str, line: int, words: str) -> None:
    _catalogue, problems = read_catalogue(text, "ru.po", "ru")
    assert [p.code for p in problems] == ["E0701"]
    assert problems[0].pos is not None and problems[0].pos.line == line
    assert words in problems[0].message and problems[0].hint


@pytest.mark.parametrize(
    ("name", "words"),
    [("xx.po", "not a language code"), ("russian.po", "not named"), ("ru.bak.po", "not named")],
)
def test_a_catalogue_not_named_for_a_language_is_an_error(
    tmp_path: Path, name: str, words: str
) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "locale").mkdir()
    (folder / "locale" / name).write_text(po(), encoding="utf-8")
    rules, diags, _ = check_ruleset(folder)
    assert rules is None
    assert [d.code for d in diags] == ["E0701"] and words in diags[0].message


def test_a_catalogue_not_in_utf8_is_an_error(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "locale").mkdir()
    (folder / "locale" / "ru.po").write_bytes(po(("a", "b")).encode() + b"\n# \xff\xfe\n")
    _rules, diags, _ = check_ruleset(folder)
    assert [d.code for d in diags] == ["E0701"] and "UTF-8" in diags[0].message


# -- a scenario's words ----------------------------------------------------------------------


def test_the_shipped_russian_catalogue_translates_every_card_title() -> None:
    rules = load_ruleset(CAUCASUS)
    ru = localised(rules, "ru")
    assert "ru" in rules.catalogues
    for ident, card in rules.cards.items():
        assert ru.cards[ident].title != card.title, ident
        assert re.search("[а-яА-Я]", ru.cards[ident].title), ident
        assert ru.cards[ident].text == card.text  # the rest stays English
    assert ru.manifest.title.startswith("Ближнее зарубежье")
    assert ru.actors["russia"].name == "Российская Федерация"


def test_words_never_change_play(tmp_path: Path) -> None:
    """Every text translated (a test catalogue): whole games reach the same states, digest
    for digest, as in English, and a save made in the translation loads in English. The
    engine writes words into a position (an option's prompt is a card's title, a sudden
    end's reason a condition's title): it plays on the original's words."""
    import attrs

    from game.engine import new_game
    from game.ruleset.texts import Catalogue
    from game.session import storage
    from game.session.replay import resume
    from game.session.session import Session

    rules = load_ruleset(CAUCASUS)
    every = {t: "Ж" + t for t in ruleset_words(rules)}
    base = attrs.evolve(rules, catalogues={"xx": Catalogue("xx", every)})
    translated = localised(base, "xx")
    assert translated.cards["trilateral_statement"].title.startswith("Ж")
    assert translated.digest == rules.digest and translated.original is base
    assert localised(translated, "en") is base  # back to the words it was written in
    steps = 0
    for seed in range(10):
        a, b = new_game(rules, seed=seed), new_game(translated, seed=seed)
        pick = random.Random(seed)
        while not a.is_over():
            legal = a.legal_actions()
            assert legal == b.legal_actions()
            act = a.sample_chance() if a.is_chance_node() else pick.choice(legal)
            a, b = a.apply(act), b.apply(act)
            assert a.digest() == b.digest(), (seed, a.step)
            steps += 1
        assert b.is_over() and b.result == a.result
    assert steps > 5000
    session = Session(translated, seed=3)
    pick = random.Random(3)
    while not session.state.is_over():
        session.act(pick.choice(session.state.legal_actions()))
    saved = storage.save(session.record, tmp_path / "game.json")
    again = resume(storage.load(saved), rules)  # the English rules: every checkpoint holds
    assert again.state.digest() == session.state.digest()


def test_catalogues_are_not_part_of_the_rules_digest(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    before = load_ruleset(folder).digest
    ident, title = first_card(folder)
    (folder / "locale").mkdir()
    (folder / "locale" / "de.po").write_text(po((title, "Titel"), header="de"), encoding="utf-8")
    rules = load_ruleset(folder)
    assert rules.digest == before
    assert localised(rules, "de").cards[ident].title == "Titel"
    assert localised(rules, "de_AT").cards[ident].title == "Titel"  # the base language serves
    assert localised(rules, "fr") is rules  # nothing to translate: the same object


def test_a_translation_of_a_text_the_rules_lack_is_a_warning_at_its_line(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    _ident, title = first_card(folder)
    (folder / "locale").mkdir()
    (folder / "locale" / "ru.po").write_text(
        po((title, "Заголовок"), (title + " (old)", "Старый")), encoding="utf-8"
    )
    rules, diags, _ = check_ruleset(folder)
    assert rules is not None
    unused = [d for d in diags if d.code == "W0703"]
    assert len(unused) == 1 and "(old)" in unused[0].message
    assert unused[0].pos is not None and unused[0].pos.line == 9
    assert unused[0].pos.file.endswith("ru.po")


def test_missing_translations_are_listed_at_their_place_in_the_rules(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    _ident, title = first_card(folder)
    (folder / "locale").mkdir()
    (folder / "locale" / "ru.po").write_text(po((title, "Заголовок")), encoding="utf-8")
    rules = load_ruleset(folder)
    missing = missing_messages(rules, "ru")
    assert {d.code for d in missing} == {"W0702"}
    assert len(missing) == len(ruleset_words(rules)) - 1
    assert all(d.pos is not None and d.pos.file.endswith(".yaml") for d in missing)
    assert not any(title in d.message for d in missing)


def test_a_mod_translates_its_own_words_and_may_correct_the_scenarios(tmp_path: Path) -> None:
    folder, mod, ident, title = scenario_and_mod(
        tmp_path,
        "Первый",
        "{text: A new text.}",
        ("One", "Второй"),
        ("A new text.", "Новый текст."),
    )
    assert title == "One"  # the mod's catalogue says it by its English
    modded, diags, _ = check_ruleset(folder, [mod])
    assert modded is not None, diags
    card = localised(modded, "ru").cards[ident]
    assert (card.title, card.text) == ("Второй", "Новый текст.")
    assert modded.catalogues["ru"].files == (
        str(folder / "locale" / "ru.po"),
        str(mod / "locale" / "ru.po"),
    )


# -- the program's words and the setting ---------------------------------------------------


def test_the_programs_words_follow_the_language_with_english_as_the_fallback() -> None:
    assert _("Start the game") == "Start the game"
    assert set_language("ru") == ""
    assert _("Start the game") == "Начать игру"
    assert _("a text nobody translated") == "a text nobody translated"
    assert [ngettext("{n} card", "{n} cards", n) for n in (1, 3, 5)] == [
        "{n} card",
        "{n} cards",
        "{n} cards",
    ]  # untranslated plurals keep the English forms
    assert set_language("ru_UA") == "" and _("Start the game") == "Начать игру"
    assert set_language("de") == "" and _("Start the game") == "Start the game"
    assert language_name("ru") == "Русский" and language_name("xx") == "xx"


def test_the_language_comes_from_the_settings_else_the_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from game.i18n import chosen_language

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    assert system_language() == "en" and chosen_language() == "en"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert system_language() == "ru_RU" and chosen_language() == "ru_RU"
    save_settings(Settings(language="de"))
    assert chosen_language() == "de"


def test_a_bad_language_setting_is_said_and_the_system_language_used() -> None:
    from game.session.settings import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"ui_scale": 1.5, "language": "../../x"}', encoding="utf-8")
    settings, problem = load_settings()
    assert settings == Settings(ui_scale=1.5, language="")
    assert "not a language code" in problem and str(path) in problem


def test_the_programs_russian_catalogue_is_complete_and_its_placeholders_agree() -> None:
    """Every marked text of the program is translated, and no translation names a
    {placeholder} its English lacks (that would raise KeyError when the screen is drawn; one
    left out is fine: 'Это я — показать мою руку' needs no name)."""
    from babel.messages.pofile import read_po

    catalogue = read_po(UI_RU.open("rb"), locale="ru")
    entries = [m for m in catalogue if m.id]
    assert len(entries) > 60
    for m in entries:
        assert m.string and not m.fuzzy, m.id
        assert set(re.findall(r"\{\w*\}", m.string)) <= set(re.findall(r"\{\w*\}", m.id)), m.id
    assert not catalogue.obsolete


def test_the_programs_catalogues_are_up_to_date_with_the_code() -> None:
    """A text marked in the code and missing from a catalogue (or the reverse) fails here;
    tools/update_catalogues.py mends it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "update_catalogues", REPO / "tools" / "update_catalogues.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main(["--check"]) == 0


def test_a_mod_changing_a_translated_text_warns_only_of_its_own_catalogue(tmp_path: Path) -> None:
    """The scenario's translation of a title a mod renames is right for the scenario (it is
    checked when the scenario is validated alone); the mod's stale entries are flagged."""
    folder, mod, ident, _title = scenario_and_mod(
        tmp_path,
        "Первый",
        "{title: Renamed}",
        ("Renamed", "Переименован"),
        ("Gone text", "Пропало"),
    )
    modded, diags, _ = check_ruleset(folder, [mod])
    assert modded is not None
    unused = [d for d in diags if d.code == "W0703"]
    assert len(unused) == 1 and "Gone text" in unused[0].message, unused
    assert unused[0].pos is not None and unused[0].pos.file == str(mod / "locale" / "ru.po")
    assert localised(modded, "ru").cards[ident].title == "Переименован"


def test_play_language_is_kept_and_the_terminal_shows_the_scenarios_words(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEAR_ABROAD_HOME": str(tmp_path / "home"), "LANGUAGE": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "game", "play", "--text", "--language", "ru", "--seed", "2"],
        input="quit\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "Ближнее зарубежье: Южный Кавказ, осень 2020" in done.stdout
    assert "Неделя 1: начало войны" in done.stdout  # the engine's turn name, in its words
    assert '"language": "ru"' in (tmp_path / "home" / "settings.json").read_text()


@pytest.mark.parametrize(
    ("charset", "words"), [("utf8x", "cannot be read"), ("latin-1", "catalogues are UTF-8")]
)
def test_a_catalogue_in_another_charset_is_an_error(charset: str, words: str) -> None:
    """An unknown charset crashed the load (LookupError); a known other one garbled words."""
    text = (
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
        'msgid "a"\nmsgstr "б"\n'
    )
    catalogue, problems = read_catalogue(text, "ru.po", "ru")
    assert [p.code for p in problems] == ["E0701"] and words in problems[0].message
    assert dict(catalogue.messages) == {}


def test_a_language_code_with_a_trailing_newline_is_refused() -> None:
    from game.session.settings import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"language": "ru\\n"}', encoding="utf-8")
    settings, problem = load_settings()
    assert settings.language == "" and "not a language code" in problem


def test_validate_language_falls_back_to_the_base_language_as_play_does() -> None:
    rules = load_ruleset(CAUCASUS)
    assert len(missing_messages(rules, "ru_RU")) == len(missing_messages(rules, "ru"))
    assert len(missing_messages(rules, "ru")) < len(missing_messages(rules, "de"))


def test_control_names_an_inject_in_the_translation_or_in_english() -> None:
    """The terminal's Control reads the translation's words; the English ones work too."""
    import attrs

    from game.engine import CONTROL, new_game
    from game.engine.control import FireInject
    from game.ruleset.texts import Catalogue
    from game.terminal_control import inject_rows, parse

    rules = load_ruleset(CAUCASUS)
    ident, event = next((k, e) for k, e in rules.events.items() if e.manual)
    base = attrs.evolve(rules, catalogues={"xx": Catalogue("xx", {event.title: "Сводка"})})
    translated = localised(base, "xx")
    state = new_game(translated, seed=1, control=True)
    assert parse(state, "fire Сводка", translated) == FireInject(ident)
    assert parse(state, f"fire {event.title}", translated) == FireInject(ident)
    assert any("Сводка" in row for row in inject_rows(state, translated))
    assert CONTROL


def test_a_catalogue_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    ident, title = first_card(folder)
    (folder / "locale").mkdir()
    (folder / "locale" / "ru.po").write_bytes(b"\xef\xbb\xbf" + po((title, "Первый")).encode())
    rules, diags, _ = check_ruleset(folder)
    assert rules is not None and not [d for d in diags if d.code.startswith("E")]
    assert localised(rules, "ru").cards[ident].title == "Первый"


def test_missing_translations_name_the_file_that_holds_them() -> None:
    rules = load_ruleset(CAUCASUS)
    assert "locale/ru.po" in (missing_messages(rules, "ru_RU")[0].hint or "")
    assert "locale/de.po" in (missing_messages(rules, "de")[0].hint or "")
