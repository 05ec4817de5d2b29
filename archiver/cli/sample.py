"""``archiver sample serve``: serve the bundled sample liveblog (static or live) until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from archiver.cli.exitcodes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0..65535, not {port}")
    return port


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {value}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sample_command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve", help="serve the sample liveblog until Ctrl-C",
        description="Serve the bundled sample liveblog: the news site on HOST:PORT and the "
                    "embed platform on localhost:PORT (same server).")
    serve.add_argument("--port", type=_port, default=8000,
                       help="port to listen on (default 8000; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--live", action="store_true",
                       help="play the liveblog as it unfolded: entries appear, one is edited, "
                            "one is deleted, then it closes")
    serve.add_argument("--speed", type=_positive, default=60.0,
                       help="with --live: liveblog seconds per wall second (default 60: the "
                            "9.5 hours of the script take 9.5 minutes)")
    serve.add_argument("--poll-interval", type=_positive, default=10.0, metavar="SECONDS",
                       help="how often the page asks for updates (default 10)")
    serve.add_argument("--hang-tweet", action="append", default=[], metavar="ID",
                       help="tweet id whose JSON never answers (repeatable), to try timeouts")


def run(args: argparse.Namespace) -> int:
    if args.sample_command != "serve":
        print("archiver: usage: archiver sample serve [--port N] [--host H] [--live] "
              "[--speed N]", file=sys.stderr)
        return EXIT_USAGE
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    from archiver.sample.server import PortInUseError, SampleServer

    server = SampleServer(args.host, args.port, live=args.live, speed=args.speed,
                          poll_interval=args.poll_interval, hang_tweets=args.hang_tweet)
    try:
        server.start()
    except PortInUseError as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"archiver: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_FAILURE
    stopped = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_term)
    mode = f"live, speed {args.speed:g}" if args.live else "static"
    print(f"Sample liveblog ({mode}): {server.liveblog_url}", flush=True)
    print(f"Embed platform: {server.embed_base_url}/embed/widgets.js", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stopped.wait(0.25):
            if args.live:
                for step in server.live.newly_reached():
                    print(f"[{step.time}] step {step.index}: "
                          f"{server.live.script.describe(step)}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("Stopped.", flush=True)
    return EXIT_OK
