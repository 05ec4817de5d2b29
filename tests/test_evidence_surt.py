"""Our SURT keys against the surt library cdxj-indexer and pywb use (the judges' venv)."""

from __future__ import annotations

import json
import subprocess

import pytest
from judges.venvs import WACZ, judge_program

from archiver.evidence.surt import surt

URLS = [
    "http://127.0.0.1:34293/privacy-gate/consent?callbackUrl=http%3A%2F%2F127.0.0.1%3A34293%2F",
    "urn:dom:http://localhost:34293/embed/tweet.html?id=1018743468334239772",
    "urn:screenshot:https://www.nu.nl/liveblog/123/",
    "http://www.Example.com:80/A/b/../c/./d/?b=2&a=1#frag",
    "https://www.nu.nl/", "https://nu.nl", "http://example.com", "https://x.com:8443/a b?c=%20d",
    "http://www2.example.com/index.html?jsessionid=0123456789abcdef0123456789abcdef&x=1",
    "https://münchen.de/straße?q=ü", "https://EXAMPLE.com/%7Euser/%41", "http://2130706433/",
    "https://www.theguardian.com/world/live/2024/jan/01/news-live?page=with:block-65a&filterKey=x",
    "https://example.com/?", "https://example.com/path//double/", "http://[::1]:8080/x",
    "https://example.com/a?b&a=&c=3", "ftp://files.example.com/pub/file.txt",
    "https://example.com/%2Fslash%252F", "http://user:pass@example.com/private",
]


@pytest.mark.judge
def test_same_keys_as_the_surt_library() -> None:
    python = judge_program(WACZ, "python")
    script = "import json,sys,surt; print(json.dumps([surt.surt(u) for u in json.load(sys.stdin)]))"
    done = subprocess.run([str(python), "-c", script], input=json.dumps(URLS),
                          capture_output=True, text=True, check=True, timeout=120)
    theirs = json.loads(done.stdout)
    ours = [surt(u) for u in URLS]
    assert ours == theirs, [(u, o, t) for u, o, t in zip(URLS, ours, theirs, strict=True)
                            if o != t]


def test_known_keys() -> None:
    assert surt("https://www.nu.nl/liveblog/") == "nl,nu)/liveblog"
    assert surt("http://127.0.0.1:8080/a?b=2&a=1") == "1,0,0,127:8080)/a?a=1&b=2"
    assert surt("") == "-"
    assert surt("http://bad:port/") == "http://bad:port/"
