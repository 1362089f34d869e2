"""``saidwhat serve`` and the server's failure paths: loopback warning, 500s, store errors."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import webcorpus
from saidwhat.cli.web_cmds import is_loopback
from saidwhat.web.app import create_app


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)],
)
def test_is_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def _serve_stderr(db: Path, host: str) -> str:
    from test_browser import free_port  # the browser tests' helper

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from saidwhat.cli import main; main()", "serve", "--db", str(db), "--host", host, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            import socket

            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    return err


def test_serve_warns_when_binding_wider_than_loopback(tmp_path: Path) -> None:
    db = webcorpus.build_handmade_db(tmp_path / "c.db")
    wide = _serve_stderr(db, "0.0.0.0")
    assert "Warning: binding to 0.0.0.0, so other machines can reach this server (read-only: no --token)." in wide
    local = _serve_stderr(db, "127.0.0.1")
    assert "Warning" not in local
    assert f"Serving {db} at http://127.0.0.1:" in local and "(read-only)" in local


class BrokenStore:
    """A store whose reads fail with a bug (not a SaidwhatError)."""

    def stats(self) -> dict:
        raise RuntimeError("boom: a bug in a store method")

    def article(self, doc_pk: int) -> None:
        return None


class BrokenProvider:
    def get(self) -> BrokenStore:
        return BrokenStore()

    def close(self) -> None:
        pass


def test_only_500s_log_a_traceback(tmp_path: Path, settings, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    app = create_app(replace(settings, db=str(tmp_path / "x.db")))
    app.state.stores = BrokenProvider()
    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="saidwhat.web"):
        missing = client.get("/api/articles/5")
        assert missing.status_code == 404
        assert caplog.records == []
        bug = client.get("/api/stats")
    assert bug.status_code == 500
    assert bug.json() == {
        "ok": False, "status": 500,
        "error": "Internal server error (this is a bug; the server log has the traceback).",
    }
    assert "boom" not in bug.text  # no internals leak to the client
    (record,) = caplog.records
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])
    page = client.get("/")
    assert page.status_code == 500 and "<h1>Error 500</h1>" in page.text


def test_unopenable_store_is_a_clear_error(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "adir"
    folder.mkdir()
    client = TestClient(create_app(replace(settings, db=str(folder))), raise_server_exceptions=False)
    response = client.get("/api/stats")
    assert response.status_code == 503
    assert response.json()["error"].startswith(f"Cannot open database {folder}: it is a folder")


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from saidwhat.cli import app

    missing = tmp_path / "nope.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert f"Error: Database {missing} does not exist. Create it with: saidwhat ingest PATH --db {missing}" in result.output
    assert not missing.exists()


def test_serve_on_a_busy_port_fails_before_serving(tmp_path: Path) -> None:
    import socket

    from typer.testing import CliRunner

    from saidwhat.cli import app

    db = webcorpus.build_handmade_db(tmp_path / "c.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    assert "Serving" not in result.output
    assert result.stderr.startswith(f"Error: Cannot serve on 127.0.0.1:{port}: Address already in use.")


def test_loopback_server_refuses_foreign_host_names(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    db = webcorpus.build_handmade_db(tmp_path / "c.db")
    app = create_app(replace(settings, db=str(db)), allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    good = TestClient(app, base_url="http://127.0.0.1:8000")
    assert good.get("/api/stats").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/stats").status_code == 200
    evil = TestClient(app, base_url="http://attacker.example:8000")
    response = evil.get("/api/stats")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "status": 400, "error": "Unknown Host header 'attacker.example:8000'."}
