"""The in-process queue of due passes."""

from __future__ import annotations

import threading

from archiver.watch.queue import MemoryPassQueue, PassQueue


def test_due_order_and_claiming() -> None:
    queue: PassQueue = MemoryPassQueue()
    queue.put("b", 20.0)
    queue.put("a", 10.0)
    queue.put("c", 30.0)
    assert queue.next_due() == 10.0
    assert queue.take_due(5.0, 10) == []
    assert queue.take_due(25.0, 1) == ["a"]          # earliest first, at most `limit`
    assert queue.take_due(25.0, 5) == ["b"]           # claimed ones have left the queue
    queue.put("c", 15.0)                              # rescheduling replaces
    assert queue.due_times() == {"c": 15.0}
    queue.remove("c")
    assert queue.next_due() is None and queue.take_due(100.0, 5) == []


def test_two_workers_never_take_the_same_target() -> None:
    queue = MemoryPassQueue()
    for i in range(200):
        queue.put(f"t{i}", float(i))
    taken: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            got = queue.take_due(1000.0, 3)
            if not got:
                return
            with lock:
                taken.extend(got)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == sorted(f"t{i}" for i in range(200))
