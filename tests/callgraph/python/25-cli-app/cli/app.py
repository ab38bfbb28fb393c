import argparse

from . import output
from .commands import status, sync
from .config import Config

COMMANDS = {"sync": sync.run, "status": status.run}


def build_parser():
    parser = argparse.ArgumentParser(prog="tool")
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--config", default="tool.ini")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    config = Config.load(args.config)
    command = COMMANDS[args.command]
    code = command(config)
    output.info(f"{args.command} finished with {code}")
    return code
