"""Unit tests of scorewatch_client against a real HTTP peer on loopback.

Run from clients/python: ``python3 -m unittest discover -s tests -v``
"""

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import scorewatch_client  # noqa: E402
from scorewatch_client import BLOCK, ScorewatchClient, ScorewatchHandler  # noqa: E402
from peer import Peer, free_port  # noqa: E402

PREDICTIONS = "/api/v1/predictions/batch"
LABELS = "/api/v1/ground-truth/batch"
FEATURES = {"AMT_CREDIT": 406597.5, "AGE": 41, "NAME_CONTRACT_TYPE": "Cash loans", "EXT_SOURCE_1": None}


def fast(url, **options):
    """A client with short waits, so that the tests run in well under a minute."""
    settings = dict(api_key="k-ingest", flush_interval=0.05, backoff_initial=0.05, backoff_max=0.2,
                    request_timeout=5.0, exit_timeout=0)
    settings.update(options)
    return ScorewatchClient(url, **settings)


class Base(unittest.TestCase):

    def setUp(self):
        self.peer = Peer()
        self.addCleanup(self.peer.close)

    def client(self, **options):
        client = fast(self.peer.url, **options)
        self.addCleanup(client.close, 5)
        return client


class BatchingTests(Base):

    def test_predictions_are_posted_as_one_json_array_with_the_key_and_a_uuid_each(self):
        # ids that follow time: version 7, the millisecond in the first 48 bits
        before = int(time.time() * 1000)
        made = uuid.UUID(scorewatch_client.new_prediction_id())
        self.assertEqual(7, made.version)
        self.assertEqual(uuid.RFC_4122, made.variant)
        self.assertLessEqual(before, made.int >> 80)
        self.assertLess(made.int >> 80, before + 60_000)
        client = self.client(batch_size=100, flush_interval=5)
        ids = [client.log_prediction("c-%d" % i, FEATURES, i % 2, 0.1 * i) for i in range(5)]

        self.assertTrue(client.flush(10))

        requests = self.peer.requests
        self.assertEqual(1, len(requests), requests)
        self.assertEqual(PREDICTIONS, requests[0].path)
        self.assertEqual("k-ingest", requests[0].headers["X-API-Key"])
        self.assertEqual("application/json", requests[0].headers["Content-Type"])
        items = requests[0].json()
        self.assertEqual(ids, [item["prediction_id"] for item in items])
        for item in items:
            self.assertEqual(7, uuid.UUID(item["prediction_id"]).version)
        self.assertEqual({"prediction_id", "timestamp", "client_id", "prediction", "probability", "features"},
                         set(items[3]))
        self.assertEqual(("c-3", 1, 0.30000000000000004, FEATURES),
                         (items[3]["client_id"], items[3]["prediction"], items[3]["probability"],
                          items[3]["features"]))
        self.assertRegex(items[0]["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$")
        self.assertEqual(5, client.stats()["sent"])

    def test_a_full_batch_is_sent_without_waiting_for_the_interval(self):
        client = self.client(batch_size=3, flush_interval=60)
        for i in range(3):
            client.log_prediction("c-%d" % i, {}, 0, 0.2)

        requests = self.peer.await_requests(lambda rs: len(rs) == 1, timeout=5)

        self.assertEqual(3, len(requests[0].json()))

    def test_a_lone_item_is_sent_after_the_flush_interval(self):
        client = self.client(batch_size=100, flush_interval=0.2)
        client.log_prediction("c-1", {}, 0, 0.2)

        self.peer.await_requests(lambda rs: len(rs) == 1, timeout=5)

    def test_optional_fields_are_sent_as_given(self):
        client = self.client(model="credit-scoring", model_version="1.4.0", tags={"channel": "web"})
        given = client.log_prediction("c-1", FEATURES, 1, 0.7, "2026-01-05T10:30:00", prediction_id="p-1",
                                      tags={"region": "north"}, latency_ms=12.5)
        client.log_prediction("c-2", FEATURES, 0, 0.1, model="challenger", model_version="2.0")
        self.assertTrue(client.flush(10))

        first, second = self.peer.items(PREDICTIONS)
        self.assertEqual("p-1", given)
        self.assertEqual({"prediction_id": "p-1", "timestamp": "2026-01-05T10:30:00", "client_id": "c-1",
                          "prediction": 1, "probability": 0.7, "features": FEATURES, "model": "credit-scoring",
                          "model_version": "1.4.0", "tags": {"channel": "web", "region": "north"},
                          "latency_ms": 12.5}, first)
        self.assertEqual(("challenger", "2.0"), (second["model"], second["model_version"]))

    def test_not_a_number_features_are_sent_as_missing(self):
        client = self.client()
        client.log_prediction("c-1", {"a": float("nan"), "b": float("inf"), "c": 1.5}, 0, 0.2)
        self.assertTrue(client.flush(10))

        self.assertEqual({"a": None, "b": None, "c": 1.5}, self.peer.items(PREDICTIONS)[0]["features"])

    def test_invalid_arguments_fail_at_the_call_and_queue_nothing(self):
        client = self.client()
        for probability in (1.5, -0.1, float("nan")):
            with self.assertRaises(ValueError):
                client.log_prediction("c-1", {}, 0, probability)
        with self.assertRaises(ValueError):
            client.log_prediction("c-1", {}, 2, 0.5)
        with self.assertRaises(ValueError):
            client.collect_ground_truth("c-1", 3)
        with self.assertRaises(ValueError):
            client.collect_ground_truth(None, 1)

        self.assertEqual(0, client.stats()["queued"])


class GroundTruthTests(Base):

    def test_outcomes_are_posted_by_client_id_after_the_predictions_queued_before_them(self):
        client = self.client(batch_size=100, flush_interval=5)
        client.log_prediction("c-1", FEATURES, 0, 0.2)
        self.assertTrue(client.collect_ground_truth("c-1", 1, 94))
        client.log_prediction("c-2", FEATURES, 0, 0.2)
        self.assertTrue(client.collect_ground_truth("c-2", 0))
        client.collect_ground_truth(None, 1, prediction_id="p-9", timestamp="2026-02-01T00:00:00Z")
        self.assertTrue(client.flush(10))

        paths = [r.path for r in self.peer.requests]
        self.assertEqual([PREDICTIONS, LABELS], paths)
        labels = self.peer.items(LABELS)
        self.assertEqual(["c-1", "c-2"], [label.get("client_id") for label in labels[:2]])
        self.assertEqual({"client_id", "actual_default", "days_to_default", "timestamp"}, set(labels[0]))
        self.assertEqual((1, 94), (labels[0]["actual_default"], labels[0]["days_to_default"]))
        self.assertNotIn("days_to_default", labels[1])
        self.assertEqual({"prediction_id": "p-9", "actual_default": 1, "timestamp": "2026-02-01T00:00:00Z"},
                         labels[2])


class RetryTests(Base):

    def test_a_5xx_is_retried_with_the_same_prediction_ids_until_it_is_stored(self):
        client = self.client()
        self.peer.answer_next(503, {"title": "Service Unavailable"})
        self.peer.answer_next(500, {"title": "Internal Server Error"})
        ids = [client.log_prediction("c-%d" % i, {}, 0, 0.2) for i in range(3)]

        self.assertTrue(client.flush(10))

        statuses = [r.status for r in self.peer.requests]
        self.assertEqual([503, 500, 202], statuses)
        for request in self.peer.requests:
            self.assertEqual(ids, [item["prediction_id"] for item in request.json()])
        self.assertEqual((3, 2, 0), (client.stats()["sent"], client.stats()["retries"], client.stats()["rejected"]))

    def test_duplicates_the_service_already_had_are_counted(self):
        client = self.client()
        self.peer.answer_next(202, {"accepted": 2, "duplicates": 2}, "application/json")
        client.log_prediction("c-1", {}, 0, 0.2, prediction_id="p-1")
        client.log_prediction("c-2", {}, 0, 0.2, prediction_id="p-2")
        self.assertTrue(client.flush(10))

        self.assertEqual(2, client.stats()["duplicates"])

    def test_an_unreachable_service_is_retried_until_it_listens(self):
        port = free_port()
        client = fast("http://127.0.0.1:%d" % port)
        self.addCleanup(client.close, 5)
        ids = [client.log_prediction("c-%d" % i, {}, 0, 0.2) for i in range(4)]
        client.collect_ground_truth("c-0", 1)

        self.assertFalse(client.flush(0.5))
        self.assertGreaterEqual(client.stats()["retries"], 1)
        self.assertEqual(5, client.stats()["pending"])

        late = Peer(port)
        self.addCleanup(late.close)
        self.assertTrue(client.flush(10))
        self.assertEqual(ids, [item["prediction_id"] for item in late.items(PREDICTIONS)])
        self.assertEqual(["c-0"], [item["client_id"] for item in late.items(LABELS)])
        self.assertEqual(0, client.stats()["pending"])

    def test_a_400_is_not_retried_and_its_problem_is_logged(self):
        client = self.client()
        self.peer.answer_next(400, {"title": "Bad Request", "detail": "The batch is invalid; nothing was stored.",
                                    "errors": [{"field": "probability", "message": "must be in [0, 1]"}]})
        client.log_prediction("c-1", {}, 0, 0.2)

        with self.assertLogs("scorewatch_client", logging.ERROR) as logs:
            self.assertTrue(client.flush(10))

        self.assertEqual(1, len(self.peer.requests))
        self.assertEqual(1, client.stats()["rejected"])
        self.assertIn("400", logs.output[0])
        self.assertIn("nothing was stored", logs.output[0])
        self.assertIn("probability: must be in [0, 1]", logs.output[0])

    def test_a_400_naming_bad_items_resends_the_others_once(self):
        client = self.client(batch_size=3, flush_interval=5)
        self.peer.answer_next(400, {"title": "Bad Request", "detail": "nothing was stored",
                                    "errors": [{"field": "features", "index": 1, "message": "too many"}]})
        ids = [client.log_prediction("c-%d" % i, {}, 0, 0.2) for i in range(3)]

        with self.assertLogs("scorewatch_client", logging.ERROR):
            self.assertTrue(client.flush(10))

        self.assertEqual([400, 202], [r.status for r in self.peer.requests])
        self.assertEqual([ids[0], ids[2]], [item["prediction_id"] for item in self.peer.items(PREDICTIONS)])
        self.assertEqual((2, 1, 0), (client.stats()["sent"], client.stats()["rejected"], client.stats()["retries"]))

    def test_a_401_drops_the_batch_without_retrying(self):
        client = self.client()
        self.peer.answer_next(401, {"title": "Unauthorized", "detail": "X-API-Key is not a known key"})
        client.collect_ground_truth("c-1", 0)

        with self.assertLogs("scorewatch_client", logging.ERROR) as logs:
            self.assertTrue(client.flush(10))

        self.assertEqual(1, len(self.peer.requests))
        self.assertEqual((1, 0), (client.stats()["rejected"], client.stats()["retries"]))
        self.assertIn("401", logs.output[0])


class QueueTests(unittest.TestCase):

    def unreachable(self, **options):
        client = fast("http://127.0.0.1:%d" % free_port(), **options)
        self.addCleanup(client.close, 0)
        return client

    def test_the_queue_holds_ten_thousand_items_by_default(self):
        self.assertEqual(10_000, ScorewatchClient("http://127.0.0.1:9", "k", exit_timeout=0).max_queue_size)

    def test_a_full_queue_drops_new_items_and_counts_them(self):
        client = self.unreachable(max_queue_size=3, flush_interval=60, batch_size=100)
        kept = [client.log_prediction("c-%d" % i, {}, 0, 0.2) for i in range(3)]

        with self.assertLogs("scorewatch_client", logging.WARNING):
            self.assertIsNone(client.log_prediction("c-4", {}, 0, 0.2))
        self.assertFalse(client.collect_ground_truth("c-1", 1))

        self.assertNotIn(None, kept)
        self.assertEqual((2, 3), (client.dropped, client.stats()["pending"]))

    def test_a_blocking_queue_waits_for_room_up_to_its_timeout_then_drops(self):
        client = self.unreachable(max_queue_size=1, batch_size=1, on_full=BLOCK, block_timeout=0.3)
        client.log_prediction("c-1", {}, 0, 0.2)  # taken by the sender, which retries it
        deadline = time.monotonic() + 5
        while client.stats()["pending"] == 1 and client._queue and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(0, len(client._queue), "the sender took the first item")
        self.assertIsNotNone(client.log_prediction("c-2", {}, 0, 0.2))  # fills the queue

        started = time.monotonic()
        with self.assertLogs("scorewatch_client", logging.WARNING):
            self.assertIsNone(client.log_prediction("c-3", {}, 0, 0.2))

        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertEqual(1, client.dropped)

    def test_a_blocking_queue_lets_the_call_through_when_the_sender_makes_room(self):
        peer = Peer()
        self.addCleanup(peer.close)
        peer.hold.clear()  # the first request waits at the peer until released
        client = fast(peer.url, max_queue_size=1, batch_size=1, on_full=BLOCK, block_timeout=10)
        self.addCleanup(client.close, 5)
        client.log_prediction("c-1", {}, 0, 0.2)
        client.log_prediction("c-2", {}, 0, 0.2)  # the sender holds c-1, the queue holds c-2

        peer.hold.set()
        self.assertIsNotNone(client.log_prediction("c-3", {}, 0, 0.2))
        self.assertTrue(client.flush(10))

        self.assertEqual(["c-1", "c-2", "c-3"], [item["client_id"] for item in peer.items(PREDICTIONS)])
        self.assertEqual(0, client.dropped)


class LifecycleTests(unittest.TestCase):

    def test_close_sends_what_is_queued_and_later_calls_fail(self):
        peer = Peer()
        self.addCleanup(peer.close)
        client = fast(peer.url, flush_interval=60, batch_size=100)
        client.log_prediction("c-1", {}, 0, 0.2)

        self.assertTrue(client.close(10))

        self.assertEqual(1, len(peer.items(PREDICTIONS)))
        with self.assertRaises(RuntimeError):
            client.log_prediction("c-2", {}, 0, 0.2)

    def test_close_with_the_service_down_gives_up_after_its_timeout_and_counts_the_unsent(self):
        client = fast("http://127.0.0.1:%d" % free_port())
        for i in range(3):
            client.log_prediction("c-%d" % i, {}, 0, 0.2)

        with self.assertLogs("scorewatch_client", logging.WARNING) as logs:
            self.assertFalse(client.close(0.3))

        self.assertEqual(3, client.stats()["unsent"])
        self.assertIn("3 item(s) not sent", logs.output[-1])

    def test_the_interpreter_exit_flushes_the_queue(self):
        peer = Peer()
        self.addCleanup(peer.close)
        script = textwrap.dedent("""
            import sys
            sys.path.insert(0, %r)
            from scorewatch_client import ScorewatchClient
            client = ScorewatchClient(%r, "k", flush_interval=60, batch_size=100, exit_timeout=10)
            client.log_prediction("c-exit", {"AGE": 41}, 0, 0.2)
            client.collect_ground_truth("c-exit", 1)
            # no flush, no close: the exit sends both
        """) % (os.path.dirname(HERE), peer.url)

        subprocess.run([sys.executable, "-c", script], check=True, timeout=60)

        self.assertEqual(["c-exit"], [item["client_id"] for item in peer.items(PREDICTIONS)])
        self.assertEqual(["c-exit"], [item["client_id"] for item in peer.items(LABELS)])


class HandlerTests(Base):

    def setUp(self):
        super().setUp()
        self.logger = logging.getLogger("guide-%s" % uuid.uuid4())
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False

    def test_the_guides_log_lines_are_shipped_unchanged_with_a_prediction_id(self):
        client = self.client(model_version="1.4.0")
        self.logger.addHandler(ScorewatchHandler(client))
        entry = {"timestamp": "2026-01-05T10:30:00.123456", "client_id": "100002", "prediction": 0,
                 "probability": 0.1234, "features": FEATURES}

        self.logger.info(json.dumps(entry))  # the guide's log_prediction
        self.logger.info("model loaded")  # not JSON: not sent
        self.logger.info(json.dumps({"client_id": "100002", "actual_default": 1, "days_to_default": 30}))
        self.logger.debug(json.dumps(entry))  # below the handler's level
        self.assertTrue(client.flush(10))

        (sent,) = self.peer.items(PREDICTIONS)
        self.assertEqual(7, uuid.UUID(sent.pop("prediction_id")).version)
        self.assertEqual("1.4.0", sent.pop("model_version"))
        self.assertEqual(entry, sent)
        self.assertEqual([{"client_id": "100002", "actual_default": 1, "days_to_default": 30}],
                         self.peer.items(LABELS))

    def test_an_entry_with_its_own_prediction_id_keeps_it(self):
        client = self.client()
        self.logger.addHandler(ScorewatchHandler(client))
        self.logger.info(json.dumps({"prediction_id": "p-7", "client_id": "1", "prediction": 0, "probability": 0.1,
                                     "features": {}}))
        self.assertTrue(client.flush(10))

        self.assertEqual("p-7", self.peer.items(PREDICTIONS)[0]["prediction_id"])


class ModuleTests(unittest.TestCase):

    def test_the_module_uses_the_standard_library_only(self):
        with open(scorewatch_client.__file__, encoding="utf-8") as source:
            imported = {line.split()[1].split(".")[0] for line in source
                        if line.startswith("import ") or line.startswith("from ")}
        standard = set(getattr(sys, "stdlib_module_names", imported))
        self.assertEqual(set(), imported - standard)


if __name__ == "__main__":
    unittest.main()
