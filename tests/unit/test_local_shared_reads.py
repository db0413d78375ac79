"""local/aws.py: the emulator's lock lets reads run side by side and a write run alone."""

from __future__ import annotations

import threading

from local.aws import SharedReads, _OneWriterAtATime

WAIT = 5.0  # seconds: only reached when the behaviour is broken


def test_given_a_reader_inside_then_another_reader_enters_at_once():
    lock = SharedReads()
    inside, second_in = threading.Event(), threading.Event()
    release = threading.Event()

    def first() -> None:
        with lock.reading():
            inside.set()
            release.wait(WAIT)

    def second() -> None:
        with lock.reading():
            second_in.set()

    t1 = threading.Thread(target=first)
    t1.start()
    assert inside.wait(WAIT)
    t2 = threading.Thread(target=second)
    t2.start()

    assert second_in.wait(WAIT)  # while the first reader still holds the lock
    release.set()
    t1.join(), t2.join()


def test_given_a_reader_inside_then_a_writer_waits_and_later_readers_queue_behind_it():
    lock = SharedReads()
    order: list[str] = []
    inside, release = threading.Event(), threading.Event()

    def reader(name: str, hold: bool) -> None:
        with lock.reading():
            order.append(name)
            if hold:
                inside.set()
                release.wait(WAIT)

    def writer() -> None:
        with lock.writing():
            order.append("writer")

    first = threading.Thread(target=reader, args=("first reader", True))
    first.start()
    assert inside.wait(WAIT)
    write = threading.Thread(target=writer)
    write.start()
    while not lock._writers_waiting:  # the writer is queued
        threading.Event().wait(0.001)
    late = threading.Thread(target=reader, args=("late reader", False))
    late.start()
    assert order == ["first reader"]  # neither the writer nor the late reader got in meanwhile

    release.set()
    for t in (first, write, late):
        t.join(WAIT)
    assert order == ["first reader", "writer", "late reader"]


def test_reads_and_writes_are_told_apart_by_method_and_target():
    gate = _OneWriterAtATime(lambda environ, start: [])
    read = {"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.Query"}
    write = {"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.TransactWriteItems"}
    query_protocol = {"REQUEST_METHOD": "POST"}  # SES, IAM...: the action is in the body, so it counts as a write

    assert [gate.is_read(e) for e in (read, write, query_protocol, {"REQUEST_METHOD": "GET"})] == [
        True,
        False,
        False,
        True,
    ]
    for environ in (read, write, query_protocol):
        gate(environ, lambda *_: None)
    assert gate.changes == 2
