"""One browser tab's worth of Streamlit's wire protocol, without the browser: cookies, the
websocket ``/_stcore/stream``, ``BackMsg.rerun_script`` with widget states, file uploads, and the
``ForwardMsg``s read until ``script_finished``."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import random
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

import websocket  # websocket-client
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

BALANCER_COOKIE = "KLLAB_REPLICA"  # the cookie deploy/haproxy.cfg inserts
XSRF_COOKIE = "_streamlit_xsrf"
FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
ALERT_ERROR = 1  # Alert.Format.ERROR


@dataclass
class Slider:
    """A control the sessions can move: a single-value slider or a number input."""

    id: str
    low: float
    high: float
    step: float
    integer: bool
    query_key: str
    value: float
    number_input: bool = False
    fragment_id: str = ""  # the st.fragment the control is drawn in, if any
    #: A drag slider (ui.drag): moved by its "commit" trigger, as the browser does on release.
    drag: bool = False


@dataclass
class RunResult:
    seconds: float
    received: int
    errors: list[str]


class Session:
    """One browser tab's worth of protocol: cookies, a websocket, the page's sliders."""

    def __init__(self, base_url: str, page: str, query: dict[str, str], timeout: float):
        self.base_url, self.page, self.timeout = base_url, page, timeout
        self.query = dict(query)
        self.cookies = http.cookiejar.CookieJar()
        self.ws: websocket.WebSocket | None = None
        self.sliders: dict[str, Slider] = {}
        self.page_hash = ""
        self.cached: set[str] = set()
        self.replica: str | None = None
        self.session_id = ""
        self.uploaders: list[str] = []  # widget ids of the page's file uploaders
        self.file_urls = None  # the last FileURLsResponse

    def _cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def open(self) -> RunResult:
        """GET the page (cookies), open the websocket and run the page once, as a browser does."""
        self.close()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        query = urllib.parse.urlencode(self.query)
        with opener.open(f"{self.base_url}/{self.page}?{query}", timeout=self.timeout) as page:
            page.read()
        # The browser checks the server's health next (which sets the XSRF cookie) and reads its
        # host configuration, before it opens the websocket.
        for path in ("_stcore/health", "_stcore/host-config"):
            with opener.open(f"{self.base_url}/{path}", timeout=self.timeout) as response:
                response.read()
        self.replica = self._cookie(BALANCER_COOKIE)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.cookies) or None
        xsrf = self._cookie(XSRF_COOKIE)
        self.ws = websocket.create_connection(
            "ws" + self.base_url.removeprefix("http") + "/_stcore/stream",
            timeout=self.timeout,
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            cookie=cookie,
            enable_multithread=False,
        )
        self.page_hash, self.cached = "", set()
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        state.page_name = self.page
        state.widget_states.SetInParent()
        self._context(state.context_info)
        return self._run(message)

    def _context(self, info) -> None:
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base_url}/{self.page}"
        info.is_embedded, info.color_scheme = False, "light"

    def rerun(self, values: dict[str, float]) -> RunResult:
        """Move sliders (by key) to new values and rerun, as a browser does on a slider step."""
        message = BackMsg()
        state = message.rerun_script
        for key, value in values.items():
            slider = self.sliders[key]
            slider.value = value
            if slider.query_key:
                self.query[slider.query_key] = (
                    str(int(value)) if slider.integer else repr(round(value, 10))
                )
        # The browser sends the state of every widget it holds, and when the moved ones sit in
        # one st.fragment, that fragment's id: the server then reruns the fragment only.
        for key, slider in self.sliders.items():
            if slider.drag:
                if key in values:
                    widget = state.widget_states.widgets.add()
                    widget.id = f"$$STREAMLIT_INTERNAL_KEY_{slider.id}__events"
                    widget.json_trigger_value = json.dumps(
                        [{"event": "commit", "value": values[key]}]
                    )
                continue
            widget = state.widget_states.widgets.add()
            widget.id = slider.id
            if slider.number_input and slider.integer:
                widget.int_value = int(slider.value)  # as the browser sends an int input
            elif slider.number_input:
                widget.double_value = slider.value
            else:
                widget.double_array_value.data.append(slider.value)
        fragments = {self.sliders[key].fragment_id for key in values}
        if len(fragments) == 1 and "" not in fragments:
            state.fragment_id = fragments.pop()
        state.query_string = urllib.parse.urlencode(self.query)
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        self._context(state.context_info)
        return self._run(message)

    def upload(self, name: str, data: bytes) -> RunResult:
        """Upload a file through the page's first file uploader, as the browser does, and rerun.

        Ask for upload URLs over the websocket, PUT the file (multipart, with the XSRF token and
        this session's cookies, so a balancer sends it to this session's replica), then rerun
        with the uploader's new state. The time runs from the request to ``script_finished``.
        """
        assert self.ws is not None and self.uploaders, "the page has no file uploader"
        start = time.perf_counter()
        request = BackMsg()
        request.file_urls_request.request_id = f"load-{random.getrandbits(64):x}"
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        self.file_urls = None
        self.ws.send_binary(request.SerializeToString())
        deadline = start + self.timeout
        while self.file_urls is None or (
            self.file_urls.response_id != request.file_urls_request.request_id
        ):
            self.ws.settimeout(max(0.01, deadline - time.perf_counter()))
            opcode, data_in = self.ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError("the server closed the websocket")
            if opcode == websocket.ABNF.OPCODE_BINARY:
                forward = ForwardMsg()
                forward.ParseFromString(data_in)
                if forward.WhichOneof("type") == "file_urls_response":
                    self.file_urls = forward.file_urls_response
        urls = self.file_urls.file_urls[0]
        boundary = f"----load{random.getrandbits(64):x}"
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        put = urllib.request.Request(
            self.base_url + urls.upload_url if urls.upload_url.startswith("/") else urls.upload_url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self._cookie(XSRF_COOKIE) or "",
            },
        )
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(put, timeout=self.timeout) as response:
            response.read()
        message = BackMsg()
        state = message.rerun_script
        widget = state.widget_states.widgets.add()
        widget.id = self.uploaders[0]
        info = widget.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        state.query_string = urllib.parse.urlencode(self.query)
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        self._context(state.context_info)
        result = self._run(message)
        return RunResult(time.perf_counter() - start, result.received + len(body), result.errors)

    def random_values(self, keys: list[str], rng: random.Random) -> dict[str, float]:
        values = {}
        for key in keys:
            s = self.sliders[key]
            steps = max(1, round((s.high - s.low) / s.step))
            value = s.value
            while value == s.value:
                value = round(s.low + s.step * rng.randint(0, steps), 10)
            values[key] = float(int(value)) if s.integer else value
        return values

    def _run(self, message: BackMsg) -> RunResult:
        assert self.ws is not None
        start = time.perf_counter()
        deadline = start + self.timeout
        self.ws.send_binary(message.SerializeToString())
        received, errors = 0, []
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:.0f} s")
            self.ws.settimeout(remaining)
            opcode, data = self.ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError("the server closed the websocket")
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if forward.metadata.cacheable and forward.hash:
                self.cached.add(forward.hash)
            if kind == "delta":
                self._on_delta(forward, errors)
            elif kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id or self.session_id
            elif kind == "file_urls_response":
                self.file_urls = forward.file_urls_response
            elif kind == "navigation" and forward.navigation.page_script_hash:
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_not_found":
                errors.append(f"page not found: {forward.page_not_found.page_name}")
            elif kind == "script_finished":
                if forward.script_finished not in FINISHED_OK:
                    status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                    errors.append(f"script finished with {status}")
                return RunResult(time.perf_counter() - start, received, errors)

    def _on_delta(self, forward: ForwardMsg, errors: list[str]) -> None:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            errors.append(f"exception: {element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == ALERT_ERROR:
            errors.append(f"error shown: {element.alert.body[:120]}")
        elif (
            kind == "slider"
            and len(element.slider.default) == 1
            # A select_slider's state is its option's label, not a number: left to the page.
            and element.slider.type != element.slider.Type.SELECT_SLIDER
        ):
            s = element.slider
            key = s.id.split("-", 2)[2] if s.id.startswith("$$ID-") else s.id
            self.sliders[key] = Slider(
                id=s.id,
                low=s.min,
                high=s.max,
                step=s.step or 0.01,
                integer=s.data_type == s.DataType.INT,
                query_key=s.query_param_key,
                value=s.value[0] if s.value else (s.default[0] if s.default else s.min),
                fragment_id=delta.fragment_id,
            )
        elif kind == "bidi_component" and element.bidi_component.component_name.endswith(
            "kl_drag_slider"
        ):
            spec = json.loads(element.bidi_component.bytes)
            self.sliders[spec["key"]] = Slider(
                id=element.bidi_component.id,
                low=spec["min"],
                high=spec["max"],
                step=spec["step"],
                integer=False,
                query_key=spec["key"],
                value=spec["value"],
                fragment_id=delta.fragment_id,
                drag=True,
            )
        elif kind == "file_uploader" and element.file_uploader.id not in self.uploaders:
            self.uploaders.append(element.file_uploader.id)
        elif kind == "number_input":
            s = element.number_input
            key = s.id.split("-", 2)[2] if s.id.startswith("$$ID-") else s.id
            integer = s.data_type == s.DataType.INT
            low = s.min if s.has_min else 0.0
            step = s.step or (1 if integer else 0.01)
            high = min(s.max if s.has_max else low + 1000 * step, low + 10**6)
            self.sliders[key] = Slider(
                id=s.id,
                low=low,
                high=high,
                step=step,
                integer=integer,
                query_key=s.query_param_key,
                value=s.value if s.set_value else s.default,
                number_input=True,
                fragment_id=delta.fragment_id,
            )

    def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                self.ws.close(timeout=1)
            self.ws = None
