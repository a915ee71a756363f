"""One browser tab at the protocol level: Streamlit's websocket stream and its protobuf messages.

What the browser does, read from the installed streamlit (web/server/starlette/starlette_websocket.py,
runtime/app_session.py) and its frontend's behaviour:
- it opens `<base>/_stcore/stream` with the subprotocol header `streamlit[, xsrf token[, session id]]`;
  the XSRF token only unlocks Streamlit's own st.login cookie, which Sigap does not use, so none is sent.
  The Origin header, when sent, must match the Host (same origin), so the one sent here is the URL's;
- every run is one `BackMsg.rerun_script` carrying a `ClientState`: the query string, the page
  (`page_script_hash`, or `page_name` for the first run of a deep link), the context (URL, timezone,
  locale) and the values of every widget on the screen (`WidgetStates`); a click is a `trigger_value`
  that lives for that one run;
- the server answers with ForwardMsgs: `new_session` at the start of each run, `navigation` (the page
  list), `delta`s (the elements, addressed by `metadata.delta_path`) and `script_finished`. A run that
  calls st.rerun() or st.switch_page() ends FINISHED_EARLY_FOR_RERUN and another run follows at once,
  so a page is done at the first `script_finished` that is not an early one.

`Tab` keeps, as the browser does, the value of each widget the user set, and drops a value when its
widget is no longer drawn; widgets left alone take their defaults on the server.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")
MAX_MESSAGE_BYTES = 200 * 1024 * 1024  # Streamlit's own server.maxMessageSize default (200 MB)


class Dropped(Exception):
    """The socket closed, or the server sent nothing for too long, in the middle of a run."""


@dataclass
class Page:
    """A page the app put in its navigation message."""

    script_hash: str
    name: str
    url_path: str
    section: str
    hidden: bool


@dataclass
class Run:
    """What one rerun request drew: the elements of the last script run (in order), the time from
    sending the request to the final `script_finished`, and how many script runs that took."""

    elements: list  # streamlit.proto Element messages
    seconds: float
    script_runs: int
    compile_error: bool = False

    def of_type(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def widget(self, kind: str, label: str):
        """The widget of that kind whose label starts with `label` (Markdown stars ignored)."""
        for w in self.of_type(kind):
            if w.label.replace("*", "").startswith(label):
                return w
        raise LookupError(f"no {kind} labelled {label!r} on the page")

    def texts(self) -> list[str]:
        out = []
        for e in self.elements:
            kind = e.WhichOneof("type")
            if kind == "markdown":
                out.append(e.markdown.body)
            elif kind == "heading":
                out.append(e.heading.body)
            elif kind == "alert":
                out.append(e.alert.body)
        return out


@dataclass
class Tab:
    """One browser tab connected to a Streamlit server (use `await Tab.open(url)`)."""

    base: str
    socket: object
    timeout: float
    pages: list[Page] = field(default_factory=list)
    current_hash: str = ""
    values: dict[str, WidgetState] = field(default_factory=dict)
    think: Callable[[], float] | None = None  # seconds the person reads a screen before the next action
    _runs: int = 0

    @classmethod
    async def open(cls, url: str, timeout: float = 60.0) -> Tab:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        stream = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        try:
            socket = await asyncio.wait_for(
                connect(
                    stream,
                    subprotocols=["streamlit"],
                    origin=f"{parts.scheme}://{parts.netloc}",
                    max_size=MAX_MESSAGE_BYTES,
                    open_timeout=timeout,
                    ping_interval=None,  # the browser sends no pings either; a long run must not drop it
                    compression=None,
                ),
                timeout,
            )
        except (OSError, TimeoutError, ConnectionClosed) as exc:
            raise Dropped(f"could not open {stream}: {exc}") from exc
        return cls(base=base, socket=socket, timeout=timeout)

    async def close(self) -> None:
        await self.socket.close()

    def page(self, url_path: str) -> Page:
        for p in self.pages:
            if p.url_path == url_path:
                return p
        raise LookupError(f"page {url_path!r} is not in this user's navigation")

    def sidebar_pages(self) -> list[Page]:
        return [p for p in self.pages if not p.hidden]

    # --- widget values, as the browser's widget state manager keeps them ----------------------------

    def set_text(self, widget, text: str) -> None:
        self.values[widget.id] = WidgetState(id=widget.id, string_value=text)

    def choose(self, widget, option: str) -> None:
        """A selectbox or radio option, by its label as drawn (the browser sends the label)."""
        if option not in widget.options:
            raise LookupError(f"{widget.label!r} has no option {option!r}")
        self.values[widget.id] = WidgetState(id=widget.id, string_value=option)

    def set_number(self, widget, value: float) -> None:
        self.values[widget.id] = WidgetState(id=widget.id, double_value=value)

    def set_bool(self, widget, value: bool) -> None:
        self.values[widget.id] = WidgetState(id=widget.id, bool_value=value)

    # --- runs --------------------------------------------------------------------------------------

    async def load(self, url_path: str = "") -> Run:
        """The first run of a tab opened at `<base>/<url_path>` (what a typed address or refresh does)."""
        return await self._rerun(page_name=url_path, url=f"{self.base}/{url_path}")

    async def goto(self, url_path: str) -> Run:
        """A click on a page in the sidebar."""
        page = self.page(url_path)
        self.values.clear()  # the widgets of the page left behind are gone
        return await self._rerun(page_hash=page.script_hash, url=f"{self.base}/{page.url_path}")

    async def rerun(self, click=None) -> Run:
        """A run of the current page with the widget values set so far, and `click` (a button) pressed."""
        return await self._rerun(page_hash=self.current_hash, click=click, url=self._url())

    def _url(self) -> str:
        for p in self.pages:
            if p.script_hash == self.current_hash:
                return f"{self.base}/{p.url_path}"
        return self.base

    async def _rerun(self, *, page_hash: str = "", page_name: str = "", click=None, url: str = "") -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_script_hash = page_hash
        state.page_name = page_name
        state.context_info.url = url
        state.context_info.timezone = "Asia/Jakarta"
        state.context_info.timezone_offset = -420  # minutes, as JavaScript's getTimezoneOffset()
        state.context_info.locale = "id-ID"
        state.widget_states.widgets.extend(self.values.values())
        if click is not None:
            state.widget_states.widgets.append(WidgetState(id=click.id, trigger_value=True))
        if self.think is not None and self._runs:
            await asyncio.sleep(self.think())  # reading the last screen: not part of the run's time
        self._runs += 1
        started = time.perf_counter()
        try:
            await self.socket.send(msg.SerializeToString())
            run = await self._read_until_finished()
        except ConnectionClosed as exc:
            raise Dropped(f"socket closed during a run: {exc}") from exc
        run.seconds = time.perf_counter() - started
        drawn = _widget_ids(run.elements)  # the browser forgets the values of widgets no longer drawn
        self.values = {k: v for k, v in self.values.items() if k in drawn}
        return run

    async def _read_until_finished(self) -> Run:
        elements: dict[tuple, object] = {}
        runs = 0
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Dropped(f"no script_finished within {self.timeout:.0f} s")
            try:
                raw = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError as exc:
                raise Dropped(f"no script_finished within {self.timeout:.0f} s") from exc
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                elements = {}  # a new script run redraws the screen
                runs += 1
            elif kind == "navigation":
                self.pages = [
                    Page(p.page_script_hash, p.page_name, p.url_pathname, p.section_header, p.is_hidden)
                    for p in fwd.navigation.app_pages
                ]
                self.current_hash = fwd.navigation.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                elements[tuple(fwd.metadata.delta_path)] = fwd.delta.new_element
            elif kind == "script_finished" and fwd.script_finished != EARLY:
                ordered = [elements[k] for k in sorted(elements)]
                return Run(ordered, 0.0, runs, compile_error=fwd.script_finished == COMPILE_ERROR)


def _widget_ids(elements: list) -> set[str]:
    """The ids of the widgets drawn (every widget proto has a string field `id`)."""
    ids = set()
    for e in elements:
        widget = getattr(e, e.WhichOneof("type"))
        if "id" in widget.DESCRIPTOR.fields_by_name:
            ids.add(widget.id)
    return ids
