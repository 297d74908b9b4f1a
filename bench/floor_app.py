"""The floor for bench/submit.py: the least a durable submit can cost here.

A bare Flask endpoint that appends the request body to one file under an exclusive
file lock and fsyncs it, and does nothing else: no parsing, no validation, no
de-duplication. Served by the same gunicorn as the app, it measures what the machine,
gunicorn and one fsync per request allow.

    FLOOR_FILE=/tmp/floor.jsonl gunicorn --workers 4 floor_app:app   (from bench/)
"""
import fcntl
import os

from flask import Flask, request

app = Flask(__name__)
PATH = os.environ.get("FLOOR_FILE", "floor.jsonl")


@app.post("/submit")
def submit():
    body = request.get_data() + b"\n"
    fd = os.open(PATH, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)  # drops the lock
    return '{"stored": true}', 201, {"Content-Type": "application/json"}
