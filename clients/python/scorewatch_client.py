"""Client of the scorewatch model-monitoring API for a model API written in Python.

Standard library only (Python 3.9+). ``log_prediction`` and ``collect_ground_truth`` have the
signatures of the monitoring guide's functions and return at once: a background thread sends
what they queue in batches (``POST /api/v1/predictions/batch`` and
``POST /api/v1/ground-truth/batch``, JSON arrays, header ``X-API-Key``), retries with backoff
while the service is unreachable or answers 5xx, and flushes when the interpreter exits.

    client = ScorewatchClient("http://scorewatch:8080", api_key="...")
    client.log_prediction(client_id, features, prediction, probability)
    client.collect_ground_truth(client_id, actual_default, days_to_default)

Every prediction carries a ``prediction_id`` (a time-ordered UUID, version 7, unless the caller
gives one), so a batch sent again after a lost answer is stored once: the service answers the
repeated items as duplicates and keeps the first copy. Ids that follow time keep the service's
unique index of ids growing at its end.
"""

import atexit
import collections
import datetime as _dt
import http.client
import json
import logging
import math
import random
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid

__all__ = ["ScorewatchClient", "ScorewatchHandler", "DROP", "BLOCK"]
__version__ = "0.1.0"

log = logging.getLogger("scorewatch_client")


def new_prediction_id():
    """A UUID of version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits."""
    millis = int(time.time() * 1000) & ((1 << 48) - 1)
    bits = (millis << 80) | (0x7 << 76) | (random.getrandbits(12) << 64) | (0b10 << 62) \
        | random.getrandbits(62)
    return str(uuid.UUID(int=bits))

#: When the queue is full: drop the new item and count it.
DROP = "drop"
#: When the queue is full: wait up to ``block_timeout`` seconds for room, then drop and count.
BLOCK = "block"

_PREDICTION = "prediction"
_LABEL = "ground_truth"
_PATHS = {_PREDICTION: "/api/v1/predictions/batch", _LABEL: "/api/v1/ground-truth/batch"}
# answered 4xx, yet worth sending again: the request timed out, or the service asks to slow down
_RETRYABLE_4XX = (408, 429)


class ScorewatchClient:
    """Queues predictions and outcomes and posts them to scorewatch from one background thread.

    :param base_url: the service, e.g. ``http://scorewatch:8080``
    :param api_key: a key of the ``ingest`` role, sent as ``X-API-Key``
    :param model: the model name sent with every prediction (the service's default model when None)
    :param model_version: the version sent with every prediction unless a call gives its own
    :param tags: segment tags sent with every prediction (merged with a call's own ``tags``)
    :param max_queue_size: items (predictions and outcomes) waiting to be sent, at most
    :param on_full: ``DROP`` (default) or ``BLOCK`` when the queue is full
    :param block_timeout: with ``BLOCK``, seconds a call waits for room before it drops
    :param batch_size: items in one request, at most (the service takes up to 10,000)
    :param flush_interval: seconds an item may wait for a fuller batch before it is sent
    :param request_timeout: seconds one HTTP request may take
    :param backoff_initial: seconds before the first retry; doubled each further retry
    :param backoff_max: the longest wait between two retries
    :param exit_timeout: seconds the interpreter's exit waits for the queue to drain (0: not at all)
    """

    def __init__(self, base_url, api_key, *, model=None, model_version=None, tags=None,
                 max_queue_size=10_000, on_full=DROP, block_timeout=1.0, batch_size=500,
                 flush_interval=1.0, request_timeout=10.0, backoff_initial=0.5, backoff_max=30.0,
                 exit_timeout=10.0):
        if on_full not in (DROP, BLOCK):
            raise ValueError("on_full must be %r or %r, was %r" % (DROP, BLOCK, on_full))
        if max_queue_size < 1 or batch_size < 1:
            raise ValueError("max_queue_size and batch_size must be at least 1")
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.model = model
        self.model_version = model_version
        self.tags = dict(tags) if tags else {}
        self.max_queue_size = max_queue_size
        self.on_full = on_full
        self.block_timeout = block_timeout
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.request_timeout = request_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.exit_timeout = exit_timeout

        self._lock = threading.Condition()
        self._queue = collections.deque()
        self._in_flight = 0          # items taken from the queue, not yet sent or given up
        self._flush_requested = False
        self._closed = False
        self._stopping = False       # the worker ends once this is set and it has nothing to do
        self._counts = collections.Counter()

        self._worker = threading.Thread(target=self._run, name="scorewatch-client", daemon=True)
        self._worker.start()
        if exit_timeout > 0:
            atexit.register(self._close_at_exit)

    # ------------------------------------------------------------------ the monitoring guide's calls

    def log_prediction(self, client_id, features, prediction, probability, timestamp=None, *,
                       prediction_id=None, model=None, model_version=None, tags=None, latency_ms=None):
        """Queues one prediction; answers its ``prediction_id``, or None when the queue had no room.

        ``timestamp`` (a ``datetime`` or an ISO-8601 string) defaults to the time of this call, so
        that a prediction sent late still counts when it was made. Raises ``ValueError`` at once
        for a prediction the service would refuse (probability not in [0, 1], prediction not 0/1).
        """
        probability = float(probability)
        if not (0.0 <= probability <= 1.0):
            raise ValueError("probability must be a number in [0, 1], was %r" % probability)
        if prediction is not None:
            prediction = int(prediction)
            if prediction not in (0, 1):
                raise ValueError("prediction must be 0 or 1, was %r" % prediction)
        if features is not None and not isinstance(features, dict):
            raise ValueError("features must be a dict of name -> number, string or None")
        item = {
            "prediction_id": str(prediction_id) if prediction_id is not None else new_prediction_id(),
            "timestamp": _iso(timestamp) if timestamp is not None else _now(),
            "client_id": None if client_id is None else str(client_id),
            "prediction": prediction,
            "probability": probability,
            "features": _features(features),
        }
        chosen_model = model if model is not None else self.model
        if chosen_model is not None:
            item["model"] = chosen_model
        version = model_version if model_version is not None else self.model_version
        if version is not None:
            item["model_version"] = str(version)
        all_tags = dict(self.tags)
        all_tags.update(tags or {})
        if all_tags:
            item["tags"] = {str(k): str(v) for k, v in all_tags.items()}
        if latency_ms is not None:
            item["latency_ms"] = float(latency_ms)
        return item["prediction_id"] if self._put(_PREDICTION, item) else None

    def collect_ground_truth(self, client_id, actual_default, days_to_default=None, *,
                             prediction_id=None, model=None, timestamp=None):
        """Queues the real outcome of a client; answers False when the queue had no room.

        By ``client_id`` the service joins the outcome to the client's latest prediction at or
        before the outcome's ``timestamp`` (default: the time of this call); by ``prediction_id``,
        to that prediction. An outcome that arrives before its prediction waits for it.
        """
        if client_id is None and prediction_id is None:
            raise ValueError("client_id or prediction_id is required")
        actual_default = int(actual_default)
        if actual_default not in (0, 1):
            raise ValueError("actual_default must be 0 or 1, was %r" % actual_default)
        item = {
            "actual_default": actual_default,
            "timestamp": _iso(timestamp) if timestamp is not None else _now(),
        }
        if client_id is not None:
            item["client_id"] = str(client_id)
        if prediction_id is not None:
            item["prediction_id"] = str(prediction_id)
        if days_to_default is not None:
            days = int(days_to_default)
            if days < 0:
                raise ValueError("days_to_default must be >= 0, was %r" % days_to_default)
            item["days_to_default"] = days
        chosen_model = model if model is not None else self.model
        if chosen_model is not None:
            item["model"] = chosen_model
        return self._put(_LABEL, item)

    # ------------------------------------------------------------------ lifecycle

    def flush(self, timeout=None):
        """Sends everything queued so far; answers True once it is sent (or refused with a 4xx),
        False when ``timeout`` seconds pass first. None waits as long as it takes."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._flush_requested = True
            self._lock.notify_all()
            while self._queue or self._in_flight:
                if self._stopping and not self._worker.is_alive():
                    return False
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(remaining if remaining is not None else 1.0)
            return True

    def close(self, timeout=10.0):
        """Flushes for up to ``timeout`` seconds, then stops the background thread. Later calls
        to ``log_prediction`` raise ``RuntimeError``. Answers True when nothing was left unsent;
        what is left is counted as ``unsent`` and logged."""
        with self._lock:
            if self._closed:
                return not self._queue and not self._in_flight
            self._closed = True
        try:
            atexit.unregister(self._close_at_exit)
        except Exception:  # pragma: no cover - atexit.unregister does not raise in CPython
            pass
        done = self.flush(timeout)
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._worker.join(max(self.request_timeout, 1.0) + 1.0)
        with self._lock:
            self._counts["unsent"] += len(self._queue) + self._in_flight
            self._queue.clear()
            unsent = self._counts["unsent"]
        if unsent:
            log.warning("scorewatch client closed with %d item(s) not sent to %s", unsent, self.base_url)
        return done and not unsent

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close(self.exit_timeout)

    def stats(self):
        """Counters: ``queued``, ``sent``, ``duplicates`` (items the service already had),
        ``dropped`` (no room in the queue), ``rejected`` (refused with a 4xx), ``retries``
        (requests sent again), ``unsent`` (left at close), and ``pending`` (waiting now)."""
        with self._lock:
            counts = {k: self._counts[k] for k in
                      ("queued", "sent", "duplicates", "dropped", "rejected", "retries", "unsent")}
            counts["pending"] = len(self._queue) + self._in_flight
            return counts

    @property
    def dropped(self):
        """Items dropped because the queue was full."""
        with self._lock:
            return self._counts["dropped"]

    def _close_at_exit(self):
        if not self.close(self.exit_timeout):
            log.warning("scorewatch client: the exit left items unsent; see stats()")

    # ------------------------------------------------------------------ queue

    def _put(self, kind, item):
        with self._lock:
            if self._closed:
                raise RuntimeError("the scorewatch client is closed")
            if len(self._queue) >= self.max_queue_size and self.on_full == BLOCK:
                deadline = time.monotonic() + self.block_timeout
                while len(self._queue) >= self.max_queue_size and not self._closed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._lock.wait(remaining)
            if len(self._queue) >= self.max_queue_size:
                self._counts["dropped"] += 1
                if self._counts["dropped"] == 1 or self._counts["dropped"] % 1000 == 0:
                    log.warning("scorewatch client queue is full (%d items): %d item(s) dropped so far",
                                self.max_queue_size, self._counts["dropped"])
                return False
            self._queue.append((kind, item))
            self._counts["queued"] += 1
            if len(self._queue) == 1 or len(self._queue) >= self.batch_size:
                self._lock.notify_all()  # the sender starts the flush interval, or sends a full batch
            return True

    def _take(self):
        """Waits for a batch's worth of items, the flush interval or a flush; answers up to
        ``batch_size`` items from the head of the queue, or none once the client stops (what is
        still queued then is counted by ``close``)."""
        with self._lock:
            first_seen = None
            while True:
                if self._stopping:
                    return []
                if self._queue:
                    if first_seen is None:
                        first_seen = time.monotonic()
                    waited = time.monotonic() - first_seen
                    if len(self._queue) >= self.batch_size or self._flush_requested or waited >= self.flush_interval:
                        break
                    self._lock.wait(self.flush_interval - waited)
                else:
                    self._flush_requested = False
                    self._lock.wait()
            count = min(self.batch_size, len(self._queue))
            items = [self._queue.popleft() for _ in range(count)]
            self._in_flight = count
            self._lock.notify_all()  # room for calls blocked on a full queue
            return items

    def _done(self, count):
        with self._lock:
            self._in_flight -= count
            self._lock.notify_all()

    # ------------------------------------------------------------------ sending

    def _run(self):
        while True:
            items = self._take()
            if not items:
                return
            # predictions first: an outcome in the same run of items then finds its prediction
            for kind in (_PREDICTION, _LABEL):
                payloads = [item for k, item in items if k == kind]
                if payloads:
                    try:
                        unsent = self._send(kind, payloads)
                    except Exception:  # the thread must outlive any surprise
                        log.exception("scorewatch client: sending %d %s item(s) failed", len(payloads), kind)
                        unsent = len(payloads)
                    if unsent:
                        self._count("unsent", unsent)
                    self._done(len(payloads))

    def _send(self, kind, payloads):
        """Posts one batch until it is stored or refused; gives up only when the client stops
        (``close`` after its flush timeout). Answers how many items were given up."""
        attempt = 0
        while payloads:
            status, body = self._post(_PATHS[kind], payloads)
            if status is not None and 200 <= status < 300:
                self._count("sent", len(payloads))
                duplicates = _field(body, "duplicates")
                if isinstance(duplicates, int) and duplicates:
                    self._count("duplicates", duplicates)
                return 0
            if status is not None and 400 <= status < 500 and status not in _RETRYABLE_4XX:
                payloads = self._refused(kind, status, body, payloads)
                attempt = 0
                continue
            attempt += 1
            delay = min(self.backoff_max, self.backoff_initial * (2 ** min(attempt - 1, 20)))
            delay = delay / 2 + random.uniform(0, delay / 2)
            with self._lock:
                if self._stopping:
                    return len(payloads)
                self._counts["retries"] += 1
                wake = time.monotonic() + delay
                while not self._stopping and time.monotonic() < wake:
                    self._lock.wait(wake - time.monotonic())
                if self._stopping:
                    return len(payloads)
        return 0

    def _refused(self, kind, status, body, payloads):
        """Logs a 4xx answer's problem; answers the items worth sending again: those the
        problem does not name, when it names the bad items of a batch (all or nothing)."""
        problem = body if isinstance(body, dict) else {}
        errors = problem.get("errors") if isinstance(problem.get("errors"), list) else []
        bad = {e.get("index") for e in errors if isinstance(e, dict) and isinstance(e.get("index"), int)}
        details = "; ".join("%s%s: %s" % (e.get("field"), "" if e.get("index") is None else "[%s]" % e.get("index"),
                                         e.get("message")) for e in errors if isinstance(e, dict))
        log.error("scorewatch refused %d %s item(s) with %d %s: %s%s", len(payloads), kind, status,
                  problem.get("title", ""), problem.get("detail", body if isinstance(body, str) else ""),
                  (" (" + details + ")") if details else "")
        if status == 400 and bad and len(bad) < len(payloads):
            self._count("rejected", len(bad))
            return [p for i, p in enumerate(payloads) if i not in bad]
        self._count("rejected", len(payloads))
        return []

    def _post(self, path, payloads):
        """Answers (status, parsed body) or (None, None) when the service could not be reached."""
        data = json.dumps(payloads, allow_nan=False, default=_json_default).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json, application/problem+json",
            "X-API-Key": self._api_key, "User-Agent": "scorewatch-client-python/" + __version__})
        try:
            with urllib.request.urlopen(request, timeout=self.request_timeout) as response:
                return response.status, _parse(response.read())
        except urllib.error.HTTPError as e:
            try:
                return e.code, _parse(e.read())
            finally:
                e.close()
        except (urllib.error.URLError, http.client.HTTPException, OSError, socket.timeout) as e:
            log.debug("scorewatch at %s unreachable: %s", self.base_url, e)
            return None, None

    def _count(self, name, n):
        with self._lock:
            self._counts[name] += n


class ScorewatchHandler(logging.Handler):
    """A logging handler that ships the monitoring guide's JSON log lines to scorewatch.

    A record whose message is a JSON object with ``probability`` (the guide's ``log_prediction``
    entry) is queued as a prediction, with its fields unchanged and a generated
    ``prediction_id`` when it has none; one with ``actual_default`` is queued as an outcome.
    Other records are ignored. Add it beside the file handler the guide configures::

        logging.getLogger().addHandler(ScorewatchHandler(client))
    """

    def __init__(self, client, level=logging.INFO):
        super().__init__(level)
        self.client = client

    def emit(self, record):
        try:
            message = record.getMessage()
            if not message.lstrip().startswith("{"):
                return
            entry = json.loads(message)
            if not isinstance(entry, dict):
                return
            if "probability" in entry:
                item = dict(entry)
                item.setdefault("prediction_id", new_prediction_id())
                if self.client.model is not None:
                    item.setdefault("model", self.client.model)
                if self.client.model_version is not None:
                    item.setdefault("model_version", self.client.model_version)
                if "features" in item and isinstance(item["features"], dict):
                    item["features"] = _features(item["features"])
                self.client._put(_PREDICTION, item)
            elif "actual_default" in entry:
                self.client._put(_LABEL, dict(entry))
        except Exception:
            self.handleError(record)


# ---------------------------------------------------------------------- helpers

def _now():
    return _dt.datetime.now(_dt.timezone.utc).isoformat()


def _iso(value):
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).isoformat()
    return str(value)


def _features(features):
    """A copy of the features that JSON can carry: NaN and infinities as None (missing), numpy
    scalars as Python numbers."""
    if features is None:
        return None
    copy = {}
    for name, value in features.items():
        if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        copy[str(name)] = value
    return copy


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def _parse(raw):
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def _field(body, name):
    return body.get(name) if isinstance(body, dict) else None
