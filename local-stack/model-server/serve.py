#!/usr/bin/env python3
"""Serves a GGUF model on loopback through llama.cpp's own HTTP server (the `xllamacpp` wheel):
OpenAI-compatible `POST /v1/chat/completions` (with `response_format` JSON schemas), `GET
/v1/models` and `GET /health`. xllamacpp has no command-line entry point; this is it.

scripts/install.sh installs xllamacpp into $TRIBUTARY_HOME/venv and the model file into
$TRIBUTARY_HOME/models; scripts/stack.sh starts this script. It runs until SIGTERM or SIGINT,
and leaves at once then (the server's threads would otherwise keep the process alive).
"""

import argparse
import os
import signal
import threading

import xllamacpp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="path of the .gguf file")
    ap.add_argument("--alias", default="smollm2-135m-instruct",
                    help="the model's name in /v1/models and in answers")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--ctx", type=int, default=8192, help="context tokens, shared by the slots")
    ap.add_argument("--parallel", type=int, default=2, help="requests decoded at once (slots)")
    ap.add_argument("--threads", type=int, default=2, help="CPU threads")
    a = ap.parse_args()

    params = xllamacpp.CommonParams()
    params.model.path = a.model
    params.model_alias = {a.alias}
    params.hostnames = [a.host]
    params.port = a.port
    params.n_ctx = a.ctx
    params.n_parallel = a.parallel
    params.cpuparams.n_threads = a.threads
    params.cpuparams_batch.n_threads = a.threads

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: os._exit(0))
    server = xllamacpp.Server(params)  # listens until the process ends
    print(f"model server: {a.alias} on http://{a.host}:{a.port}", flush=True)
    threading.Event().wait()
    del server


if __name__ == "__main__":
    main()
