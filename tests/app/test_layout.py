"""The page's shape: dashboard.py is a frame over app/, which keeps the address and the session
in one module, and its style sheets and script in files of their own."""

import ast
from importlib.resources import files

from streamlit.testing.v1 import AppTest

from app.setup import style
from app.sidebar import page_script
from tests.conftest import ROOT

APP = sorted((ROOT / "app").rglob("*.py"))


def functions(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, node.end_lineno - start + 1


def test_the_page_is_a_frame_of_short_functions():
    assert len((ROOT / "dashboard.py").read_text(encoding="utf-8").splitlines()) < 60
    for path in [ROOT / "dashboard.py", *APP]:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path
        long = {name: lines for name, lines in functions(path) if lines > 60}
        assert not long, f"{path.name}: {long}"


def test_only_app_state_reads_the_address_and_the_session():
    """Every address parameter and session key is named in app/state.py: no other module of the
    page touches st.query_params or st.session_state."""
    for path in [ROOT / "dashboard.py", *APP]:
        if path.name == "state.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "query_params" not in text and "session_state" not in text, path


def test_the_style_sheets_and_the_script_are_read_from_their_files():
    figure = style("figure.css")
    assert figure.startswith("<style>") and figure.endswith("</style>")
    assert '[data-testid="stSidebar"]' in figure and "display: none !important" in figure
    assert "@media (max-width: 700px)" in style("narrow_screen.css")
    script = page_script("2023-01-06/2023-01-12")
    assert 'window.peruShownDates = "2023-01-06/2023-01-12";' in script
    assert "SHOWN_DATES" not in script and script.count("<script>") == script.count("</script>") == 2
    assert (files("app") / "js" / "dates_guard.js").is_file()


def test_figure_mode_hides_the_controls_and_the_page_hides_nothing():
    """Figure mode sends the style sheet that hides the sidebar; the page, the compact one."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"figure": "1", "lang": "en"})
    at.run()
    assert not at.exception, at.exception
    sent = " ".join(e.proto.body for e in at.get("html"))
    assert "stSidebarCollapsedControl" in sent and "st-key-headline" not in sent
    assert not at.metric and not at.get("tabs")  # no headline, no sections: the map alone
