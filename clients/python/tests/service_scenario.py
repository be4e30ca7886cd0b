"""The client against the running service, driven by io.scorewatch.clients.PythonClientIntegrationTests.

    python3 service_scenario.py BASE_URL INGEST_KEY EXPECTED_FILE

It talks with the test over stdin/stdout, one line each way:
  1. sends predictions and outcomes while the service is up, flushes, prints ``FLUSHED``;
  2. on ``DOWN`` (the test has stopped the service) queues more, waits until the client has
     retried at least once, prints ``RETRYING``;
  3. flushes until the test has started the service again, prints ``DONE`` and the client's
     counters as JSON.
EXPECTED_FILE then holds one line per prediction it sent: ``prediction_id actual_default``
(``-`` when it has no outcome).
"""

import datetime as dt
import json
import logging
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from scorewatch_client import ScorewatchClient, ScorewatchHandler  # noqa: E402

base_url, api_key, expected_path = sys.argv[1:4]
expected = {}  # prediction_id -> actual_default or None


def say(line):
    print(line, flush=True)


def wait_for(word):
    line = sys.stdin.readline().strip()
    if line != word:
        raise SystemExit("expected %r from the test, read %r" % (word, line))


def features(i):
    return {"AMT_CREDIT": 100_000.0 + 1_000 * i, "AGE": 20 + i % 50,
            "NAME_CONTRACT_TYPE": "Cash loans" if i % 3 else "Revolving loans", "EXT_SOURCE_1": None}


logging.basicConfig(level=logging.INFO, stream=sys.stderr)
client = ScorewatchClient(base_url, api_key, model_version="py-1", batch_size=40, flush_interval=0.2,
                          backoff_initial=0.2, backoff_max=1.0, request_timeout=5.0)

# 1. the service is up: the monitoring guide's two calls, as a model API makes them
a_ids = [client.log_prediction("py-a-%d" % i, features(i), i % 2, (i % 10) / 10 + 0.05) for i in range(100)]
for i in range(100):
    expected[a_ids[i]] = None
for i in range(0, 100, 2):
    client.collect_ground_truth("py-a-%d" % i, 1 if i % 4 == 0 else 0, 30 if i % 4 == 0 else None)
    expected[a_ids[i]] = 1 if i % 4 == 0 else 0
# an outcome joins the client's latest prediction at or before its own timestamp
now = dt.datetime.now(dt.timezone.utc)
earlier = client.log_prediction("py-join", features(1), 0, 0.2, now - dt.timedelta(hours=2))
later = client.log_prediction("py-join", features(2), 0, 0.25, now - dt.timedelta(hours=1))
client.collect_ground_truth("py-join", 1, 10, timestamp=now - dt.timedelta(minutes=90))
expected[earlier] = 1
expected[later] = None
# the guide's own log_prediction, whose JSON lines a handler ships unchanged
guide_log = logging.getLogger("predictions")
guide_log.propagate = False
guide_log.addHandler(ScorewatchHandler(client))
for i in range(5):
    guide_log.info(json.dumps({"timestamp": dt.datetime.now().isoformat(), "client_id": "py-log-%d" % i,
                               "prediction": 0, "probability": 0.12, "features": features(i)}))
if not client.flush(60):
    raise SystemExit("the first flush did not finish: %r" % client.stats())
say("FLUSHED " + json.dumps(client.stats()))

# 2. the service is down: calls still return at once, the sender retries
wait_for("DOWN")
started = time.monotonic()
b_ids = [client.log_prediction("py-b-%d" % i, features(i), i % 2, (i % 10) / 10 + 0.05) for i in range(150)]
for i in range(150):
    expected[b_ids[i]] = None
for i in range(0, 150, 3):
    client.collect_ground_truth("py-b-%d" % i, i % 2, None)
    expected[b_ids[i]] = i % 2
for i in range(1, 100, 2):  # outcomes of clients whose predictions the service stored before it stopped
    client.collect_ground_truth("py-a-%d" % i, 1, 45)
    expected[a_ids[i]] = 1
calls = time.monotonic() - started
deadline = time.monotonic() + 60
while client.stats()["retries"] < 1:
    if time.monotonic() > deadline:
        raise SystemExit("the client never retried: %r" % client.stats())
    time.sleep(0.05)
say("RETRYING %.3f" % calls)

# 3. the test starts the service again: the queue drains
if not client.flush(240):
    raise SystemExit("the queue did not drain once the service was back: %r" % client.stats())

with open(expected_path, "w", encoding="utf-8") as out:
    for pid, label in expected.items():
        out.write("%s %s\n" % (pid, "-" if label is None else label))
say("DONE " + json.dumps(client.stats()))
client.close(10)
