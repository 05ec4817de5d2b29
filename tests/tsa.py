"""A local RFC 3161 time-stamping authority for tests: a throw-away CA made with openssl,
``openssl ts -reply`` answering queries, behind a tiny HTTP server on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

OPENSSL = shutil.which("openssl") or "openssl"

TS_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

TSA_EXT = """\
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(*args: str | Path, cwd: Path) -> None:
    result = subprocess.run([OPENSSL, *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(map(str, args))} failed: {result.stderr}")


def make_ca(directory: Path, name: str = "Test TSA") -> None:
    """ca.pem/ca.key (root) and tsa.pem/tsa.key (time stamping) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
             "-subj", f"/CN={name} Root CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    _openssl("req", *ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", f"/CN={name}",
             cwd=directory)
    (directory / "tsa.ext").write_text(TSA_EXT, encoding="ascii")
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tsa.pem", "-days", "3650", "-extfile", "tsa.ext",
             cwd=directory)
    (directory / "serial").write_text("01\n", encoding="ascii")
    (directory / "ts.cnf").write_text(TS_CONFIG.format(dir=directory), encoding="ascii")


class LocalTSA:
    """``with LocalTSA(tmp) as tsa: tsa.url, tsa.ca_file``; every query is answered by
    ``openssl ts -reply`` with the throw-away TSA key. ``requests`` counts the queries."""

    def __init__(self, directory: Path, name: str = "Test TSA") -> None:
        self.dir = directory
        make_ca(directory, name)
        self.ca_file = directory / "ca.pem"
        self.tsa_cert = directory / "tsa.pem"
        self.requests = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def reply(self, query: bytes) -> bytes:
        with self._lock:
            self.requests += 1
            number = self.requests
            query_file = self.dir / f"q{number}.tsq"
            reply_file = self.dir / f"r{number}.tsr"
            query_file.write_bytes(query)
            _openssl("ts", "-reply", "-config", self.dir / "ts.cnf", "-queryfile", query_file,
                     "-out", reply_file, cwd=self.dir)
            return reply_file.read_bytes()

    def stamp_file(self, data: bytes) -> bytes:
        """A reply for arbitrary data, made the way a client would (for tamper tests)."""
        data_file = self.dir / "data.bin"
        data_file.write_bytes(data)
        _openssl("ts", "-query", "-data", data_file, "-sha256", "-cert", "-out",
                 self.dir / "own.tsq", cwd=self.dir)
        return self.reply((self.dir / "own.tsq").read_bytes())

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsr"

    def __enter__(self) -> LocalTSA:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                query = self.rfile.read(length)
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415, "want application/timestamp-query")
                    return
                try:
                    body = tsa.reply(query)
                except RuntimeError as exc:
                    self.send_error(500, str(exc)[:200])
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)


def openssl_ts_verify(data_file: Path, reply_file: Path, ca_file: Path,
                      untrusted: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``openssl ts -verify -data FILE -in REPLY -CAfile CA`` (the outside judge)."""
    args = [OPENSSL, "ts", "-verify", "-data", str(data_file), "-in", str(reply_file),
            "-CAfile", str(ca_file)]
    if untrusted is not None:
        args += ["-untrusted", str(untrusted)]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
