import sys

from formats.json_format import dump
from importers import csv_import, json_import


def parse(argv):
    return {"verbose": "-v" in argv}


def main():
    options = parse(sys.argv[1:])
    rows = csv_import.load("name,qty\npen,2\ncup,1")
    rows += json_import.load('{"rows": [["mug", "3"]]}')
    print(dump(rows) if options["verbose"] else len(rows))


if __name__ == "__main__":
    main()
